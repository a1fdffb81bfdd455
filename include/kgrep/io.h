// kgrep io stage: writing graphs.
//
// Writers turn a KnowledgeGraph into bytes; they never touch the file system
// themselves. `write_output_atomically` puts those bytes in place: into a
// temporary file beside the target, flushed and renamed over it only when the
// writer succeeded, so a failed run never leaves a partial file nor clobbers an
// existing one. Writers are deterministic: same graph, same bytes.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kgrep/graph.h"

namespace kgrep {

enum class GraphFormat { kGraphml, kDot, kGexf, kJson, kCsv, kSvg, kPng, kHtml };

// "graphml", "dot" (and "gv"), "gexf", "json", "csv", "svg", "png"; throws
// kgrep::Error for anything else.
GraphFormat parse_graph_format(std::string_view name);
// From a file name's extension (.graphml, .dot, .gv, .gexf, .json, .csv);
// throws when unknown.
GraphFormat graph_format_for_path(std::string_view path);

// GraphML per the schema contract of DESIGN.md: typed keys, edgedefault
// "directed", node id = entity id. Characters XML 1.0 forbids are dropped.
void write_graphml(const KnowledgeGraph& graph, std::ostream& out);

// Graphviz DOT: one node statement per entity (shape and colour by type), edge
// labels = relation, every id and label quoted and escaped. With `clusters`,
// each organisation that people work at (works_at) is drawn as a box around
// them.
struct DotOptions {
  bool clusters = false;
  bool legend = false;  // a box listing the entity types present, with their colours
};
void write_dot(const KnowledgeGraph& graph, std::ostream& out, const DotOptions& options = {});

// GEXF 1.3 for Gephi: typed attributes, viz colour by type and size by
// degree, edge `kind` = relation (so two relations between one pair stay two
// edges). With `dynamic`, the graph is mode="dynamic" and every edge carries
// `start`/`end` from its first_seen/last_seen, so Gephi's timeline replays it.
struct GexfOptions {
  bool dynamic = true;
};
void write_gexf(const KnowledgeGraph& graph, std::ostream& out, const GexfOptions& options = {});

// A node-link JSON document that graphology (Gephi Lite, sigma.js) imports
// with Graph.import() and Cytoscape.js with cy.add(): {"attributes", "options",
// "nodes": [{"key", "attributes"}], "edges": [{"key", "source", "target",
// "attributes"}]}, each element also carrying Cytoscape's {"data": {...}}.
void write_json(const KnowledgeGraph& graph, std::ostream& out);

// The interactive page (format "html", extension .html): one self-contained
// HTML file holding the graph (write_json's document plus each node's
// attributes) and a viewer built from web/ (graphology, sigma.js, ForceAtlas2)
// that kgrep carries inside it, so the page opens from file:// offline. Every
// '<' of the embedded data is written \u003c, so no label ends the script.
struct HtmlOptions {
  std::string source_name;  // names the graph in the title and header; empty: "graph"
};
void write_html(const KnowledgeGraph& graph, std::ostream& out, const HtmlOptions& options = {});

// CSV (RFC 4180) for Gephi's spreadsheet import and neo4j-admin import: the
// node table (`Id`, `Label`, `type`… / `:ID`) and the edge table (`Source`,
// `Target`, `Type`…). write_csv writes both to `nodes` and `edges`.
void write_csv_nodes(const KnowledgeGraph& graph, std::ostream& out);
void write_csv_edges(const KnowledgeGraph& graph, std::ostream& out);

// Several outputs that land together or not at all: `add` runs a writer into a
// temporary file beside its target (nothing is touched yet); `commit` renames
// them all into place. Outputs not committed are removed by the destructor, so
// a run that fails at its third output leaves the first two as they were. A
// symlinked target is written through (the file it names is replaced); a FIFO
// or device is written in place; "-" is stdout, written at commit.
class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();
  void add(const std::string& path, const std::function<void(std::ostream&)>& writer);
  void commit();

 private:
  struct Pending {
    std::string target;
    std::string temporary;  // empty for stdout and in-place targets
    std::string bytes;      // kept for stdout and in-place targets
  };
  std::vector<Pending> pending_;
};

struct ExportOptions {
  DotOptions dot;
  GexfOptions gexf;
  HtmlOptions html;  // without a source name, an HTML file is named after its own file name
};

// Writes graphml, dot, gexf or json to `out` (CSV needs two streams, and SVG
// and PNG the Graphviz program: see write_graph_file).
void write_graph(const KnowledgeGraph& graph, GraphFormat format, std::ostream& out, const ExportOptions& options = {});

// Writes `graph` to `path` atomically in `format`. CSV goes to two files,
// PATH-without-.csv + ".nodes.csv" and ".edges.csv". SVG and PNG are laid out
// by Graphviz's `dot` program (with a legend), which must be on PATH. Returns
// the files written.
std::vector<std::string> write_graph_file(const KnowledgeGraph& graph, GraphFormat format, const std::string& path,
                                          const ExportOptions& options = {});
// The same, adding to `outputs` (committed by the caller with the others).
std::vector<std::string> add_graph_file(OutputSet& outputs, const KnowledgeGraph& graph, GraphFormat format,
                                        const std::string& path, const ExportOptions& options = {});

// Runs `writer` into a temporary file in the directory of `path`, then renames
// it over `path`. "-" writes to stdout. Throws kgrep::Error (and removes the
// temporary file) when the file system fails; an exception thrown by `writer`
// propagates unchanged, after the temporary file is removed.
void write_output_atomically(const std::string& path, const std::function<void(std::ostream&)>& writer);



}  // namespace kgrep

namespace kgrep {

// Reads a GraphML file written by kgrep (the schema of write_graphml) back into
// a KnowledgeGraph, vertices sorted by id and edges by (subject, relation,
// object). Keys it does not know are ignored. Throws kgrep::Error naming
// `name` and the line for XML that does not parse, and naming the element for
// anything else malformed: no <graph>, a node without id or with a duplicate
// id, an edge whose end is no node, a number that does not parse.
KnowledgeGraph read_graphml(std::istream& in, const std::string& name);
KnowledgeGraph read_graphml_file(const std::string& path);

}  // namespace kgrep
