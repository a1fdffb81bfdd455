#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "io/escape.h"
#include "io/type_style.h"
#include "kgrep/io.h"

namespace kgrep {

namespace {

std::string node_statement(const NodeProperties& node, std::string_view indent) {
  const TypeStyle& style = style_of(node.type);
  return fmt::format("{}\"{}\" [label=\"{}\", type=\"{}\", shape={}, fillcolor=\"{}\", mentions={}];\n", indent,
                     dot_name_escape(node.id), dot_escape(node.label), dot_name_escape(node.type), style.dot_shape,
                     style.hex, node.mentions);
}

// With clusters, each organisation that someone works at becomes a box holding
// it and its people; a person who works at several goes with the first by id.
std::vector<std::size_t> cluster_of(const Graph& graph, bool clusters) {
  const std::size_t none = boost::num_vertices(graph);
  std::vector<std::size_t> cluster(boost::num_vertices(graph), none);
  if (!clusters) return cluster;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const auto person = boost::source(edge, graph);
    const auto organization = boost::target(edge, graph);
    if (graph[edge].relation != "works_at" || graph[person].type != "Person" ||
        graph[organization].type != "Organization" || cluster[person] != none)
      continue;
    cluster[person] = organization;
    cluster[organization] = organization;
  }
  return cluster;
}

}  // namespace

void write_dot(const KnowledgeGraph& knowledge, std::ostream& out, const DotOptions& options) {
  const Graph& graph = knowledge.graph;
  out << "digraph \"kgrep\" {\n"
         "  graph [rankdir=LR, overlap=false, fontname=\"Helvetica\"];\n"
         "  node [style=filled, fontname=\"Helvetica\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  const std::vector<std::size_t> cluster = cluster_of(graph, options.clusters);
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    if (cluster[vertex] == boost::num_vertices(graph)) out << node_statement(graph[vertex], "  ");
  }
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    if (cluster[vertex] != vertex) continue;
    out << fmt::format("  subgraph \"cluster_{}\" {{\n    label=\"{}\";\n    style=rounded;\n",
                       dot_name_escape(graph[vertex].id), dot_escape(graph[vertex].label));
    for (auto member : boost::make_iterator_range(boost::vertices(graph))) {
      if (cluster[member] == vertex) out << node_statement(graph[member], "    ");
    }
    out << "  }\n";
  }
  if (options.legend) {
    std::set<std::string> types;
    for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) types.insert(graph[vertex].type);
    out << "  subgraph \"cluster_kgrep_legend\" {\n    label=\"entity types\";\n    style=dashed;\n";
    for (const std::string& type : types) {
      const TypeStyle& style = style_of(type);
      out << fmt::format("    \"kgrep_legend_{}\" [label=\"{}\", shape={}, fillcolor=\"{}\"];\n", dot_name_escape(type),
                         dot_escape(type), style.dot_shape, style.hex);
    }
    out << "  }\n";
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
                       dot_name_escape(graph[boost::source(edge, graph)].id),
                       dot_name_escape(graph[boost::target(edge, graph)].id), dot_escape(label),
                       dot_name_escape(properties.relation), static_cast<long>(properties.weight));
  }
  out << "}\n";
}

GraphFormat parse_graph_format(std::string_view name) {
  if (name == "graphml") return GraphFormat::kGraphml;
  if (name == "dot" || name == "gv") return GraphFormat::kDot;
  if (name == "gexf") return GraphFormat::kGexf;
  if (name == "json") return GraphFormat::kJson;
  if (name == "csv") return GraphFormat::kCsv;
  if (name == "svg") return GraphFormat::kSvg;
  if (name == "png") return GraphFormat::kPng;
  if (name == "html") return GraphFormat::kHtml;
  if (name == "facts" || name == "jsonl") return GraphFormat::kFacts;
  throw Error(
      fmt::format("unknown output format '{}' (known: graphml, gexf, dot, json, csv, svg, png, html, facts)", name));
}

GraphFormat graph_format_for_path(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
    throw Error(fmt::format("{}: cannot tell the output format from the file name; give --format", path));
  return parse_graph_format(path.substr(dot + 1));
}

void write_graph(const KnowledgeGraph& graph, GraphFormat format, std::ostream& out, const ExportOptions& options) {
  switch (format) {
    case GraphFormat::kGraphml:
      return write_graphml(graph, out);
    case GraphFormat::kDot:
      return write_dot(graph, out, options.dot);
    case GraphFormat::kGexf:
      return write_gexf(graph, out, options.gexf);
    case GraphFormat::kJson:
      return write_json(graph, out);
    case GraphFormat::kHtml:
      return write_html(graph, out, options.html);
    case GraphFormat::kFacts:
      return write_facts(graph, out);
    case GraphFormat::kCsv:
      throw Error("CSV is two tables: write it to a file (-o graph.csv gives graph.nodes.csv and graph.edges.csv)");
    case GraphFormat::kSvg:
    case GraphFormat::kPng:
      throw Error("SVG and PNG are drawn by Graphviz: write them to a file (-o graph.svg)");
  }
}

}  // namespace kgrep
