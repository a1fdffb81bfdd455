#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "kgrep/graph.h"
#include "kgrep/text.h"

namespace kgrep {

// Dates may be "YYYY-MM" or "YYYY-MM-DD"; compare on the common prefix so
// "2026-03" is within --since 2026-03-15's month rather than before it.
bool on_or_after(const std::string& date, const std::string& bound) {
  const std::size_t length = std::min(date.size(), bound.size());
  return date.compare(0, length, bound, 0, length) >= 0;
}

bool on_or_before(const std::string& date, const std::string& bound) {
  const std::size_t length = std::min(date.size(), bound.size());
  return date.compare(0, length, bound, 0, length) <= 0;
}

std::optional<Graph::vertex_descriptor> find_vertex(const KnowledgeGraph& knowledge, std::string_view name) {
  const Graph& graph = knowledge.graph;
  const std::string wanted = fold(collapse_whitespace(name));
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    if (node.id == name || fold(node.label) == wanted) return vertex;
  }
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    for (const auto& alias : graph[vertex].aliases)
      if (fold(alias) == wanted) return vertex;
  }
  return std::nullopt;
}

KnowledgeGraph filter_graph(const KnowledgeGraph& knowledge, const GraphFilter& filter) {
  const Graph& graph = knowledge.graph;
  const std::size_t count = boost::num_vertices(graph);
  std::vector<bool> keep_vertex(count, true);
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    if (!filter.types.empty() && !filter.types.count(graph[vertex].type)) keep_vertex[vertex] = false;
  }
  auto keep_edge = [&](Graph::edge_descriptor edge) {
    const EdgeProperties& properties = graph[edge];
    if (!keep_vertex[boost::source(edge, graph)] || !keep_vertex[boost::target(edge, graph)]) return false;
    if (!filter.relations.empty() && !filter.relations.count(properties.relation)) return false;
    if (properties.weight < filter.min_weight || properties.confidence < filter.min_confidence) return false;
    if (!filter.since.empty() && (properties.last_seen.empty() || !on_or_after(properties.last_seen, filter.since)))
      return false;
    if (!filter.until.empty() && (properties.first_seen.empty() || !on_or_before(properties.first_seen, filter.until)))
      return false;
    return true;
  };
  const bool edge_test = !filter.relations.empty() || filter.min_weight > 0 || filter.min_confidence > 0 ||
                         !filter.since.empty() || !filter.until.empty();
  if (edge_test) {
    std::vector<bool> has_edge(count, false);
    for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
      if (!keep_edge(edge)) continue;
      has_edge[boost::source(edge, graph)] = has_edge[boost::target(edge, graph)] = true;
    }
    for (std::size_t v = 0; v < count; ++v) keep_vertex[v] = keep_vertex[v] && has_edge[v];
  }
  if (!filter.around.empty()) {
    const auto center = find_vertex(knowledge, filter.around);
    if (!center || !keep_vertex[*center]) {
      std::vector<std::string> near;
      const std::string wanted = fold(filter.around);
      for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
        const std::string label = fold(graph[vertex].label);
        if (!wanted.empty() && (label.find(wanted) != std::string::npos || wanted.find(label) != std::string::npos))
          near.push_back(graph[vertex].label);
      }
      std::string hint = near.empty() ? "" : fmt::format(" (close: {})", fmt::join(near, ", "));
      throw Error(fmt::format("--around '{}' names no entity of the graph{}", filter.around, hint));
    }
    std::vector<std::size_t> distance(count, SIZE_MAX);
    std::deque<Graph::vertex_descriptor> queue{*center};
    distance[*center] = 0;
    while (!queue.empty()) {
      const auto vertex = queue.front();
      queue.pop_front();
      if (distance[vertex] == filter.depth) continue;
      auto visit = [&](Graph::edge_descriptor edge, Graph::vertex_descriptor other) {
        if (keep_edge(edge) && distance[other] == SIZE_MAX) {
          distance[other] = distance[vertex] + 1;
          queue.push_back(other);
        }
      };
      for (auto edge : boost::make_iterator_range(boost::out_edges(vertex, graph)))
        visit(edge, boost::target(edge, graph));
      for (auto edge : boost::make_iterator_range(boost::in_edges(vertex, graph)))
        visit(edge, boost::source(edge, graph));
    }
    for (std::size_t v = 0; v < count; ++v) keep_vertex[v] = keep_vertex[v] && distance[v] != SIZE_MAX;
  }
  KnowledgeGraph result;
  result.document_hashes = knowledge.document_hashes;
  std::vector<Graph::vertex_descriptor> new_vertex(count);
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    if (keep_vertex[vertex]) new_vertex[vertex] = boost::add_vertex(graph[vertex], result.graph);
  }
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    if (keep_edge(edge) && keep_vertex[boost::source(edge, graph)] && keep_vertex[boost::target(edge, graph)]) {
      boost::add_edge(new_vertex[boost::source(edge, graph)], new_vertex[boost::target(edge, graph)], graph[edge],
                      result.graph);
    }
  }
  return result;
}

}  // namespace kgrep
