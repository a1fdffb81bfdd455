#!/usr/bin/env python3
"""Reads a graph file kgrep wrote with a reader that is not kgrep's and prints
what that reader saw, as one JSON document (ASCII, so the caller's JSON parser
meets every character as an escape):

  {"nodes": [{"id", "label", "type", "aliases"}],
   "edges": [{"source", "target", "relation", "role", "evidence", "docs"}]}

A field the format does not carry is left out. List fields come back as lists.

  read_back.py READER FILE [FILE2]

READER is one of
  graphml, gexf        xml.etree (Python's expat-based parser)
  graphml-networkx,    networkx's read_graphml / read_gexf (exit 77 when
  gexf-networkx        networkx is missing)
  dot                  Graphviz's `dot -Tjson`: node names as Graphviz parsed
                       them, labels as Graphviz renders them (the text
                       operations of _ldraw_, lines joined by "\\n")
  json                 json, the node-link document (and its Cytoscape
                       `data`, which must agree with `attributes`)
  html                 html.parser finds <script id="kgrep-data">, then json
  facts                json, one record a line
  csv, csv-neo4j       csv (RFC 4180) on NODES and EDGES; csv-neo4j reads
                       neo4j-admin's header (name:type, :ID, :LABEL, :START_ID,
                       :END_ID, :TYPE), arrays split on U+001F, an unquoted
                       empty field as no value
"""
import csv
import html.parser
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

LIST_SEPARATOR = "; "
NEO4J_ARRAY_DELIMITER = "\x1f"


def split_list(text):
    return text.split(LIST_SEPARATOR) if text else []


def from_graphml(path):
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ElementTree.parse(path).getroot()
    names = {key.get("id"): key.get("attr.name") for key in root.findall("g:key", ns)}

    def data(element):
        return {names[d.get("key")]: d.text or "" for d in element.findall("g:data", ns)}

    graph = root.find("g:graph", ns)
    nodes = []
    for node in graph.findall("g:node", ns):
        values = data(node)
        nodes.append({"id": node.get("id"), "label": values.get("label", ""), "type": values.get("type", ""),
                      "aliases": split_list(values.get("aliases", ""))})
    edges = []
    for edge in graph.findall("g:edge", ns):
        values = data(edge)
        edges.append({"source": edge.get("source"), "target": edge.get("target"), "relation": values["relation"],
                      "role": split_list(values.get("role", "")), "evidence": values.get("evidence", ""),
                      "docs": split_list(values.get("docs", ""))})
    return nodes, edges


def from_gexf(path):
    ns = {"x": "http://gexf.net/1.3"}
    graph = ElementTree.parse(path).getroot().find("x:graph", ns)

    def attvalues(element):
        return {value.get("for"): value.get("value") for value in element.iterfind("x:attvalues/x:attvalue", ns)}

    nodes = []
    for node in graph.iterfind("x:nodes/x:node", ns):
        values = attvalues(node)
        nodes.append({"id": node.get("id"), "label": node.get("label"), "type": values["type"],
                      "aliases": split_list(values.get("aliases", ""))})
    edges = []
    for edge in graph.iterfind("x:edges/x:edge", ns):
        values = attvalues(edge)
        edges.append({"source": edge.get("source"), "target": edge.get("target"), "relation": edge.get("kind"),
                      "role": split_list(values.get("role", "")), "evidence": values.get("evidence", ""),
                      "docs": split_list(values.get("docs", ""))})
    return nodes, edges


def from_networkx(path, kind):
    try:
        import networkx
    except ImportError:
        print("networkx is not installed", file=sys.stderr)
        sys.exit(77)
    if kind == "graphml":
        graph = networkx.read_graphml(path)
    else:
        # networkx 2.8 reads GEXF up to 1.2draft, whose elements kgrep's 1.3 file uses alike.
        with open(path, encoding="utf-8") as stream:
            text = stream.read().replace("http://gexf.net/1.3", "http://www.gexf.net/1.2draft")
        graph = networkx.read_gexf(io.BytesIO(text.encode("utf-8")), node_type=str)
    nodes = [{"id": key, "label": data.get("label", ""), "type": data.get("type", ""),
              "aliases": split_list(data.get("aliases", ""))} for key, data in graph.nodes(data=True)]
    edges = [{"source": source, "target": target, "relation": data["relation"],
              "role": split_list(data.get("role", "")), "evidence": data.get("evidence", ""),
              "docs": split_list(data.get("docs", ""))} for source, target, data in graph.edges(data=True)]
    return nodes, edges


def from_dot(path):
    if not shutil.which("dot"):
        print("Graphviz's dot is not installed", file=sys.stderr)
        sys.exit(77)
    laid_out = json.loads(subprocess.run(["dot", "-Tjson", path], check=True, capture_output=True).stdout)

    def rendered(item):
        return "\n".join(op["text"] for op in item.get("_ldraw_", []) if op["op"] == "T")

    objects = laid_out.get("objects", [])
    nodes = [{"id": item["name"], "label": rendered(item), "type": item.get("type", "")}
             for item in objects if "nodes" not in item and not item["name"].startswith("kgrep_legend_")]
    name_of = {item["_gvid"]: item["name"] for item in objects if "nodes" not in item}
    edges = [{"source": name_of[item["tail"]], "target": name_of[item["head"]], "relation": item["relation"],
              "label": rendered(item)} for item in laid_out.get("edges", [])]
    return nodes, edges


def from_node_link(document):
    nodes, edges = [], []
    for node in document["nodes"]:
        attributes = node["attributes"]
        data = dict(node["data"])
        assert data.pop("id") == node["key"], node
        assert all(attributes[name] == value for name, value in data.items()), node
        nodes.append({"id": node["key"], "label": attributes["label"], "type": attributes["entity_type"],
                      "aliases": attributes["aliases"]})
    for edge in document["edges"]:
        attributes = edge["attributes"]
        data = edge["data"]
        assert (data["id"], data["source"], data["target"]) == (edge["key"], edge["source"], edge["target"]), edge
        assert all(attributes[name] == data[name] for name in ("relation", "role", "evidence", "docs")), edge
        edges.append({"source": edge["source"], "target": edge["target"], "relation": attributes["relation"],
                      "role": attributes["role"], "evidence": attributes["evidence"], "docs": attributes["docs"]})
    return nodes, edges


class DataScript(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and dict(attrs).get("id") == "kgrep-data"
        if self.inside:
            self.found.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.found[-1] += data


def from_html(path):
    parser = DataScript()
    with open(path, encoding="utf-8") as stream:
        parser.feed(stream.read())
    parser.close()
    assert len(parser.found) == 1, f"{len(parser.found)} data scripts"
    return from_node_link(json.loads(parser.found[0])["graph"])


def from_facts(path):
    nodes, edges = [], []
    with open(path, encoding="utf-8", newline="") as stream:
        lines = stream.read().split("\n")
    assert lines.pop() == "", "the stream ends with a line break"
    header = json.loads(lines[0])
    assert header["kgrep"] == "facts" and isinstance(header["version"], int), header
    for line in lines[1:]:
        record = json.loads(line)
        if record["record"] == "entity":
            nodes.append({"id": record["id"], "label": record["label"], "type": record["type"],
                          "aliases": record["aliases"]})
        else:
            edges.append({"source": record["subject"], "target": record["object"], "relation": record["relation"],
                          "role": record["roles"], "evidence": record["evidence"]["sentence"], "docs": record["docs"]})
    return nodes, edges


def csv_rows(path):
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, strict=True))


def from_gephi_csv(nodes_path, edges_path):
    nodes = [{"id": row["Id"], "label": row["Label"], "type": row["type"], "aliases": split_list(row["aliases"])}
             for row in csv_rows(nodes_path)]
    edges = [{"source": row["Source"], "target": row["Target"], "relation": row["relation"],
              "role": split_list(row["role"]), "evidence": row["evidence"], "docs": split_list(row["docs"])}
             for row in csv_rows(edges_path)]
    return nodes, edges


def neo4j_rows(path):
    """Rows as neo4j-admin reads them: typed header fields, quoted strings kept
    whole, an unquoted empty field as no value, arrays split on U+001F."""
    with open(path, encoding="utf-8", newline="") as stream:
        text = stream.read()
    records, field, row, quoted, was_quoted, k = [], "", [], False, False, 0
    while k < len(text):
        ch = text[k]
        if quoted:
            if ch == '"' and text[k + 1:k + 2] == '"':
                field += '"'
                k += 1
            elif ch == '"':
                quoted = False
            else:
                field += ch
        elif ch == '"':
            assert field == "", f"a quote inside an unquoted field at byte {k}"
            quoted = was_quoted = True
        elif ch in ",\n":
            row.append(field if was_quoted or field else None)
            field, was_quoted = "", False
            if ch == "\n":
                records.append(row)
                row = []
        else:
            field += ch
        k += 1
    assert not quoted and field == "" and not row, "the file ends inside a record"
    header, rows = records[0], []
    for record in records[1:]:
        assert len(record) == len(header), (header, record)
        values = {}
        for column, value in zip(header, record):
            name, _, kind = column.partition(":")
            if value is None:
                continue
            values[name or ":" + kind] = value.split(NEO4J_ARRAY_DELIMITER) if kind.endswith("[]") else value
        rows.append(values)
    return header, rows


def from_neo4j_csv(nodes_path, edges_path):
    _, node_rows = neo4j_rows(nodes_path)
    _, edge_rows = neo4j_rows(edges_path)
    nodes = [{"id": row["id"], "label": row.get("label", ""), "type": row[":LABEL"],
              "aliases": row.get("aliases", [])} for row in node_rows]
    edges = [{"source": row[":START_ID"], "target": row[":END_ID"], "relation": row[":TYPE"],
              "role": row.get("role", []), "evidence": row.get("evidence", ""), "docs": row.get("docs", [])}
             for row in edge_rows]
    return nodes, edges


def main():
    reader, paths = sys.argv[1], sys.argv[2:]
    readers = {
        "graphml": lambda: from_graphml(paths[0]),
        "graphml-networkx": lambda: from_networkx(paths[0], "graphml"),
        "gexf": lambda: from_gexf(paths[0]),
        "gexf-networkx": lambda: from_networkx(paths[0], "gexf"),
        "dot": lambda: from_dot(paths[0]),
        "json": lambda: from_node_link(json.load(open(paths[0], encoding="utf-8"))),
        "html": lambda: from_html(paths[0]),
        "facts": lambda: from_facts(paths[0]),
        "csv": lambda: from_gephi_csv(paths[0], paths[1]),
        "csv-neo4j": lambda: from_neo4j_csv(paths[0], paths[1]),
    }
    nodes, edges = readers[reader]()
    json.dump({"nodes": nodes, "edges": edges}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
