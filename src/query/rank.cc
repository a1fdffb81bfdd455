#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/page_rank.hpp>
#include <cmath>
#include <set>

#include "kgrep/query.h"

namespace kgrep {

namespace {

std::vector<double> degree_scores(const Graph& graph) {
  std::vector<double> scores;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph)))
    scores.push_back(static_cast<double>(boost::in_degree(vertex, graph) + boost::out_degree(vertex, graph)));
  return scores;
}

std::vector<double> pagerank_scores(const Graph& graph) {
  std::vector<double> scores(boost::num_vertices(graph), 0.0);
  if (scores.empty()) return scores;
  auto rank = boost::make_iterator_property_map(scores.begin(), boost::get(boost::vertex_index, graph));
  boost::graph::page_rank(graph, rank, boost::graph::n_iterations(100), 0.85);
  return scores;
}

std::vector<double> betweenness_scores(const Graph& graph) {
  // Who lies between whom does not depend on which way a relation points, and
  // two relations between one pair are still one step.
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Undirected undirected(boost::num_vertices(graph));
  std::set<std::pair<std::size_t, std::size_t>> pairs;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const std::size_t a = boost::source(edge, graph), b = boost::target(edge, graph);
    if (a != b && pairs.emplace(std::min(a, b), std::max(a, b)).second) boost::add_edge(a, b, undirected);
  }
  std::vector<double> scores(boost::num_vertices(graph), 0.0);
  boost::brandes_betweenness_centrality(undirected, boost::centrality_map(boost::make_iterator_property_map(
                                                        scores.begin(), boost::get(boost::vertex_index, undirected))));
  return scores;
}

}  // namespace

RankMeasure parse_rank_measure(std::string_view name) {
  if (name == "degree") return RankMeasure::kDegree;
  if (name == "pagerank") return RankMeasure::kPagerank;
  if (name == "betweenness") return RankMeasure::kBetweenness;
  throw Error(fmt::format("--by '{}' is no ranking (known: degree, pagerank, betweenness)", name));
}

Table query_rank(const KnowledgeGraph& knowledge, const RankQuery& query) {
  const Graph& graph = knowledge.graph;
  const std::vector<double> scores = query.by == RankMeasure::kDegree     ? degree_scores(graph)
                                     : query.by == RankMeasure::kPagerank ? pagerank_scores(graph)
                                                                          : betweenness_scores(graph);
  // Scores equal to 1e-9 are ties: summation order must not decide a rank.
  auto level = [&](std::size_t vertex) { return std::llround(scores[vertex] * 1e9); };
  std::vector<std::size_t> order;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph)))
    if (query.types.empty() || query.types.count(graph[vertex].type)) order.push_back(vertex);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const long long level_a = level(a), level_b = level(b);
    if (level_a != level_b) return level_a > level_b;
    return std::tie(graph[a].label, graph[a].id) < std::tie(graph[b].label, graph[b].id);
  });
  Table table{"rank", {"rank", "entity", "type", "score"}, {}, false};
  std::size_t rank = 0;
  for (std::size_t k = 0; k < order.size() && (query.top == 0 || k < query.top); ++k) {
    if (k == 0 || level(order[k]) != level(order[k - 1])) rank = k + 1;
    const double score = scores[order[k]];
    const std::string shown = query.by == RankMeasure::kDegree     ? fmt::format("{}", score)
                              : query.by == RankMeasure::kPagerank ? fmt::format("{:.4f}", score)
                                                                   : fmt::format("{:.2f}", score);
    table.rows.push_back({std::to_string(rank), graph[order[k]].label, graph[order[k]].type, shown});
  }
  return table;
}

}  // namespace kgrep
