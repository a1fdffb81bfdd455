#include <fmt/format.h>

#include <cmath>

#include "io/escape.h"
#include "io/type_style.h"
#include "kgrep/io.h"

namespace kgrep {

namespace {

std::string quoted(std::string_view text) { return "\"" + json_escape(text) + "\""; }

std::string string_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t k = 0; k < values.size(); ++k) out += (k ? ", " : "") + quoted(values[k]);
  return out + "]";
}

}  // namespace

void write_json(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "{\n  \"attributes\": {\"name\": \"kgrep\"},\n"
         "  \"options\": {\"type\": \"directed\", \"multi\": true, \"allowSelfLoops\": true},\n"
         "  \"nodes\": [";
  bool first = true;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    const TypeStyle& style = style_of(node.type);
    const auto degree = boost::in_degree(vertex, graph) + boost::out_degree(vertex, graph);
    // `entity_type`, not `type`: sigma.js reads a node's `type` as the name of
    // the program that draws it.
    const std::string fields = fmt::format(
        "\"label\": {}, \"entity_type\": {}, \"aliases\": {}, \"mentions\": {}, \"discovered\": {}", quoted(node.label),
        quoted(node.type), string_array(node.aliases), node.mentions, node.discovered ? "true" : "false");
    out << (first ? "\n" : ",\n")
        << fmt::format(
               "    {{\"key\": {0}, \"attributes\": {{{1}, \"color\": \"{2}\", \"size\": {3}}},\n"
               "     \"data\": {{\"id\": {0}, {1}}}}}",
               quoted(node.id), fields, style.hex, format_number(4.0 + 2.0 * std::sqrt(static_cast<double>(degree))));
    first = false;
  }
  out << "\n  ],\n  \"edges\": [";
  first = true;
  std::size_t number_of_edge = 0;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    const std::string key = fmt::format("\"e{}\"", number_of_edge++);
    const std::string source = quoted(graph[boost::source(edge, graph)].id);
    const std::string target = quoted(graph[boost::target(edge, graph)].id);
    const std::string fields = fmt::format(
        "\"relation\": {}, \"label\": {}, \"role\": {}, \"weight\": {}, \"confidence\": {}, \"first_seen\": {}, "
        "\"last_seen\": {}, \"docs\": {}, \"evidence\": {}, \"rules\": {}",
        quoted(properties.relation), quoted(properties.relation), string_array(properties.roles),
        format_number(properties.weight), format_number(properties.confidence), quoted(properties.first_seen),
        quoted(properties.last_seen), string_array(properties.docs), quoted(properties.evidence.sentence_text),
        string_array(properties.rules));
    out << (first ? "\n" : ",\n")
        << fmt::format(
               "    {{\"key\": {0}, \"source\": {1}, \"target\": {2}, \"attributes\": {{{3}, \"size\": {4}}},\n"
               "     \"data\": {{\"id\": {0}, \"source\": {1}, \"target\": {2}, {3}}}}}",
               key, source, target, fields, format_number(1.0 + std::log2(1.0 + properties.weight)));
    first = false;
  }
  out << "\n  ]\n}\n";
}

}  // namespace kgrep
