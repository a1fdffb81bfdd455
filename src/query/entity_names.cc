#include <fmt/format.h>

#include <algorithm>

#include "kgrep/query.h"
#include "kgrep/text.h"

namespace kgrep {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string describe(const NodeProperties& node) {
  return node.type.empty() ? fmt::format("{} ({})", node.label, node.id)
                           : fmt::format("{} ({}, {})", node.label, node.id, node.type);
}

// Up to five entities whose folded names are near `wanted`: contained in it
// or containing it (three letters or more), or within a third of its length
// (at least two) in edits.
std::vector<std::string> close_matches(const Graph& graph, const std::string& wanted) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    std::vector<std::string> names = {fold(node.label), fold(node.id)};
    for (const auto& alias : node.aliases) names.push_back(fold(alias));
    std::size_t best = SIZE_MAX;
    for (const auto& name : names) {
      if (name.empty() || wanted.empty()) continue;
      // Containment of one- or two-letter names says nothing.
      const bool contained = (name.size() >= 3 && wanted.find(name) != std::string::npos) ||
                             (wanted.size() >= 3 && name.find(wanted) != std::string::npos);
      if (contained)
        best = std::min<std::size_t>(best, 1);
      else
        best = std::min(best, edit_distance(name, wanted));
    }
    if (best <= limit) scored.emplace_back(best, describe(node));
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> result;
  for (std::size_t k = 0; k < scored.size() && k < 5; ++k) result.push_back(scored[k].second);
  return result;
}

}  // namespace

Graph::vertex_descriptor resolve_entity(const KnowledgeGraph& knowledge, std::string_view name, std::string_view what) {
  const Graph& graph = knowledge.graph;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph)))
    if (graph[vertex].id == name) return vertex;
  const std::string wanted = fold(collapse_whitespace(name));
  std::vector<Graph::vertex_descriptor> found;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    bool named = fold(collapse_whitespace(node.label)) == wanted;
    for (const auto& alias : node.aliases) named = named || fold(collapse_whitespace(alias)) == wanted;
    if (named) found.push_back(vertex);
  }
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    std::vector<std::string> names;
    for (auto vertex : found) names.push_back(describe(graph[vertex]));
    throw Error(
        fmt::format("{} '{}' is ambiguous: it names {}; give the id instead", what, name, fmt::join(names, ", ")));
  }
  const auto near = close_matches(graph, wanted);
  if (near.empty()) throw Error(fmt::format("{} '{}' names no entity of the graph", what, name));
  throw Error(
      fmt::format("{} '{}' names no entity of the graph; close matches: {}", what, name, fmt::join(near, ", ")));
}

}  // namespace kgrep
