#include "query/query_text.h"

#include <fmt/format.h>

#include "io/escape.h"

namespace kgrep::query_text {

std::string when(const EdgeProperties& edge) {
  if (edge.first_seen == edge.last_seen || edge.last_seen.empty()) return edge.first_seen;
  if (edge.first_seen.empty()) return edge.last_seen;
  return edge.first_seen + ".." + edge.last_seen;
}

std::string link(const Graph& graph, Graph::edge_descriptor edge) {
  const EdgeProperties& properties = graph[edge];
  std::string text = fmt::format("{} {} {}", graph[boost::source(edge, graph)].label, properties.relation,
                                 graph[boost::target(edge, graph)].label);
  if (!properties.roles.empty()) text += " (" + join_list(properties.roles) + ")";
  return text;
}

}  // namespace kgrep::query_text
