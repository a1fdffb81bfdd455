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

enum class GraphFormat { kGraphml, kDot, kGexf, kJson, kCsv, kSvg, kPng, kFacts, kHtml };

// "graphml", "dot" (and "gv"), "gexf", "json", "csv", "svg", "png", "facts"
// (and "jsonl", so NAME.facts.jsonl is a facts stream); throws
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

// The facts stream (JSON Lines; format "facts", extension .facts.jsonl or
// .jsonl): a header line {"kgrep":"facts","version":2}, then one line per
// entity ({"record":"entity", id, label, type, aliases, attributes, mentions,
// discovered, mentioned_in: {document id: mentions}}) and one per fact, i.e.
// per (subject, relation, object) with everything the graph builder
// accumulated for it ({"record":"fact", subject, relation, object, roles,
// weight, confidence, first_seen, last_seen, docs, rules, evidence: {doc,
// date, begin, end, rule, sentence}, support: [every statement: the
// evidence's fields plus role and confidence]}). It is lossless:
// read_facts(write_facts(g)) == g, and because statements and per-document
// mentions are kept, `kgrep merge` of streams that share documents counts
// them once: the streams of any shards merge into one run over their union,
// byte for byte.
//
// Version 3 is the same with mention totals alone (`extract --mention-totals`:
// no mentioned_in) and, after the header, {"record":"documents", count,
// hashes: document_id_hash of each document read, 16 hex digits each,
// ascending}. Such streams merge exactly as long as no document is in two of
// them, which merge checks (see merge_graphs).
inline constexpr int kFactsVersion = 2;
inline constexpr int kFactsVersionWithDocumentHashes = 3;
void write_facts(const KnowledgeGraph& graph, std::ostream& out);

// CSV (RFC 4180) for Gephi's spreadsheet import: the node table (`Id`,
// `Label`, `type`…) and the edge table (`Source`, `Target`, `Type`…), CRLF,
// lists joined by "; ".
void write_csv_nodes(const KnowledgeGraph& graph, std::ostream& out);
void write_csv_edges(const KnowledgeGraph& graph, std::ostream& out);
// The same tables for `neo4j-admin database import`, whose header names the
// roles Gephi's cannot: `id:ID`, `:LABEL` (the entity type), `:START_ID`,
// `:END_ID`, `:TYPE` (the relation) and typed properties (`mentions:long`,
// `weight:double`, `aliases:string[]`…). Every string is quoted (quotes
// doubled), so neither trimming nor a comma changes it; an empty list or date
// is an unquoted empty field, which neo4j reads as no property; array items
// are separated by U+001F, a character no value holds (control characters
// other than tab, CR and LF are dropped), hence `--array-delimiter=U+001F`;
// lines end in LF, and values may hold line breaks (`--multiline-fields=true`).
void write_neo4j_nodes(const KnowledgeGraph& graph, std::ostream& out);
void write_neo4j_edges(const KnowledgeGraph& graph, std::ostream& out);
enum class CsvDialect { kGephi, kNeo4j };
// "gephi" or "neo4j"; throws kgrep::Error for anything else.
CsvDialect parse_csv_dialect(std::string_view name);

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
  CsvDialect csv = CsvDialect::kGephi;
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

// Reads a facts stream (see write_facts; version 1, without statements or
// per-document mentions, too) back; vertices sorted by id, edges by
// (subject, relation, object); a fact naming an entity without an entity line
// gets a bare node. Throws kgrep::Error as "NAME:LINE:COL: what is wrong" for
// JSON that does not parse and "NAME:LINE: ..." for a missing header, a
// missing or mistyped field, or a duplicate entity or fact.
KnowledgeGraph read_facts(std::istream& in, const std::string& name);
// Merges graphs as `kgrep merge` does: all are added to one GraphBuilder
// (add_graph), so statements and per-document mentions count once however
// often they appear (merge(merge(a, b), a) is merge(a, b)), and what a graph
// knows only as totals (GraphML keeps no statements) is summed: weights and
// mentions added, dates widened, documents, rules and roles unioned, the best
// evidence kept, whatever the order of `graphs`. A graph without statements
// that is the same as another input as GraphML shows it (g.graphml and
// g.facts.jsonl) counts once. `shared_documents` lists the document ids that
// such totals hold and another input holds too: counted in each (right for
// different documents that share an id, twice for one document).
//
// When every input carries document hashes (facts streams of version 3),
// mentions are summed and the result carries the union of the hashes; that
// is exact only if no document is in two inputs, and SharedDocumentsError is
// thrown if one is. Where only some inputs carry them, those count as totals.
struct MergeResult {
  KnowledgeGraph graph;
  std::size_t distinct_inputs = 0;
  std::vector<std::string> shared_documents;  // sorted
};
class SharedDocumentsError : public Error {
 public:
  using Error::Error;
};
MergeResult merge_graphs(const std::vector<KnowledgeGraph>& graphs);
// The same over graphs held elsewhere (a KnowledgeGraph cannot be moved into a
// vector, only copied: Boost's adjacency_list has no move constructor).
MergeResult merge_graphs(const std::vector<const KnowledgeGraph*>& graphs);

// Reads GraphML or a facts stream, told apart by their first character; "-"
// is stdin. Throws kgrep::Error for anything else.
KnowledgeGraph read_graph_file(const std::string& path);

}  // namespace kgrep
