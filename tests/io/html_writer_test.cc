#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <sstream>

#include "kgrep/io.h"
#include "support/test_support.h"

namespace {

const std::string kDataOpen = R"(<script type="application/json" id="kgrep-data">)";

// Labels and sentences chosen to end the data element early, open a comment,
// or inject markup, in every case HTML's parser recognises.
kgrep::KnowledgeGraph hostile_graph() {
  kgrep::GraphBuilder builder;
  auto lab = kgrep::testing::make_entity("lab", "Lab</script><script>alert(1)</script>", "Organization",
                                         {"</SCRIPT >", "<!-- x"});
  lab.attributes = {{"kind", "lab <b>"}, {"country", "US"}};
  builder.add_entity(lab);
  builder.add_entity(kgrep::testing::make_entity("ada", "Ada \"Q\" & 'L'", "Person", {"Ada"}));
  builder.add_mentions("lab", 1);
  builder.add_mentions("ada", 3);
  kgrep::Fact fact;
  fact.subject = "ada";
  fact.relation = "joined";
  fact.object = "lab";
  fact.evidence = {"doc</script>1", "2026-01-02", {0, 5}, "Ada joined </script> Lab <!-- today.", "joined-en"};
  builder.add_fact(fact);
  return builder.build();
}

std::string page_of(const kgrep::KnowledgeGraph& graph, const std::string& source = "news") {
  std::ostringstream out;
  kgrep::write_html(graph, out, {source});
  return out.str();
}

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return text;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

std::string embedded_data(const std::string& page) {
  const auto begin = page.find(kDataOpen);
  REQUIRE(begin != std::string::npos);
  const auto end = lowered(page).find("</script", begin);
  REQUIRE(end != std::string::npos);
  return page.substr(begin + kDataOpen.size(), end - begin - kDataOpen.size());
}

}  // namespace

TEST_CASE("The HTML page's data element ends only where kgrep ends it, whatever the labels say", "[io][html]") {
  const std::string page = page_of(hostile_graph());
  // Two elements hold text the parser scans for "</script": the data and the
  // viewer; each is closed exactly once, and nothing in them opens a comment.
  CHECK(count_of(lowered(page), "<script") == 2);
  CHECK(count_of(lowered(page), "</script") == 2);
  const std::string data = embedded_data(page);
  CHECK(data.find('<') == std::string::npos);
  CHECK(data.find("<!--") == std::string::npos);
  // The escaped text is still all there, for JSON.parse to read back.
  CHECK(data.find(R"("label": "Lab\u003c/script>\u003cscript>alert(1)\u003c/script>")") != std::string::npos);
  CHECK(data.find(R"("\u003c/SCRIPT >")") != std::string::npos);
  CHECK(data.find(R"("\u003c!-- x")") != std::string::npos);
  CHECK(data.find(R"("evidence": "Ada joined \u003c/script> Lab \u003c!-- today.")") != std::string::npos);
  CHECK(data.find(R"("docs": ["doc\u003c/script>1"])") != std::string::npos);
  CHECK(data.find(R"("label": "Ada \"Q\" & 'L'")") != std::string::npos);
}

TEST_CASE("The HTML page embeds the node-link JSON, the nodes' attributes and the source's name", "[io][html]") {
  const kgrep::KnowledgeGraph graph = hostile_graph();
  std::ostringstream node_link;
  kgrep::write_json(graph, node_link);
  std::string expected_graph = node_link.str();
  std::string escaped;
  for (char ch : expected_graph) escaped += ch == '<' ? std::string("\\u003c") : std::string(1, ch);
  const std::string data = embedded_data(page_of(graph, "my <news>"));
  CHECK(data.rfind(R"({"source": "my \u003cnews>", "graph": )", 0) == 0);
  CHECK(data.find(escaped) != std::string::npos);
  CHECK(data.find(R"("node_properties": {"lab": {"country": "US", "kind": "lab \u003cb>"}}})") != std::string::npos);
}

TEST_CASE("The HTML page's title and header name the graph and count its nodes and edges", "[io][html]") {
  const std::string page = page_of(hostile_graph(), "seeds & <more>");
  CHECK(page.find("<title>seeds &amp; &lt;more&gt; (2 nodes, 1 edges) · kgrep</title>") != std::string::npos);
  CHECK(page.find("<h1>seeds &amp; &lt;more&gt;</h1>") != std::string::npos);
  CHECK(page.find("<p id=\"counts\">2 nodes, 1 edges") != std::string::npos);
  CHECK(page_of(hostile_graph(), "").find("<h1>graph</h1>") != std::string::npos);
}

TEST_CASE("The HTML page carries the bundled viewer and its style, with every slot filled", "[io][html]") {
  const std::string page = page_of(hostile_graph());
  CHECK(page.rfind("<!doctype html>", 0) == 0);
  CHECK(page.find("@KGREP:") == std::string::npos);
  CHECK(page.find("kgrepViewer") != std::string::npos);
  CHECK(page.find("#search-box") != std::string::npos);
  // The viewer with sigma.js and graphology, minified: about 440 KB before.
  const auto script = page.find("<script>");
  REQUIRE(script != std::string::npos);
  const std::size_t viewer_size = page.find("</script>", script) - script;
  CHECK(viewer_size > 100000);
  CHECK(viewer_size < 300000);
  CHECK(page_of(hostile_graph()) == page);
}

TEST_CASE("HTML is a format by name and by extension, and a file is named after itself", "[io][html]") {
  CHECK(kgrep::parse_graph_format("html") == kgrep::GraphFormat::kHtml);
  CHECK(kgrep::graph_format_for_path("out/graph.v2.html") == kgrep::GraphFormat::kHtml);
  kgrep::testing::TempDir directory;
  const auto path = (directory.path() / "ai-news.html").string();
  CHECK(kgrep::write_graph_file(hostile_graph(), kgrep::GraphFormat::kHtml, path) == std::vector<std::string>{path});
  const std::string page = kgrep::testing::read_file(path);
  CHECK(page.find("<h1>ai-news</h1>") != std::string::npos);
  kgrep::ExportOptions named;
  named.html.source_name = "examples";
  kgrep::write_graph_file(hostile_graph(), kgrep::GraphFormat::kHtml, path, named);
  CHECK(kgrep::testing::read_file(path).find("<h1>examples</h1>") != std::string::npos);
}
