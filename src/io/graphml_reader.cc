#include <fmt/format.h>

#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "io/escape.h"
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

std::size_t line_at(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// The '>' that closes the tag opening at `pos` (quoted attribute values may hold '>').
std::size_t tag_end(std::string_view text, std::size_t pos) {
  char quote = 0;
  for (; pos < text.size(); ++pos) {
    const char ch = text[pos];
    if (quote != 0) {
      if (ch == quote) quote = 0;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == '>') {
      return pos;
    }
  }
  return std::string_view::npos;
}

// The line of the `index`-th (from 1) <`tag`> child of the first <graph>, or
// 0: property trees keep no positions, so errors found after parsing are
// placed by a light scan of the text (comments, CDATA, declarations skipped).
std::size_t element_line(std::string_view text, std::string_view tag, std::size_t index) {
  std::size_t depth = 0, count = 0;
  std::optional<std::size_t> graph_depth;
  for (std::size_t pos = text.find('<'); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
    const std::string_view rest = text.substr(pos);
    std::size_t end = std::string_view::npos;
    if (rest.starts_with("<!--")) {
      end = text.find("-->", pos);
    } else if (rest.starts_with("<![CDATA[")) {
      end = text.find("]]>", pos);
    } else if (rest.starts_with("<?") || rest.starts_with("<!")) {
      end = tag_end(text, pos);
    } else if (rest.starts_with("</")) {
      if (depth > 0) --depth;
      end = tag_end(text, pos);
    } else {
      end = tag_end(text, pos);
      if (end == std::string_view::npos) return 0;
      std::size_t name_end = pos + 1;
      while (name_end < end && std::string_view(" \t\r\n/").find(text[name_end]) == std::string_view::npos) ++name_end;
      const std::string_view name = text.substr(pos + 1, name_end - pos - 1);
      if (!graph_depth && name == "graph") {
        graph_depth = depth;
      } else if (graph_depth && depth == *graph_depth + 1 && name == tag && ++count == index) {
        return line_at(text, pos);
      }
      if (text[end - 1] != '/') ++depth;
    }
    if (end == std::string_view::npos) return 0;
    pos = end;
  }
  return 0;
}

class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  KnowledgeGraph read(std::istream& in) {
    std::ostringstream bytes;
    bytes << in.rdbuf();
    text_ = std::move(bytes).str();
    std::istringstream xml(text_);
    ptree document;
    try {
      boost::property_tree::read_xml(xml, document);
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
          throw Error(fmt::format("{}: duplicate node id '{}'", where("node", node_number), id));
      }
    }
    for (const auto& [tag, element] : *graph) {
      if (tag != "edge") continue;
      ++edge_number;
      const std::string source = attribute(element, "source");
      const std::string target = attribute(element, "target");
      for (const std::string* end : {&source, &target}) {
        if (!nodes.count(*end))
          throw Error(fmt::format("{}: '{}' is no node of the graph", where("edge", edge_number), *end));
      }
      EdgeProperties edge = read_edge(element, edge_number);
      auto key = std::make_tuple(source, edge.relation, target);
      if (!edges.emplace(key, std::move(edge)).second) {
        throw Error(fmt::format("{}: a second '{}' edge from '{}' to '{}'", where("edge", edge_number),
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
  std::map<std::string, std::string> data_of(const ptree& element, const char* what, std::size_t index) const {
    std::map<std::string, std::string> values;
    for (const auto& [tag, child] : element) {
      if (tag != "data") continue;
      const auto key = keys_.find(attribute(child, "key"));
      const std::string name = key != keys_.end() ? key->second : attribute(child, "key");
      values[name] = writable(child.get_value<std::string>(), what, index, name);
    }
    return values;
  }

  // `value` itself, unless it holds a character XML 1.0 does not allow (a
  // character reference such as &#1; gets one past the XML parser): kgrep
  // could not write such a value back, so the file is refused.
  std::string writable(std::string value, const char* what, std::size_t index, std::string_view field) const {
    for (std::size_t k = 0; k < value.size(); ++k) {
      if (xml_forbidden_length(value, k) == 0) continue;
      const unsigned char first = static_cast<unsigned char>(value[k]);
      const std::string character =
          first < 0x20 ? fmt::format("U+{:04X}", first) : (value[k + 2] == '\xBE' ? "U+FFFE" : "U+FFFF");
      throw Error(fmt::format("{}: {} holds {} at byte {}, a character XML 1.0 does not allow", where(what, index),
                              field, character, k));
    }
    return value;
  }

  // "NAME:LINE: node #3" (the line left out when the scan cannot place it).
  [[nodiscard]] std::string where(const char* what, std::size_t index) const {
    const std::size_t line = element_line(text_, what, index);
    if (line == 0) return fmt::format("{}: {} #{}", name_, what, index);
    return fmt::format("{}:{}: {} #{}", name_, line, what, index);
  }

  // A finite number (stod alone would take "nan", "inf" and hex floats' overflow).
  double number(const std::string& text, const char* what, std::size_t index, const char* field) const {
    try {
      std::size_t used = 0;
      const double value = std::stod(text, &used);
      if (used == text.size() && std::isfinite(value)) return value;
    } catch (...) {
    }
    throw Error(fmt::format("{}: {} '{}' is not a number", where(what, index), field, text));
  }

  NodeProperties read_node(const ptree& element, std::size_t index) const {
    NodeProperties node;
    node.id = writable(attribute(element, "id"), "node", index, "id");
    if (node.id.empty()) throw Error(fmt::format("{} has no id", where("node", index)));
    auto data = data_of(element, "node", index);
    node.label = data.count("label") ? data["label"] : node.id;
    node.type = data["type"];
    node.aliases = split_list(data["aliases"]);
    if (!data["mentions"].empty()) {
      const double mentions = number(data["mentions"], "node", index, "mentions");
      // Beyond 2^53 a double no longer counts in ones; casting beyond long's range is undefined.
      if (mentions < 0 || mentions > 9007199254740992.0 || mentions != std::floor(mentions))
        throw Error(fmt::format("{}: mentions '{}' is not a count", where("node", index), data["mentions"]));
      node.mentions = static_cast<long>(mentions);
    }
    node.discovered = data["discovered"] == "true" || data["discovered"] == "1";
    return node;
  }

  EdgeProperties read_edge(const ptree& element, std::size_t index) const {
    EdgeProperties edge;
    auto data = data_of(element, "edge", index);
    edge.relation = data.count("relation") ? data["relation"] : data["label"];
    if (edge.relation.empty()) throw Error(fmt::format("{} has no relation", where("edge", index)));
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
  std::string text_;
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
