// The interactive page: one HTML file holding the graph (the node-link JSON of
// write_json plus each node's attributes) and the viewer built from web/ at
// build time, so it opens from file:// with no network and nothing beside it.
#include <fmt/format.h>

#include <sstream>

#include "io/escape.h"
#include "kgrep/io.h"

namespace kgrep {

namespace viewer {
// Defined in the source tools/embed_viewer.cmake generates from web/: the page
// with its @KGREP:name@ slots, and the bundled, minified stylesheet and script.
std::string_view page_template();
std::string_view style();
std::string_view script();
}  // namespace viewer

namespace {

std::string quoted(std::string_view text) { return "\"" + json_escape(text) + "\""; }

// Each node's attributes from the rule pack ({"id": {"key": "value"}}), which
// the node-link JSON leaves out; nodes without any are omitted.
std::string node_properties_json(const KnowledgeGraph& knowledge) {
  const Graph& graph = knowledge.graph;
  std::string out = "{";
  bool first = true;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    if (node.attributes.empty()) continue;
    out += (first ? "" : ", ") + quoted(node.id) + ": {";
    bool first_attribute = true;
    for (const auto& [key, value] : node.attributes) {
      out += (first_attribute ? "" : ", ") + quoted(key) + ": " + quoted(value);
      first_attribute = false;
    }
    out += "}";
    first = false;
  }
  return out + "}";
}

// JSON inside <script type="application/json">. The HTML parser ends the
// element at the first "</script" and treats "<!--" specially, whatever the
// JSON means; a '<' can only stand inside a JSON string, where \u003c reads
// back as the same character, so escaping every '<' makes both impossible.
std::string script_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size() + json.size() / 64);
  for (char ch : json) {
    if (ch == '<')
      out += "\\u003c";
    else
      out += ch;
  }
  return out;
}

std::string page_data(const KnowledgeGraph& graph, const std::string& source_name) {
  std::ostringstream node_link;
  write_json(graph, node_link);
  return script_safe(fmt::format("{{\"source\": {}, \"graph\": {}, \"node_properties\": {}}}", quoted(source_name),
                                 node_link.str(), node_properties_json(graph)));
}

}  // namespace

void write_html(const KnowledgeGraph& graph, std::ostream& out, const HtmlOptions& options) {
  const std::string source = options.source_name.empty() ? "graph" : options.source_name;
  const std::string counts = fmt::format("{} nodes, {} edges", graph.node_count(), graph.edge_count());
  const auto fill = [&](std::string_view slot) -> std::string {
    if (slot == "title") return xml_escape(fmt::format("{} ({}) · kgrep", source, counts));
    if (slot == "heading") return xml_escape(source);
    if (slot == "counts") return xml_escape(counts);
    if (slot == "style") return std::string(viewer::style());
    if (slot == "script") return std::string(viewer::script());
    if (slot == "data") return page_data(graph, source);
    throw Error(fmt::format("the embedded HTML page has an unknown slot @KGREP:{}@", slot));
  };
  // One pass over the template, so a slot's text is never searched for slots.
  constexpr std::string_view kOpen = "@KGREP:";
  const std::string_view page = viewer::page_template();
  std::size_t done = 0;
  for (std::size_t open = page.find(kOpen); open != std::string_view::npos; open = page.find(kOpen, done)) {
    const std::size_t close = page.find('@', open + kOpen.size());
    if (close == std::string_view::npos) throw Error("the embedded HTML page has an unterminated @KGREP: slot");
    out << page.substr(done, open - done) << fill(page.substr(open + kOpen.size(), close - open - kOpen.size()));
    done = close + 1;
  }
  out << page.substr(done);
}

}  // namespace kgrep
