#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <tuple>

#include "io/escape.h"
#include "kgrep/query.h"
#include "query/query_text.h"

namespace kgrep {

namespace {

using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;
constexpr std::size_t kUnreached = SIZE_MAX;

// Every edge at `vertex`, either way, with the vertex at its other end.
std::vector<std::pair<Edge, Vertex>> incident(const Graph& graph, Vertex vertex) {
  std::vector<std::pair<Edge, Vertex>> result;
  for (auto edge : boost::make_iterator_range(boost::out_edges(vertex, graph)))
    result.emplace_back(edge, boost::target(edge, graph));
  for (auto edge : boost::make_iterator_range(boost::in_edges(vertex, graph)))
    if (boost::source(edge, graph) != vertex) result.emplace_back(edge, boost::source(edge, graph));
  return result;
}

// Hops from `start` along edges either way (kUnreached where none), up to `limit`.
template <typename EdgeTest>
std::vector<std::size_t> distances(const Graph& graph, Vertex start, std::size_t limit, const EdgeTest& follow) {
  std::vector<std::size_t> distance(boost::num_vertices(graph), kUnreached);
  std::deque<Vertex> queue{start};
  distance[start] = 0;
  while (!queue.empty()) {
    const Vertex vertex = queue.front();
    queue.pop_front();
    if (distance[vertex] == limit) continue;
    for (const auto& [edge, other] : incident(graph, vertex)) {
      if (!follow(edge) || distance[other] != kUnreached) continue;
      distance[other] = distance[vertex] + 1;
      queue.push_back(other);
    }
  }
  return distance;
}

}  // namespace

Table query_neighbours(const KnowledgeGraph& knowledge, const NeighboursQuery& query) {
  const Graph& graph = knowledge.graph;
  const Vertex center = resolve_entity(knowledge, query.name);
  auto follow = [&](Edge edge) { return query.relations.empty() || query.relations.count(graph[edge].relation) > 0; };
  const auto distance = distances(graph, center, query.depth, follow);
  std::vector<std::tuple<std::size_t, std::string, std::string, std::string>> rows;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    if (!follow(edge)) continue;
    const Vertex source = boost::source(edge, graph), target = boost::target(edge, graph);
    if (distance[source] == kUnreached || distance[target] == kUnreached) continue;
    Vertex far = target;
    if (distance[source] == distance[target] + 1)
      far = source;
    else if (distance[target] != distance[source] + 1)
      continue;
    if (!query.types.empty() && !query.types.count(graph[far].type)) continue;
    rows.emplace_back(distance[far], graph[far].label, graph[far].type, query_text::link(graph, edge));
  }
  std::sort(rows.begin(), rows.end());
  Table table{"neighbours", {"depth", "entity", "type", "link"}, {}, false};
  for (const auto& [depth, label, type, link] : rows) table.rows.push_back({std::to_string(depth), label, type, link});
  return table;
}

Table query_path(const KnowledgeGraph& knowledge, std::string_view from_name, std::string_view to_name) {
  const Graph& graph = knowledge.graph;
  const Vertex from = resolve_entity(knowledge, from_name, "path start");
  const Vertex to = resolve_entity(knowledge, to_name, "path end");
  Table table{"path", {"path", "step", "subject", "relation", "object"}, {}, false};
  auto any_edge = [](Edge) { return true; };
  const auto from_start = distances(graph, from, kUnreached, any_edge);
  if (from == to || from_start[to] == kUnreached) return table;
  const auto from_end = distances(graph, to, kUnreached, any_edge);
  const std::size_t length = from_start[to];

  // Depth-first from the start along edges that stay on a shortest path,
  // trying neighbours in order of (label, relation, id) so the first
  // kMaxPaths paths found are the first in that order.
  std::vector<Edge> steps;
  std::size_t paths = 0;
  auto walk = [&](auto&& self, Vertex vertex) -> void {
    if (paths == kMaxPaths) return;
    if (vertex == to) {
      ++paths;
      for (std::size_t k = 0; k < steps.size(); ++k) {
        const Edge edge = steps[k];
        table.rows.push_back({std::to_string(paths), std::to_string(k + 1), graph[boost::source(edge, graph)].label,
                              graph[edge].relation, graph[boost::target(edge, graph)].label});
      }
      return;
    }
    auto next = incident(graph, vertex);
    std::erase_if(next, [&](const auto& step) {
      return from_start[step.second] != from_start[vertex] + 1 || from_end[step.second] == kUnreached ||
             from_start[step.second] + from_end[step.second] != length;
    });
    std::sort(next.begin(), next.end(), [&](const auto& a, const auto& b) {
      return std::tie(graph[a.second].label, graph[a.first].relation, graph[a.second].id) <
             std::tie(graph[b.second].label, graph[b.first].relation, graph[b.second].id);
    });
    for (const auto& [edge, other] : next) {
      steps.push_back(edge);
      self(self, other);
      steps.pop_back();
    }
  };
  walk(walk, from);
  return table;
}

std::vector<Table> query_show(const KnowledgeGraph& knowledge, std::string_view name) {
  const Graph& graph = knowledge.graph;
  const Vertex vertex = resolve_entity(knowledge, name);
  const NodeProperties& node = graph[vertex];
  std::vector<std::string> attributes;
  for (const auto& [key, value] : node.attributes) attributes.push_back(key + "=" + value);
  Table entity{"entity",
               {"id", "label", "type", "aliases", "attributes", "mentions", "discovered"},
               {{node.id, node.label, node.type, join_list(node.aliases), join_list(attributes),
                 std::to_string(node.mentions), node.discovered ? "true" : "false"}},
               true};
  std::vector<std::tuple<std::string, std::string, std::string, std::vector<std::string>>> rows;
  for (const auto& [edge, other] : incident(graph, vertex)) {
    const EdgeProperties& fact = graph[edge];
    const std::string& subject = graph[boost::source(edge, graph)].label;
    const std::string& object = graph[boost::target(edge, graph)].label;
    rows.emplace_back(
        subject, fact.relation, object,
        std::vector<std::string>{subject, fact.relation, object, join_list(fact.roles), query_text::when(fact),
                                 format_number(fact.weight), join_list(fact.docs), fact.evidence.sentence_text});
  }
  std::sort(rows.begin(), rows.end());
  Table facts{"facts", {"subject", "relation", "object", "role", "when", "weight", "docs", "evidence"}, {}, false};
  for (auto& row : rows) facts.rows.push_back(std::move(std::get<3>(row)));
  return {entity, facts};
}

}  // namespace kgrep
