#include <algorithm>
#include <optional>
#include <tuple>

#include "io/escape.h"
#include "kgrep/query.h"
#include "query/query_text.h"

namespace kgrep {

namespace {

using Edge = Graph::edge_descriptor;

bool same_sentence(const Evidence& a, const Evidence& b) {
  return !a.sentence_text.empty() && a.doc_id == b.doc_id && a.sentence_text == b.sentence_text;
}

// Whether any statement of `a` and any of `b` is one sentence ("left A for
// B"); without statements (GraphML), whether their best evidence is.
bool same_sentence(const EdgeProperties& a, const EdgeProperties& b) {
  if (a.support.empty() || b.support.empty()) return same_sentence(a.evidence, b.evidence);
  for (const Support& x : a.support)
    for (const Support& y : b.support)
      if (same_sentence(x.evidence, y.evidence)) return true;
  return false;
}

bool share_document(const EdgeProperties& a, const EdgeProperties& b) {
  for (const auto& doc : a.docs)
    if (std::binary_search(b.docs.begin(), b.docs.end(), doc)) return true;
  return false;
}

struct Move {
  Graph::vertex_descriptor person;
  std::optional<Edge> left;
  std::optional<Edge> joined;
};

// Pairs one person's departures with arrivals: same sentence first, then same
// document, each in order of the organisations' labels; each edge once.
void pair_moves(const Graph& graph, Graph::vertex_descriptor person, const std::vector<Edge>& departures,
                const std::vector<Edge>& arrivals, std::vector<Move>& moves) {
  std::vector<std::tuple<int, std::string, std::string, std::size_t, std::size_t>> candidates;
  for (std::size_t l = 0; l < departures.size(); ++l) {
    for (std::size_t j = 0; j < arrivals.size(); ++j) {
      const auto from = boost::target(departures[l], graph);
      const auto to = boost::target(arrivals[j], graph);
      if (from == to) continue;
      const EdgeProperties& left = graph[departures[l]];
      const EdgeProperties& joined = graph[arrivals[j]];
      // Two statements of one article are a move only if the arrival can
      // follow the departure: not dated before it, nor before the person's
      // arrival at the organisation left ("joined B in 2022 ... joined A in
      // 2023 ... left A" is no move from A to B).
      const bool arrival_too_early =
          !joined.last_seen.empty() && ((!left.first_seen.empty() && joined.last_seen < left.first_seen) ||
                                        std::any_of(arrivals.begin(), arrivals.end(), [&](const Edge& arrival) {
                                          return boost::target(arrival, graph) == from &&
                                                 !graph[arrival].first_seen.empty() &&
                                                 joined.last_seen < graph[arrival].first_seen;
                                        }));
      const int tier = same_sentence(left, joined) ? 0 : share_document(left, joined) && !arrival_too_early ? 1 : -1;
      if (tier >= 0) candidates.emplace_back(tier, graph[from].label, graph[to].label, l, j);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<bool> left_used(departures.size()), joined_used(arrivals.size());
  for (const auto& [tier, from, to, l, j] : candidates) {
    if (left_used[l] || joined_used[j]) continue;
    left_used[l] = joined_used[j] = true;
    moves.push_back({person, departures[l], arrivals[j]});
  }
  for (std::size_t l = 0; l < departures.size(); ++l)
    if (!left_used[l]) moves.push_back({person, departures[l], std::nullopt});
  for (std::size_t j = 0; j < arrivals.size(); ++j)
    if (!joined_used[j]) moves.push_back({person, std::nullopt, arrivals[j]});
}

}  // namespace

Table query_moves(const KnowledgeGraph& knowledge, const MovesQuery& query) {
  const Graph& graph = knowledge.graph;
  std::optional<Graph::vertex_descriptor> person, from, to;
  if (!query.person.empty()) person = resolve_entity(knowledge, query.person, "--person");
  if (!query.from.empty()) from = resolve_entity(knowledge, query.from, "--from");
  if (!query.to.empty()) to = resolve_entity(knowledge, query.to, "--to");

  std::vector<Move> moves;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    if (person && vertex != *person) continue;
    std::vector<Edge> departures, arrivals;
    for (auto edge : boost::make_iterator_range(boost::out_edges(vertex, graph))) {
      if (graph[edge].relation == "left") departures.push_back(edge);
      if (graph[edge].relation == "joined") arrivals.push_back(edge);
    }
    pair_moves(graph, vertex, departures, arrivals, moves);
  }

  using Row = std::tuple<bool, std::string, std::string, std::string, std::string, std::string>;
  std::vector<Row> rows;
  for (const Move& move : moves) {
    if (from && (!move.left || boost::target(*move.left, graph) != *from)) continue;
    if (to && (!move.joined || boost::target(*move.joined, graph) != *to)) continue;
    std::string when;
    std::vector<std::string> docs;
    for (const auto& edge : {move.left, move.joined}) {
      if (!edge) continue;
      const EdgeProperties& properties = graph[*edge];
      if (!properties.first_seen.empty() && (when.empty() || properties.first_seen < when))
        when = properties.first_seen;
      docs.insert(docs.end(), properties.docs.begin(), properties.docs.end());
    }
    if (!query.since.empty() && (when.empty() || !on_or_after(when, query.since))) continue;
    if (!query.until.empty() && (when.empty() || !on_or_before(when, query.until))) continue;
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    rows.emplace_back(when.empty(), when, graph[move.person].label,
                      move.left ? graph[boost::target(*move.left, graph)].label : "",
                      move.joined ? graph[boost::target(*move.joined, graph)].label : "", join_list(docs));
  }
  // Timeline order, undated last; then person, from, to.
  std::sort(rows.begin(), rows.end());
  Table table{"moves", {"person", "from", "to", "when", "docs"}, {}, false};
  for (const auto& [undated, when, name, left, joined, docs] : rows)
    table.rows.push_back({name, left, joined, when, docs});
  return table;
}

}  // namespace kgrep
