#include <fmt/format.h>

#include "io/escape.h"
#include "io/type_style.h"
#include "kgrep/io.h"

namespace kgrep {

// Gephi's spreadsheet import recognises Id and Label (nodes) and Source,
// Target, Type (Directed/Undirected), Label and Weight (edges) by name; the
// other columns become attributes.
void write_csv_nodes(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "Id,Label,type,aliases,mentions,discovered,color\r\n";
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    out << csv_field(node.id) << ',' << csv_field(node.label) << ',' << csv_field(node.type) << ','
        << csv_field(join_list(node.aliases)) << ',' << node.mentions << ',' << (node.discovered ? "true" : "false")
        << ',' << style_of(node.type).hex << "\r\n";
  }
}

void write_csv_edges(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "Source,Target,Type,Id,Label,relation,role,Weight,confidence,first_seen,last_seen,docs,evidence,rules\r\n";
  std::size_t number = 0;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    out << csv_field(graph[boost::source(edge, graph)].id) << ',' << csv_field(graph[boost::target(edge, graph)].id)
        << ",Directed,e" << number++ << ',' << csv_field(properties.relation) << ',' << csv_field(properties.relation)
        << ',' << csv_field(join_list(properties.roles)) << ',' << format_number(properties.weight) << ','
        << format_number(properties.confidence) << ',' << csv_field(properties.first_seen) << ','
        << csv_field(properties.last_seen) << ',' << csv_field(join_list(properties.docs)) << ','
        << csv_field(properties.evidence.sentence_text) << ',' << csv_field(join_list(properties.rules)) << "\r\n";
  }
}

}  // namespace kgrep
