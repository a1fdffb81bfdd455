// Every writer, given labels, ids, aliases, roles, documents and evidence that
// hold quotes, '&', '<', backslashes, line breaks, characters XML forbids,
// right-to-left text, emoji and leading digits, writes a file that a reader
// other than kgrep's (tests/io/read_back.py: Python's XML, CSV, JSON and HTML
// parsers, networkx, Graphviz) reads back with the text intact, or with the
// replacement the writer documents: characters XML 1.0 forbids are dropped
// from GraphML and GEXF (and from CSV), DOT drops control characters but tab
// from labels (CR included, so CRLF is one line break) and doubles a backslash
// in a name where Graphviz cannot read a single one back.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "core/json_value.h"
#include "kgrep/io.h"
#include "support/test_support.h"

namespace {

using kgrep::testing::make_entity;
using kgrep::testing::read_file;
using kgrep::testing::TempDir;
namespace json = kgrep::json_value;

// Leading spaces and digits, quotes, entities written out, markup that could
// end a script or a comment, Graphviz's escapes, CRLF, tab, controls XML
// forbids (and DEL, which it allows), Hebrew and Arabic with a direction
// override, an emoji, a ZWJ sequence and a flag.
const std::string kLabel =
    "  42nd \"Q\" & &amp; 'single' <tag> </script> <!-- ]]> back\\slash \\N \\l\r\nline two\tend\x01\x1f\x7f "
    "\u05E9\u05DC\u05D5\u05DD \u202E\u0645\u0631\u062D\u0628\u0627\u202C \U0001F600 "
    "\U0001F469\u200D\U0001F4BB \U0001F1F3\U0001F1F1 ";
const std::string kSentence =
    "He said \"hi\" & left <now>,\nthen \\ wrote \u05E9\u05DC\u05D5\u05DD \U0001F600\x02 at 7.";
const std::string kRole = "chief \"AI\" & <ML>, officer\x03";
const std::string kDoc = "dir/a, b \"c\" & <d>.txt";
const std::string kOddId = "42 \"x\" & <y> back\\slash \u05E9 \U0001F600";
const std::string kBackslashId = "ends\\";

kgrep::KnowledgeGraph hostile_graph() {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("7-up", kLabel, "Organization",
                                 {"A, B", "C \"D\" & <E>", "\u05E9\u05DC\u05D5\u05DD \U0001F600", "1st"}));
  builder.add_entity(make_entity(kOddId, "Odd \"id\"", "Person"));
  builder.add_entity(make_entity(kBackslashId, "Ends in a backslash \\", "Model"));
  builder.add_entity(make_entity("zoph", "Barret Zoph", "Person"));
  kgrep::Fact fact;
  fact.subject = "zoph";
  fact.relation = "works_at";
  fact.object = "7-up";
  fact.role = kRole;
  fact.evidence = {kDoc, "2026-02-03", {0, 10}, kSentence, "rule"};
  builder.add_fact(fact);
  fact.subject = kOddId;
  fact.relation = "joined";
  fact.role.clear();
  fact.evidence = {"plain.txt", "2026-01", {0, 5}, "Plain.", "rule"};
  builder.add_fact(fact);
  fact.subject = kOddId;
  fact.relation = "released";
  fact.object = kBackslashId;
  builder.add_fact(fact);
  return builder.build();
}

// Drops control characters but those `kept` lists.
std::string without_controls(std::string_view text, std::string_view kept) {
  std::string out;
  for (char ch : text) {
    if (static_cast<unsigned char>(ch) >= 0x20 || kept.find(ch) != std::string_view::npos) out += ch;
  }
  return out;
}
std::string xml_kept(std::string_view text) { return without_controls(text, "\t\n\r"); }

struct Node {
  std::string label, type;
  std::vector<std::string> aliases;
  bool operator==(const Node&) const = default;
};
struct Edge {
  std::vector<std::string> role, docs;
  std::string evidence, label;
  bool operator==(const Edge&) const = default;
};
using EdgeKey = std::tuple<std::string, std::string, std::string>;  // source, relation, target
struct Seen {
  std::map<std::string, Node> nodes;
  std::map<EdgeKey, Edge> edges;
};

std::string text_of(const json::Value* value) { return value ? value->text : std::string(); }
std::vector<std::string> list_of(const json::Value* value) {
  std::vector<std::string> items;
  if (value) {
    for (const auto& item : value->items) items.push_back(item.text);
  }
  return items;
}

// Runs read_back.py; an empty result (after a WARN) when the reader cannot run here.
std::optional<Seen> read_back(const std::string& reader, const std::vector<std::string>& files) {
  const std::string python =
      std::system("test -x /usr/bin/python3") == 0 ? "/usr/bin/python3" : "python3";  // Debian's has networkx
  std::string command = python + " " + KGREP_SOURCE_DIR + "/tests/io/read_back.py " + reader;
  for (const auto& file : files) command += " '" + file + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, got);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
    WARN(reader << ": the reader is not installed here, not checked");
    return std::nullopt;
  }
  INFO(command);
  REQUIRE(status == 0);
  json::Value document;
  json::ParseError error;
  REQUIRE(json::parse(output, document, error));
  Seen seen;
  for (const auto& node : document.find("nodes")->items) {
    seen.nodes[text_of(node.find("id"))] = {text_of(node.find("label")), text_of(node.find("type")),
                                            list_of(node.find("aliases"))};
  }
  for (const auto& edge : document.find("edges")->items) {
    const EdgeKey key{text_of(edge.find("source")), text_of(edge.find("relation")), text_of(edge.find("target"))};
    seen.edges[key] = {list_of(edge.find("role")), list_of(edge.find("docs")), text_of(edge.find("evidence")),
                       text_of(edge.find("label"))};
  }
  return seen;
}

// What a reader of a format that carries everything must see, each text passed through `kept`.
Seen expected(const kgrep::KnowledgeGraph& knowledge, std::string (*kept)(std::string_view)) {
  const auto& graph = knowledge.graph;
  const auto all_kept = [&](const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& value : values) out.push_back(kept(value));
    return out;
  };
  Seen seen;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const auto& node = graph[vertex];
    seen.nodes[kept(node.id)] = {kept(node.label), node.type, all_kept(node.aliases)};
  }
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const auto& properties = graph[edge];
    const EdgeKey key{kept(graph[boost::source(edge, graph)].id), properties.relation,
                      kept(graph[boost::target(edge, graph)].id)};
    seen.edges[key] = {all_kept(properties.roles), all_kept(properties.docs), kept(properties.evidence.sentence_text),
                       ""};
  }
  return seen;
}

std::string intact(std::string_view text) { return std::string(text); }

void check_same(const Seen& seen, const Seen& wanted) {
  CHECK(seen.nodes.size() == wanted.nodes.size());
  for (const auto& [id, node] : wanted.nodes) {
    CAPTURE(id);
    const auto found = seen.nodes.find(id);
    REQUIRE(found != seen.nodes.end());
    CHECK(found->second.label == node.label);
    CHECK(found->second.type == node.type);
    CHECK(found->second.aliases == node.aliases);
  }
  CHECK(seen.edges.size() == wanted.edges.size());
  for (const auto& [key, edge] : wanted.edges) {
    CAPTURE(std::get<0>(key), std::get<1>(key), std::get<2>(key));
    const auto found = seen.edges.find(key);
    REQUIRE(found != seen.edges.end());
    CHECK(found->second == edge);
  }
}

std::string write_to(const TempDir& dir, const std::string& name, kgrep::GraphFormat format,
                     const kgrep::ExportOptions& options = {}) {
  const std::string path = (dir.path() / name).string();
  kgrep::write_graph_file(hostile_graph(), format, path, options);
  return path;
}

}  // namespace

TEST_CASE("GraphML with hostile text reads back intact through expat, networkx and kgrep", "[io][hostile]") {
  TempDir dir;
  const std::string file = write_to(dir, "g.graphml", kgrep::GraphFormat::kGraphml);
  const Seen wanted = expected(hostile_graph(), xml_kept);
  for (const std::string reader : {"graphml", "graphml-networkx"}) {
    SECTION(reader) {
      if (auto seen = read_back(reader, {file})) check_same(*seen, wanted);
    }
  }
  SECTION("kgrep's reader") {
    const auto graph = kgrep::read_graphml_file(file);
    check_same(expected(graph, intact), wanted);
    std::ostringstream again;
    kgrep::write_graphml(graph, again);
    CHECK(again.str() == read_file(file));
  }
}

TEST_CASE("GEXF with hostile text reads back intact through expat and networkx", "[io][hostile]") {
  TempDir dir;
  const std::string file = write_to(dir, "g.gexf", kgrep::GraphFormat::kGexf);
  const Seen wanted = expected(hostile_graph(), xml_kept);
  for (const std::string reader : {"gexf", "gexf-networkx"}) {
    SECTION(reader) {
      if (auto seen = read_back(reader, {file})) check_same(*seen, wanted);
    }
  }
}

TEST_CASE("JSON, the HTML page's data and the facts stream carry hostile text unchanged", "[io][hostile]") {
  TempDir dir;
  const Seen wanted = expected(hostile_graph(), intact);
  SECTION("json") {
    if (auto seen = read_back("json", {write_to(dir, "g.json", kgrep::GraphFormat::kJson)})) check_same(*seen, wanted);
  }
  SECTION("html") {
    if (auto seen = read_back("html", {write_to(dir, "g.html", kgrep::GraphFormat::kHtml)})) check_same(*seen, wanted);
  }
  SECTION("facts") {
    const std::string file = write_to(dir, "g.facts.jsonl", kgrep::GraphFormat::kFacts);
    if (auto seen = read_back("facts", {file})) check_same(*seen, wanted);
    std::ostringstream again;
    kgrep::write_facts(kgrep::read_graph_file(file), again);
    CHECK(again.str() == read_file(file));
  }
}

TEST_CASE("CSV in both dialects reads back with hostile text intact but for control characters", "[io][hostile]") {
  TempDir dir;
  const Seen wanted = expected(hostile_graph(), xml_kept);
  SECTION("gephi") {
    write_to(dir, "g.csv", kgrep::GraphFormat::kCsv);
    const auto nodes = (dir.path() / "g.nodes.csv").string();
    if (auto seen = read_back("csv", {nodes, (dir.path() / "g.edges.csv").string()})) check_same(*seen, wanted);
  }
  SECTION("neo4j") {
    kgrep::ExportOptions options;
    options.csv = kgrep::CsvDialect::kNeo4j;
    write_to(dir, "g.csv", kgrep::GraphFormat::kCsv, options);
    const auto nodes = (dir.path() / "g.nodes.csv").string();
    if (auto seen = read_back("csv-neo4j", {nodes, (dir.path() / "g.edges.csv").string()})) check_same(*seen, wanted);
  }
}

TEST_CASE("DOT with hostile text: Graphviz reads every name and draws every label as written", "[io][hostile][dot]") {
  TempDir dir;
  const auto graph = hostile_graph();
  const auto seen = read_back("dot", {write_to(dir, "g.dot", kgrep::GraphFormat::kDot)});
  if (!seen) return;
  const auto name = [](std::string_view id) { return id == kBackslashId ? std::string("ends\\\\") : xml_kept(id); };
  const auto label = [](std::string_view text) { return without_controls(text, "\t\n"); };
  REQUIRE(seen->nodes.size() == 4);
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph.graph))) {
    const auto& node = graph.graph[vertex];
    CAPTURE(node.id);
    const auto found = seen->nodes.find(name(node.id));
    REQUIRE(found != seen->nodes.end());
    CHECK(found->second.label == label(node.label));
    CHECK(found->second.type == node.type);
  }
  REQUIRE(seen->edges.size() == 3);
  const auto works = seen->edges.find({"zoph", "works_at", "7-up"});
  REQUIRE(works != seen->edges.end());
  CHECK(works->second.label == "works_at (" + label(kRole) + ")");
  CHECK(seen->edges.count({kOddId, "released", "ends\\\\"}) == 1);
}
