#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kgrep/io.h"

namespace fs = std::filesystem;

namespace {

const std::string kHostile =
    "7 \"Q\" & 'single' <tag> back\\slash\nline \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x98\x80";

kgrep::KnowledgeGraph graph_with(const std::string& label) {
  kgrep::GraphBuilder builder;
  builder.add_entity({"acme", label, "Organization", {"A, B", "C \"D\""}, {}, false});
  builder.add_entity({"zoph", "Barret Zoph", "Person", {}, {}, false});
  builder.add_entity({"murati", "Mira Murati", "Person", {}, {}, false});
  builder.add_mentions("acme", 2);
  kgrep::Fact fact;
  fact.subject = "zoph";
  fact.relation = "works_at";
  fact.object = "acme";
  fact.role = "CTO";
  fact.evidence = {"doc, 1", "2026-02-03", {0, 10}, label, "rule"};
  builder.add_fact(fact);
  fact.subject = "murati";
  fact.role = "CEO";
  builder.add_fact(fact);
  fact.relation = "founded";
  fact.role.clear();
  builder.add_fact(fact);
  return builder.build();
}

std::string written(const kgrep::KnowledgeGraph& graph, void (*writer)(const kgrep::KnowledgeGraph&, std::ostream&)) {
  std::ostringstream out;
  writer(graph, out);
  return out.str();
}

// RFC 4180 records of a CSV text.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char ch = text[k];
    if (quoted) {
      if (ch == '"' && k + 1 < text.size() && text[k + 1] == '"') {
        field += '"';
        ++k;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (ch == '\r' && k + 1 < text.size() && text[k + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++k;
    } else {
      field += ch;
    }
  }
  rows.pop_back();  // after the final CRLF
  return rows;
}

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("kgrep-exports-" + std::to_string(::getpid()) + "-" + name);
}

}  // namespace

TEST_CASE("CSV tables carry Gephi's column names and survive hostile text", "[io][csv]") {
  const auto graph = graph_with(kHostile + "\x01");
  const auto nodes = parse_csv(written(graph, kgrep::write_csv_nodes));
  REQUIRE(nodes.size() == 4);
  CHECK(nodes[0] == std::vector<std::string>{"Id", "Label", "type", "aliases", "mentions", "discovered", "color"});
  CHECK(nodes[1] ==
        std::vector<std::string>{"acme", kHostile, "Organization", "A, B; C \"D\"", "2", "false", "#a6cee3"});
  const auto edges = parse_csv(written(graph, kgrep::write_csv_edges));
  REQUIRE(edges.size() == 4);
  CHECK(edges[0] == std::vector<std::string>{"Source", "Target", "Type", "Id", "Label", "relation", "role", "Weight",
                                             "confidence", "first_seen", "last_seen", "docs", "evidence", "rules"});
  CHECK(edges[1] == std::vector<std::string>{"murati", "acme", "Directed", "e0", "founded", "founded", "", "1", "1",
                                             "2026-02-03", "2026-02-03", "doc, 1", kHostile, "rule"});
  CHECK(edges[2][6] == "CEO");
  for (const auto& row : edges) CHECK(row.size() == 14);
}

TEST_CASE("JSON is a graphology/Cytoscape node-link document that round-trips hostile text", "[io][json]") {
  const auto graph = graph_with(kHostile + "\x01");
  const std::string json = written(graph, kgrep::write_json);
  CHECK(json.find("\"options\": {\"type\": \"directed\", \"multi\": true, \"allowSelfLoops\": true}") !=
        std::string::npos);
  CHECK(json.find("\\u0001") != std::string::npos);
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
    WARN("python3 not found: the JSON was not parsed by an independent reader");
    return;
  }
  const fs::path file = temp_file("graph.json");
  const fs::path expected = temp_file("expected.txt");
  std::ofstream(file, std::ios::binary) << json;
  std::ofstream(expected, std::ios::binary) << kHostile << "\x01";
  const std::string check =
      "python3 -c \"import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8')); "
      "e=open(sys.argv[2],encoding='utf-8',newline='').read(); n=d['nodes'][0]; g=d['edges'][0]; "
      "assert n['key']=='acme' and n['attributes']['label']==e and n['data']['label']==e, n; "
      "assert n['attributes']['entity_type']=='Organization' and n['attributes']['aliases']==['A, B','C \\\"D\\\"']; "
      "assert g['source']=='murati' and g['data']['source']=='murati' and g['attributes']['evidence']==e; "
      "assert len(d['nodes'])==3 and len(d['edges'])==3\" " +
      file.string() + " " + expected.string();
  CHECK(std::system(check.c_str()) == 0);
  fs::remove(file);
  fs::remove(expected);
}

TEST_CASE("DOT clusters put people inside the organisation they work at", "[io][dot]") {
  const auto graph = graph_with("Acme");
  std::ostringstream plain, clustered;
  kgrep::write_dot(graph, plain);
  kgrep::write_dot(graph, clustered, {true, true});
  CHECK(plain.str().find("subgraph") == std::string::npos);
  const std::string text = clustered.str();
  const auto cluster = text.find("subgraph \"cluster_acme\" {\n    label=\"Acme\";");
  REQUIRE(cluster != std::string::npos);
  const auto close = text.find("  }\n", cluster);
  const std::string inside = text.substr(cluster, close - cluster);
  CHECK(inside.find("\"zoph\" [label=\"Barret Zoph\"") != std::string::npos);
  CHECK(inside.find("\"murati\" [label=\"Mira Murati\"") != std::string::npos);
  CHECK(inside.find("\"acme\" [label=\"Acme\"") != std::string::npos);
  CHECK(text.find("\"kgrep_legend_Organization\" [label=\"Organization\", shape=box, fillcolor=\"#a6cee3\"]") !=
        std::string::npos);
}

TEST_CASE("CSV goes to two files and SVG is drawn by Graphviz, both atomically", "[io]") {
  const auto graph = graph_with(kHostile);
  const fs::path stem = temp_file("out");
  const auto files = kgrep::write_graph_file(graph, kgrep::GraphFormat::kCsv, stem.string() + ".csv");
  CHECK(files == std::vector<std::string>{stem.string() + ".nodes.csv", stem.string() + ".edges.csv"});
  for (const auto& file : files) {
    CHECK(fs::file_size(file) > 50);
    fs::remove(file);
  }
  CHECK_THROWS_AS(kgrep::write_graph_file(graph, kgrep::GraphFormat::kCsv, "-"), kgrep::Error);
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    WARN("Graphviz not installed: SVG rendering not exercised");
    return;
  }
  const std::string svg = stem.string() + ".svg";
  kgrep::write_graph_file(graph, kgrep::GraphFormat::kSvg, svg);
  std::ifstream in(svg);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("<svg") != std::string::npos);
  CHECK(text.str().find("Barret Zoph") != std::string::npos);
  CHECK(text.str().find("entity types") != std::string::npos);
  fs::remove(svg);
}

TEST_CASE("neo4j CSV: neo4j-admin's header, every string quoted, empty lists as no value, LF", "[io][csv][neo4j]") {
  const auto graph = graph_with("  Acme, \"Inc\" \\ ");
  const std::string nodes = written(graph, kgrep::write_neo4j_nodes);
  const std::string edges = written(graph, kgrep::write_neo4j_edges);
  CHECK(nodes.find('\r') == std::string::npos);
  CHECK(edges.find('\r') == std::string::npos);
  std::istringstream node_lines(nodes);
  std::string line;
  std::getline(node_lines, line);
  CHECK(line == "id:ID,label,:LABEL,aliases:string[],mentions:long,discovered:boolean,color");
  std::getline(node_lines, line);
  // Leading and trailing spaces survive neo4j's trimming only inside quotes; a
  // backslash is no escape (neo4j's default, --legacy-style-quoting=false).
  CHECK(line ==
        "\"acme\",\"  Acme, \"\"Inc\"\" \\ \",\"Organization\",\"A, B\x1f"
        "C \"\"D\"\"\",2,false,\"#a6cee3\"");
  std::getline(node_lines, line);
  CHECK(line == "\"murati\",\"Mira Murati\",\"Person\",,0,false,\"#b2df8a\"");
  std::istringstream edge_lines(edges);
  std::getline(edge_lines, line);
  CHECK(line ==
        ":START_ID,:END_ID,:TYPE,role:string[],weight:double,confidence:double,first_seen,last_seen,docs:string[],"
        "evidence,rules:string[]");
  std::getline(edge_lines, line);
  CHECK(line ==
        "\"murati\",\"acme\",\"founded\",,1,1,\"2026-02-03\",\"2026-02-03\",\"doc, 1\",\"  Acme, \"\"Inc\"\" \\ \","
        "\"rule\"");
  std::getline(edge_lines, line);
  CHECK(line.rfind("\"murati\",\"acme\",\"works_at\",\"CEO\",1,1,", 0) == 0);
  CHECK(kgrep::parse_csv_dialect("neo4j") == kgrep::CsvDialect::kNeo4j);
  CHECK(kgrep::parse_csv_dialect("gephi") == kgrep::CsvDialect::kGephi);
  CHECK_THROWS_WITH(kgrep::parse_csv_dialect("excel"), Catch::Contains("known: gephi, neo4j"));
}
