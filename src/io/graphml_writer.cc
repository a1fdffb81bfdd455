#include <fmt/format.h>

#include "io/escape.h"
#include "io/type_style.h"
#include "kgrep/io.h"

namespace kgrep {

namespace {

struct Key {
  const char* id;
  const char* for_what;
  const char* name;
  const char* type;
};

// The schema contract of DESIGN.md, plus `entity_id` (the node id as data, for
// readers that renumber nodes) and `role` (works_at titles).
constexpr Key kKeys[] = {
    {"v_entity_id", "node", "entity_id", "string"},
    {"v_label", "node", "label", "string"},
    {"v_type", "node", "type", "string"},
    {"v_aliases", "node", "aliases", "string"},
    {"v_mentions", "node", "mentions", "int"},
    {"v_discovered", "node", "discovered", "boolean"},
    // Gephi reads node attributes named r, g and b as the node's colour.
    {"v_r", "node", "r", "int"},
    {"v_g", "node", "g", "int"},
    {"v_b", "node", "b", "int"},
    {"e_relation", "edge", "relation", "string"},
    {"e_label", "edge", "label", "string"},
    {"e_role", "edge", "role", "string"},
    {"e_weight", "edge", "weight", "double"},
    {"e_confidence", "edge", "confidence", "double"},
    {"e_first_seen", "edge", "first_seen", "string"},
    {"e_last_seen", "edge", "last_seen", "string"},
    {"e_docs", "edge", "docs", "string"},
    {"e_evidence", "edge", "evidence", "string"},
    {"e_rules", "edge", "rules", "string"},
};

void data(std::ostream& out, std::string_view key, std::string_view value) {
  out << "      <data key=\"" << key << "\">" << xml_escape(value) << "</data>\n";
}

}  // namespace

void write_graphml(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const Key& key : kKeys) {
    out << fmt::format("  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"/>\n", key.id, key.for_what,
                       key.name, key.type);
  }
  out << "  <graph id=\"kgrep\" edgedefault=\"directed\">\n";
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    out << "    <node id=\"" << xml_escape(node.id) << "\">\n";
    data(out, "v_entity_id", node.id);
    data(out, "v_label", node.label);
    data(out, "v_type", node.type);
    data(out, "v_aliases", join_list(node.aliases));
    data(out, "v_mentions", std::to_string(node.mentions));
    data(out, "v_discovered", node.discovered ? "true" : "false");
    const TypeStyle& style = style_of(node.type);
    data(out, "v_r", std::to_string(style.r));
    data(out, "v_g", std::to_string(style.g));
    data(out, "v_b", std::to_string(style.b));
    out << "    </node>\n";
  }
  std::size_t edge_number = 0;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    out << fmt::format("    <edge id=\"e{}\" source=\"{}\" target=\"{}\">\n", edge_number++,
                       xml_escape(graph[boost::source(edge, graph)].id),
                       xml_escape(graph[boost::target(edge, graph)].id));
    data(out, "e_relation", properties.relation);
    data(out, "e_label", properties.relation);
    data(out, "e_role", join_list(properties.roles));
    data(out, "e_weight", format_number(properties.weight));
    data(out, "e_confidence", format_number(properties.confidence));
    data(out, "e_first_seen", properties.first_seen);
    data(out, "e_last_seen", properties.last_seen);
    data(out, "e_docs", join_list(properties.docs));
    data(out, "e_evidence", properties.evidence.sentence_text);
    data(out, "e_rules", join_list(properties.rules));
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

}  // namespace kgrep
