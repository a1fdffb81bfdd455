#include <fmt/format.h>

#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fstream>
#include <map>

#include "kgrep/io.h"

namespace kgrep {

namespace {

using boost::property_tree::ptree;

std::string attribute(const ptree& element, const std::string& name) {
  // Attribute names such as "attr.name" hold dots, ptree's default separator.
  return element.get<std::string>(ptree::path_type("<xmlattr>/" + name, '/'), "");
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("; ", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) values.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return values;
}

class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  KnowledgeGraph read(std::istream& in) {
    ptree document;
    try {
      boost::property_tree::read_xml(in, document);
    } catch (const boost::property_tree::xml_parser_error& error) {
      throw Error(fmt::format("{}:{}: not well-formed XML: {}", name_, error.line(), error.message()));
    }
    const auto root = document.get_child_optional("graphml");
    if (!root) throw Error(fmt::format("{}: not GraphML: the root element is not <graphml>", name_));
    for (const auto& [tag, element] : *root) {
      if (tag == "key") keys_[attribute(element, "id")] = attribute(element, "attr.name");
    }
    const auto graph = root->get_child_optional("graph");
    if (!graph) throw Error(fmt::format("{}: GraphML without a <graph> element", name_));
    std::map<std::string, NodeProperties> nodes;
    std::map<std::tuple<std::string, std::string, std::string>, EdgeProperties> edges;
    std::size_t node_number = 0, edge_number = 0;
    for (const auto& [tag, element] : *graph) {
      if (tag == "node") {
        ++node_number;
        NodeProperties node = read_node(element, node_number);
        const std::string id = node.id;
        if (!nodes.emplace(id, std::move(node)).second)
          throw Error(fmt::format("{}: node #{}: duplicate node id '{}'", name_, node_number, id));
      }
    }
    for (const auto& [tag, element] : *graph) {
      if (tag != "edge") continue;
      ++edge_number;
      const std::string source = attribute(element, "source");
      const std::string target = attribute(element, "target");
      for (const std::string* end : {&source, &target}) {
        if (!nodes.count(*end))
          throw Error(fmt::format("{}: edge #{}: '{}' is no node of the graph", name_, edge_number, *end));
      }
      EdgeProperties edge = read_edge(element, edge_number);
      auto key = std::make_tuple(source, edge.relation, target);
      if (!edges.emplace(key, std::move(edge)).second) {
        throw Error(fmt::format("{}: edge #{}: a second '{}' edge from '{}' to '{}'", name_, edge_number,
                                std::get<1>(key), source, target));
      }
    }
    KnowledgeGraph result;
    std::map<std::string, Graph::vertex_descriptor> vertex_of;
    for (auto& [id, node] : nodes) vertex_of[id] = boost::add_vertex(std::move(node), result.graph);
    for (auto& [key, edge] : edges)
      boost::add_edge(vertex_of[std::get<0>(key)], vertex_of[std::get<2>(key)], std::move(edge), result.graph);
    return result;
  }

 private:
  // The <data> values of an element by attribute name.
  std::map<std::string, std::string> data_of(const ptree& element) const {
    std::map<std::string, std::string> values;
    for (const auto& [tag, child] : element) {
      if (tag != "data") continue;
      const auto key = keys_.find(attribute(child, "key"));
      values[key != keys_.end() ? key->second : attribute(child, "key")] = child.get_value<std::string>();
    }
    return values;
  }

  double number(const std::string& text, const std::string& what, std::size_t index, const char* field) const {
    try {
      std::size_t used = 0;
      const double value = std::stod(text, &used);
      if (used == text.size()) return value;
    } catch (...) {
    }
    throw Error(fmt::format("{}: {} #{}: {} '{}' is not a number", name_, what, index, field, text));
  }

  NodeProperties read_node(const ptree& element, std::size_t index) const {
    NodeProperties node;
    node.id = attribute(element, "id");
    if (node.id.empty()) throw Error(fmt::format("{}: node #{} has no id", name_, index));
    auto data = data_of(element);
    node.label = data.count("label") ? data["label"] : node.id;
    node.type = data["type"];
    node.aliases = split_list(data["aliases"]);
    if (!data["mentions"].empty())
      node.mentions = static_cast<long>(number(data["mentions"], "node", index, "mentions"));
    node.discovered = data["discovered"] == "true" || data["discovered"] == "1";
    return node;
  }

  EdgeProperties read_edge(const ptree& element, std::size_t index) const {
    EdgeProperties edge;
    auto data = data_of(element);
    edge.relation = data.count("relation") ? data["relation"] : data["label"];
    if (edge.relation.empty()) throw Error(fmt::format("{}: edge #{} has no relation", name_, index));
    edge.roles = split_list(data["role"]);
    edge.weight = data["weight"].empty() ? 1.0 : number(data["weight"], "edge", index, "weight");
    edge.confidence = data["confidence"].empty() ? 1.0 : number(data["confidence"], "edge", index, "confidence");
    edge.first_seen = data["first_seen"];
    edge.last_seen = data["last_seen"];
    edge.docs = split_list(data["docs"]);
    edge.rules = split_list(data["rules"]);
    edge.evidence.sentence_text = data["evidence"];
    if (!edge.docs.empty()) edge.evidence.doc_id = edge.docs.front();
    if (!edge.rules.empty()) edge.evidence.rule_id = edge.rules.front();
    return edge;
  }

  std::string name_;
  std::map<std::string, std::string> keys_;  // key id -> attr.name
};

}  // namespace

KnowledgeGraph read_graphml(std::istream& in, const std::string& name) { return Reader(name).read(in); }

KnowledgeGraph read_graphml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open the graph file", path));
  return read_graphml(in, path);
}

}  // namespace kgrep
