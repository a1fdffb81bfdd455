// kgrep query stage: questions asked of a graph kgrep wrote.
//
// Sits after the graph stage and reads a KnowledgeGraph only (the CLI loads it
// from GraphML or a facts stream), so answers come without re-reading any
// article. Every query returns tables of text in a fixed order, whatever the
// order the graph was built in, and the writers print them as an aligned table,
// JSON, CSV or TSV. Names are resolved like the extractor resolves them: an
// entity id, label or alias, case and accents folded. All functions are pure
// and thread-safe; they throw kgrep::Error for a name that names no entity or
// several (the message lists close matches).
#pragma once

#include <cstddef>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kgrep/graph.h"

namespace kgrep {

// One table of an answer. A `record` table holds one row and is printed as
// "column  value" lines on a terminal and as one object in JSON.
struct Table {
  std::string title;  // names the table in JSON when an answer has several
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  bool record = false;
};

enum class TableFormat { kText, kJson, kCsv, kTsv };

// "table" (or "text"), "json", "csv", "tsv"; throws kgrep::Error otherwise.
TableFormat parse_table_format(std::string_view name);

// Writes the tables: kText aligns columns by code points (control characters
// shown as spaces), tables apart by a blank line; kJson writes one table as an
// array of objects (an object for a record) and several as an object keyed by
// title; kCsv (RFC 4180) and kTsv (tabs and line breaks in cells become
// spaces) write a header line per table, tables apart by a blank line.
void write_tables(const std::vector<Table>& tables, TableFormat format, std::ostream& out);

// The vertex `name` names: an exact id first, else the one entity whose label
// or alias equals it with case, accents and spacing folded. Throws kgrep::Error
// naming `what` ("--from") for no match or several, listing up to five close
// matches (by edit distance and containment of the folded names).
Graph::vertex_descriptor resolve_entity(const KnowledgeGraph& graph, std::string_view name,
                                        std::string_view what = "name");

// Moves from `left` and `joined` edges: a person's departure from A and
// arrival at B are one move when they share a supporting sentence, else when
// they share a document (each edge used once, same-sentence pairs first); the
// rest are moves with an empty "to" (a departure) or "from" (an arrival).
// Columns: person, from, to, when (the earliest first_seen), docs. Rows in
// timeline order (undated last), then by person, from, to. `since`/`until`
// compare on the common prefix of ISO dates and drop undated moves.
struct MovesQuery {
  std::string person;
  std::string from;
  std::string to;
  std::string since;
  std::string until;
};
Table query_moves(const KnowledgeGraph& graph, const MovesQuery& query);

// Entities within `depth` hops of `name` (edges followed either way; only
// `relations` when given). One row per edge that first reaches an entity's
// ring: depth, entity, type, link ("A relation B", with the role). `types`
// keeps rows whose entity has one of them (paths still run through others).
// Rows by depth, entity, link.
struct NeighboursQuery {
  std::string name;
  std::size_t depth = 1;
  std::set<std::string> relations;
  std::set<std::string> types;
};
Table query_neighbours(const KnowledgeGraph& graph, const NeighboursQuery& query);

// The shortest paths from `from` to `to`, edges followed either way: one row
// per step (path, step, subject, relation, object, as the edge points), the
// first kMaxPaths paths in order of their entity labels and relations. No
// path: no rows.
inline constexpr std::size_t kMaxPaths = 10;
Table query_path(const KnowledgeGraph& graph, std::string_view from, std::string_view to);

// Rankings by Boost.Graph measures: degree (in + out edges), pagerank
// (boost::graph::page_rank on the directed graph, damping 0.85, 100
// iterations) or betweenness (Brandes, on the undirected graph with parallel
// edges merged, each pair of endpoints counted once). Columns: rank, entity,
// type, score. Equal scores (to 1e-9) share a rank and are ordered by label,
// then id. `types` filters the rows (ranks count the rows listed), not the
// measure; `top` 0 keeps all.
enum class RankMeasure { kDegree, kPagerank, kBetweenness };
RankMeasure parse_rank_measure(std::string_view name);
struct RankQuery {
  RankMeasure by = RankMeasure::kDegree;
  std::set<std::string> types;
  std::size_t top = 10;
};
Table query_rank(const KnowledgeGraph& graph, const RankQuery& query);

// Everything the graph knows of one entity: a record table "entity" (id,
// label, type, aliases, attributes, mentions, discovered) and a table "facts"
// with every edge to or from it (subject, relation, object, role, when,
// weight, docs, evidence), ordered by subject, relation and object.
std::vector<Table> query_show(const KnowledgeGraph& graph, std::string_view name);

}  // namespace kgrep
