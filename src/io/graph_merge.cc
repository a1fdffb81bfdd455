#include <map>
#include <set>
#include <sstream>

#include "kgrep/io.h"

namespace kgrep {

namespace {

std::string as_text(const KnowledgeGraph& graph, void (*writer)(const KnowledgeGraph&, std::ostream&)) {
  std::ostringstream out;
  writer(graph, out);
  return out.str();
}

}  // namespace

MergeResult merge_graphs(const std::vector<KnowledgeGraph>& graphs) {
  // Twins (the same graph as GraphML shows it) count once; of twins the one
  // that says most is kept: the longest facts stream, then the greatest, so
  // the choice never depends on the order of the inputs.
  std::map<std::string, std::pair<std::string, const KnowledgeGraph*>> by_graphml;
  for (const KnowledgeGraph& graph : graphs) {
    std::string facts = as_text(graph, write_facts);
    auto [it, inserted] = by_graphml.try_emplace(as_text(graph, write_graphml), facts, &graph);
    if (inserted) continue;
    const std::string& kept = it->second.first;
    const bool says_more = facts.size() != kept.size() ? facts.size() > kept.size() : facts > kept;
    if (says_more) it->second = {std::move(facts), &graph};
  }
  MergeResult result;
  result.distinct_inputs = by_graphml.size();
  GraphBuilder builder;
  std::map<std::string, std::size_t> inputs_of_document;
  for (const auto& [graphml, kept] : by_graphml) {
    const KnowledgeGraph& graph = *kept.second;
    builder.add_graph(graph);
    std::set<std::string> documents;
    for (auto edge : boost::make_iterator_range(boost::edges(graph.graph)))
      documents.insert(graph.graph[edge].docs.begin(), graph.graph[edge].docs.end());
    for (const auto& document : documents) ++inputs_of_document[document];
  }
  for (const auto& [document, count] : inputs_of_document)
    if (count > 1) result.shared_documents.push_back(document);
  result.graph = builder.build();
  return result;
}

}  // namespace kgrep
