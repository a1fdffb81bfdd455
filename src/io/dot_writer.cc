#include <fmt/format.h>

#include <stdexcept>

#include "io/escape.h"
#include "kgrep/io.h"

namespace kgrep {

namespace {

struct TypeStyle {
  std::string_view type;
  std::string_view shape;
  std::string_view fill;
};

constexpr TypeStyle kStyles[] = {
    {"Organization", "box", "#a6cee3"},  {"Person", "ellipse", "#b2df8a"}, {"Model", "hexagon", "#fdbf6f"},
    {"Product", "component", "#fb9a99"}, {"Event", "diamond", "#cab2d6"},  {"Place", "house", "#ffff99"},
    {"Amount", "note", "#e0e0e0"},       {"Date", "plain", "#ffffff"},
};

const TypeStyle& style_of(std::string_view type) {
  for (const auto& style : kStyles)
    if (style.type == type) return style;
  static constexpr TypeStyle kOther{"", "ellipse", "#f0f0f0"};
  return kOther;
}

}  // namespace

void write_dot(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "digraph \"kgrep\" {\n"
         "  graph [rankdir=LR, overlap=false, fontname=\"Helvetica\"];\n"
         "  node [style=filled, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    const TypeStyle& style = style_of(node.type);
    out << fmt::format("  \"{}\" [label=\"{}\", type=\"{}\", shape={}, fillcolor=\"{}\", mentions={}];\n",
                       dot_escape(node.id), dot_escape(node.label), dot_escape(node.type), style.shape, style.fill,
                       node.mentions);
  }
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    std::string label = properties.relation;
    if (!properties.roles.empty()) {
      label += " (";
      for (std::size_t k = 0; k < properties.roles.size(); ++k) label += (k ? ", " : "") + properties.roles[k];
      label += ")";
    }
    out << fmt::format("  \"{}\" -> \"{}\" [label=\"{}\", relation=\"{}\", weight={}];\n",
                       dot_escape(graph[boost::source(edge, graph)].id),
                       dot_escape(graph[boost::target(edge, graph)].id), dot_escape(label),
                       dot_escape(properties.relation), static_cast<long>(properties.weight));
  }
  out << "}\n";
}

GraphFormat parse_graph_format(std::string_view name) {
  if (name == "graphml") return GraphFormat::kGraphml;
  if (name == "dot" || name == "gv") return GraphFormat::kDot;
  throw Error(fmt::format("unknown output format '{}' (known: graphml, dot)", name));
}

GraphFormat graph_format_for_path(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
    throw Error(fmt::format("{}: cannot tell the output format from the file name; give --format", path));
  return parse_graph_format(path.substr(dot + 1));
}

void write_graph(const KnowledgeGraph& graph, GraphFormat format, std::ostream& out) {
  if (format == GraphFormat::kGraphml)
    write_graphml(graph, out);
  else
    write_dot(graph, out);
}

}  // namespace kgrep
