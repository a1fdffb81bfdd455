// Tests of the io stage: GraphML and DOT writers with hostile labels (GraphML
// read back with Boost's own reader), atomic output and format names.
#include "kgrep/io.h"

#include <unistd.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "support/test_support.h"

namespace fs = std::filesystem;

using kgrep::testing::read_file;
using kgrep::testing::TempDir;

namespace {

// Everything a writer must survive. The \x01 control character cannot be
// written in XML 1.0 at all and must be dropped; everything else must survive.
const std::string kHostileLabel = "Q \"double\" & 'single' <tag> back\\slash\nline two\x01 end";
const std::string kHostileLabelClean = "Q \"double\" & 'single' <tag> back\\slash\nline two end";
const std::string kRtlLabel = "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 \U0001F600 T\u00FClu";
const std::string kHostileEvidence =
    "He said \"hi\" & left <now>\n\u05E9\u05DC\u05D5\u05DD \U0001F600 \x01"
    "done";
const std::string kHostileEvidenceClean = "He said \"hi\" & left <now>\n\u05E9\u05DC\u05D5\u05DD \U0001F600 done";
const std::string kWeirdId = "weird\"&<id>'";

kgrep::KnowledgeGraph hostile_graph() {
  kgrep::KnowledgeGraph knowledge;
  kgrep::Graph& graph = knowledge.graph;

  kgrep::NodeProperties digits;
  digits.id = "01-ai";
  digits.label = "01.AI";
  digits.type = "Organization";
  digits.aliases = {"Zero One", "\u96F6\u4E00\u4E07\u7269"};
  digits.mentions = 4;
  const auto v_digits = boost::add_vertex(digits, graph);

  kgrep::NodeProperties hostile;
  hostile.id = "hostile";
  hostile.label = kHostileLabel;
  hostile.type = "Organization";
  hostile.aliases = {"A&B", "O'Neil <x>"};
  hostile.mentions = 2;
  hostile.discovered = true;
  const auto v_hostile = boost::add_vertex(hostile, graph);

  kgrep::NodeProperties rtl;
  rtl.id = "rtl";
  rtl.label = kRtlLabel;
  rtl.type = "Person";
  rtl.mentions = 1;
  const auto v_rtl = boost::add_vertex(rtl, graph);

  kgrep::NodeProperties weird;
  weird.id = kWeirdId;
  weird.label = "Weird";
  weird.type = "Model";
  weird.mentions = 0;
  const auto v_weird = boost::add_vertex(weird, graph);

  kgrep::EdgeProperties works_at;
  works_at.relation = "works_at";
  works_at.roles = {"CEO", "chief \"scientist\""};
  works_at.weight = 3;
  works_at.confidence = 0.85;
  works_at.first_seen = "2025-12";
  works_at.last_seen = "2026-03-11";
  works_at.docs = {"a&b.txt", "dir/<x>.html"};
  works_at.evidence.doc_id = "a&b.txt";
  works_at.evidence.sentence = kgrep::Span{0, 40};
  works_at.evidence.sentence_text = kHostileEvidence;
  works_at.evidence.rule_id = "r.works_at";
  works_at.rules = {"r.works_at", "r.works_at_title"};
  boost::add_edge(v_hostile, v_digits, works_at, graph);

  kgrep::EdgeProperties mentions;
  mentions.relation = "mentions";
  mentions.weight = 1;
  mentions.confidence = 1;
  mentions.docs = {"d1"};
  mentions.evidence.sentence_text = "Plain.";
  mentions.rules = {"r.m"};
  boost::add_edge(v_rtl, v_weird, mentions, graph);
  return knowledge;
}

std::string graphml_of(const kgrep::KnowledgeGraph& graph) {
  std::ostringstream out;
  kgrep::write_graphml(graph, out);
  return out.str();
}

std::string dot_of(const kgrep::KnowledgeGraph& graph) {
  std::ostringstream out;
  kgrep::write_dot(graph, out);
  return out.str();
}

// What Boost's GraphML reader fills in.
struct ReadNode {
  std::string entity_id;
  std::string label;
  std::string type;
  std::string aliases;
  int mentions = -1;
  bool discovered = false;
  int r = -1, g = -1, b = -1;
};

struct ReadEdge {
  std::string relation;
  std::string label;
  std::string role;
  double weight = -1;
  double confidence = -1;
  std::string first_seen;
  std::string last_seen;
  std::string docs;
  std::string evidence;
  std::string rules;
};

using ReadGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, ReadNode, ReadEdge>;

// Boost 1.74's read_graphml converts "boolean" data with lexical_cast<bool>,
// which accepts only "0" and "1", although xsd:boolean (and every other GraphML
// tool) also reads "true" and "false" (boostorg/graph PR #92, Trac #11092). The
// writer's literal form is checked on the raw XML instead; here the two
// literals are mapped to the digits Boost can read.
std::string with_numeric_booleans(std::string graphml) {
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"<data key=\"v_discovered\">true<", "<data key=\"v_discovered\">1<"},
        {"<data key=\"v_discovered\">false<", "<data key=\"v_discovered\">0<"}}) {
    for (std::size_t at = graphml.find(from); at != std::string::npos; at = graphml.find(from, at + to.size()))
      graphml.replace(at, from.size(), to);
  }
  return graphml;
}

ReadGraph read_back(const std::string& graphml) {
  ReadGraph graph;
  // No ignore_other_properties: a key the test does not know about is an error.
  boost::dynamic_properties properties;
  properties.property("entity_id", boost::get(&ReadNode::entity_id, graph));
  properties.property("label", boost::get(&ReadNode::label, graph));
  properties.property("type", boost::get(&ReadNode::type, graph));
  properties.property("aliases", boost::get(&ReadNode::aliases, graph));
  properties.property("mentions", boost::get(&ReadNode::mentions, graph));
  properties.property("discovered", boost::get(&ReadNode::discovered, graph));
  properties.property("r", boost::get(&ReadNode::r, graph));
  properties.property("g", boost::get(&ReadNode::g, graph));
  properties.property("b", boost::get(&ReadNode::b, graph));
  properties.property("relation", boost::get(&ReadEdge::relation, graph));
  properties.property("label", boost::get(&ReadEdge::label, graph));
  properties.property("role", boost::get(&ReadEdge::role, graph));
  properties.property("weight", boost::get(&ReadEdge::weight, graph));
  properties.property("confidence", boost::get(&ReadEdge::confidence, graph));
  properties.property("first_seen", boost::get(&ReadEdge::first_seen, graph));
  properties.property("last_seen", boost::get(&ReadEdge::last_seen, graph));
  properties.property("docs", boost::get(&ReadEdge::docs, graph));
  properties.property("evidence", boost::get(&ReadEdge::evidence, graph));
  properties.property("rules", boost::get(&ReadEdge::rules, graph));
  std::istringstream in(with_numeric_booleans(graphml));
  boost::read_graphml(in, graph, properties);
  return graph;
}

// An XML attribute of a property tree node. Attribute names such as
// "attr.type" hold dots, ptree's default path separator, so use '/'.
std::string xml_attribute(const boost::property_tree::ptree& element, const std::string& name) {
  return element.get<std::string>(boost::property_tree::ptree::path_type("<xmlattr>/" + name, '/'));
}

std::vector<std::string> directory_entries(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("GraphML round-trips hostile labels and evidence through Boost's reader", "[io]") {
  // NOTE: at the time of writing the label and evidence checks fail: Boost's
  // reader parses with property_tree's trim_whitespace, which folds a literal
  // line break in <data> to a space. src/io/escape.cc xml_escape writes '\n'
  // raw; writing it (and '\t', '\r') as a character reference (&#10;) keeps it
  // for Boost and every conforming XML reader alike (reported as a bug).
  const std::string graphml = graphml_of(hostile_graph());
  CHECK(graphml.find('\x01') == std::string::npos);

  const ReadGraph graph = read_back(graphml);
  REQUIRE(boost::num_vertices(graph) == 4);
  REQUIRE(boost::num_edges(graph) == 2);

  CHECK(graph[0].entity_id == "01-ai");
  CHECK(graph[0].label == "01.AI");
  CHECK(graph[0].type == "Organization");
  CHECK(graph[0].aliases == "Zero One; \u96F6\u4E00\u4E07\u7269");
  CHECK(graph[0].mentions == 4);
  CHECK_FALSE(graph[0].discovered);
  // Organizations are drawn light blue (#a6cee3) in Gephi through r, g, b.
  CHECK(graph[0].r == 0xa6);
  CHECK(graph[0].g == 0xce);
  CHECK(graph[0].b == 0xe3);

  CHECK(graph[1].entity_id == "hostile");
  CHECK(graph[1].label == kHostileLabelClean);
  CHECK(graph[1].aliases == "A&B; O'Neil <x>");
  CHECK(graph[1].mentions == 2);
  CHECK(graph[1].discovered);

  CHECK(graph[2].entity_id == "rtl");
  CHECK(graph[2].label == kRtlLabel);
  CHECK(graph[2].type == "Person");
  CHECK(graph[2].aliases.empty());
  CHECK(graph[2].mentions == 1);

  CHECK(graph[3].entity_id == kWeirdId);
  CHECK(graph[3].label == "Weird");
  CHECK(graph[3].mentions == 0);

  const auto works_at = boost::edge(1, 0, graph);
  REQUIRE(works_at.second);
  const ReadEdge& edge = graph[works_at.first];
  CHECK(edge.relation == "works_at");
  CHECK(edge.label == "works_at");
  CHECK(edge.role == "CEO; chief \"scientist\"");
  CHECK(edge.weight == 3.0);
  CHECK(edge.confidence == 0.85);
  CHECK(edge.first_seen == "2025-12");
  CHECK(edge.last_seen == "2026-03-11");
  CHECK(edge.docs == "a&b.txt; dir/<x>.html");
  CHECK(edge.evidence == kHostileEvidenceClean);
  CHECK(edge.rules == "r.works_at; r.works_at_title");

  const auto mentions = boost::edge(2, 3, graph);
  REQUIRE(mentions.second);
  CHECK(graph[mentions.first].relation == "mentions");
  CHECK(graph[mentions.first].weight == 1.0);
  CHECK(graph[mentions.first].confidence == 1.0);
  CHECK(graph[mentions.first].role.empty());
  CHECK(graph[mentions.first].evidence == "Plain.");
}

TEST_CASE("GraphML declares typed keys, a directed graph and entity ids as node ids", "[io]") {
  const kgrep::KnowledgeGraph knowledge = hostile_graph();
  std::istringstream in(graphml_of(knowledge));
  boost::property_tree::ptree document;
  boost::property_tree::read_xml(in, document);
  const boost::property_tree::ptree& root = document.get_child("graphml");
  CHECK(xml_attribute(root, "xmlns") == "http://graphml.graphdrawing.org/xmlns");

  using Key = std::tuple<std::string, std::string, std::string>;  // for, attr.name, attr.type
  std::vector<Key> keys;
  std::vector<std::string> key_ids;
  for (const auto& [name, child] : root) {
    if (name != "key") continue;
    keys.emplace_back(xml_attribute(child, "for"), xml_attribute(child, "attr.name"),
                      xml_attribute(child, "attr.type"));
    key_ids.push_back(xml_attribute(child, "id"));
  }
  CHECK(keys == std::vector<Key>{
                    {"node", "entity_id", "string"},
                    {"node", "label", "string"},
                    {"node", "type", "string"},
                    {"node", "aliases", "string"},
                    {"node", "mentions", "int"},
                    {"node", "discovered", "boolean"},
                    {"node", "r", "int"},
                    {"node", "g", "int"},
                    {"node", "b", "int"},
                    {"edge", "relation", "string"},
                    {"edge", "label", "string"},
                    {"edge", "role", "string"},
                    {"edge", "weight", "double"},
                    {"edge", "confidence", "double"},
                    {"edge", "first_seen", "string"},
                    {"edge", "last_seen", "string"},
                    {"edge", "docs", "string"},
                    {"edge", "evidence", "string"},
                    {"edge", "rules", "string"},
                });
  std::vector<std::string> sorted_ids = key_ids;
  std::sort(sorted_ids.begin(), sorted_ids.end());
  CHECK(std::adjacent_find(sorted_ids.begin(), sorted_ids.end()) == sorted_ids.end());  // key ids are distinct

  const boost::property_tree::ptree& graph = root.get_child("graph");
  CHECK(xml_attribute(graph, "edgedefault") == "directed");
  std::vector<std::string> node_ids;
  std::vector<std::string> entity_ids;  // the v_entity_id data of each node
  std::vector<std::string> discovered;  // the raw xsd:boolean literals
  std::vector<std::pair<std::string, std::string>> edge_ends;
  for (const auto& [name, child] : graph) {
    if (name == "node") {
      node_ids.push_back(xml_attribute(child, "id"));
      for (const auto& [data_name, data] : child) {
        if (data_name != "data") continue;
        if (xml_attribute(data, "key") == "v_entity_id") entity_ids.push_back(data.data());
        if (xml_attribute(data, "key") == "v_discovered") discovered.push_back(data.data());
      }
    }
    if (name == "edge") edge_ends.emplace_back(xml_attribute(child, "source"), xml_attribute(child, "target"));
  }
  CHECK(node_ids == std::vector<std::string>{"01-ai", "hostile", "rtl", kWeirdId});
  CHECK(entity_ids == node_ids);
  CHECK(discovered == std::vector<std::string>{"false", "true", "false", "false"});
  CHECK(edge_ends == std::vector<std::pair<std::string, std::string>>{{"hostile", "01-ai"}, {"rtl", kWeirdId}});
}

TEST_CASE("Writers are deterministic: the same graph gives the same bytes", "[io]") {
  CHECK(graphml_of(hostile_graph()) == graphml_of(hostile_graph()));
  CHECK(dot_of(hostile_graph()) == dot_of(hostile_graph()));
  std::ostringstream via_write_graph;
  kgrep::write_graph(hostile_graph(), kgrep::GraphFormat::kDot, via_write_graph);
  CHECK(via_write_graph.str() == dot_of(hostile_graph()));
  std::ostringstream via_write_graph_ml;
  kgrep::write_graph(hostile_graph(), kgrep::GraphFormat::kGraphml, via_write_graph_ml);
  CHECK(via_write_graph_ml.str() == graphml_of(hostile_graph()));
}

TEST_CASE("DOT escapes quotes, backslashes, newlines and '&' in labels and drops control characters", "[io]") {
  const std::string dot = dot_of(hostile_graph());
  CHECK(dot.find('\x01') == std::string::npos);
  CHECK(dot.rfind("digraph \"kgrep\" {\n", 0) == 0);
  CHECK(dot.size() >= 2);
  CHECK(dot.substr(dot.size() - 2) == "}\n");
  CHECK(dot.find("  \"01-ai\" [label=\"01.AI\", type=\"Organization\", shape=box, fillcolor=\"#a6cee3\", "
                 "mentions=4];\n") != std::string::npos);
  CHECK(dot.find("  \"hostile\" [label=\"Q \\\"double\\\" &amp; 'single' <tag> back\\\\slash\\nline two end\", "
                 "type=\"Organization\", shape=box, fillcolor=\"#a6cee3\", mentions=2];\n") != std::string::npos);
  CHECK(dot.find("  \"rtl\" [label=\"" + kRtlLabel +
                 "\", type=\"Person\", shape=ellipse, fillcolor=\"#b2df8a\", mentions=1];\n") != std::string::npos);
  CHECK(dot.find("  \"weird\\\"&<id>'\" [label=\"Weird\"") != std::string::npos);
  CHECK(dot.find("  \"hostile\" -> \"01-ai\" [label=\"works_at (CEO, chief \\\"scientist\\\")\", "
                 "relation=\"works_at\", weight=3];\n") != std::string::npos);
  CHECK(dot.find("  \"rtl\" -> \"weird\\\"&<id>'\" [label=\"mentions\", relation=\"mentions\", weight=1];\n") !=
        std::string::npos);
  // No raw newline may appear inside a statement: every line is a whole statement.
  std::istringstream lines(dot);
  std::size_t statements = 0;
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    const bool whole = line == "digraph \"kgrep\" {" || line == "}" || (line.size() > 2 && line.back() == ';');
    CHECK(whole);
    ++statements;
  }
  CHECK(statements == 1 + 3 + 4 + 2 + 1);
}

TEST_CASE("Graphviz accepts the DOT output", "[io]") {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    WARN("dot is not on PATH; only the DOT text was checked");
    return;
  }
  TempDir dir;
  const fs::path input = dir.path() / "graph.dot";
  {
    std::ofstream out(input, std::ios::binary);
    kgrep::write_dot(hostile_graph(), out);
  }
  const fs::path svg = dir.path() / "graph.svg";
  const fs::path errors = dir.path() / "dot.err";
  const std::string command =
      "dot -Tsvg '" + input.string() + "' -o '" + svg.string() + "' 2>'" + errors.string() + "'";
  const int status = std::system(command.c_str());
  INFO("dot stderr: " << read_file(errors));
  CHECK(status == 0);
  const std::string rendered = read_file(svg);
  CHECK(rendered.find("<svg") != std::string::npos);
  CHECK(rendered.find("01.AI") != std::string::npos);
}

TEST_CASE("write_output_atomically writes the file and leaves no temporary file", "[io]") {
  TempDir dir;
  const fs::path target = dir.path() / "out.graphml";
  kgrep::write_output_atomically(target.string(), [](std::ostream& out) { out << "hello\n"; });
  CHECK(read_file(target) == "hello\n");
  CHECK(directory_entries(dir.path()) == std::vector<std::string>{"out.graphml"});

  // A second run replaces the content.
  kgrep::write_output_atomically(target.string(), [](std::ostream& out) { out << "second\n"; });
  CHECK(read_file(target) == "second\n");
  CHECK(directory_entries(dir.path()) == std::vector<std::string>{"out.graphml"});
}

TEST_CASE("When the writer throws, an existing file keeps its content and no temporary file is left", "[io]") {
  TempDir dir;
  const fs::path target = dir.path() / "out.graphml";
  {
    std::ofstream out(target, std::ios::binary);
    out << "old content\n";
  }
  const auto failing_writer = [](std::ostream& out) {
    out << "partial output that must never land";
    throw std::runtime_error("writer failed");
  };
  CHECK_THROWS_AS(kgrep::write_output_atomically(target.string(), failing_writer), std::runtime_error);
  CHECK(read_file(target) == "old content\n");
  // No ".out.graphml.kgrep-XXXXXX" (or anything else) is left behind.
  CHECK(directory_entries(dir.path()) == std::vector<std::string>{"out.graphml"});
}

TEST_CASE("When the writer throws and there was no file, none is created", "[io]") {
  TempDir dir;
  const fs::path target = dir.path() / "new.dot";
  CHECK_THROWS(kgrep::write_output_atomically(target.string(),
                                              [](std::ostream&) { throw std::runtime_error("writer failed"); }));
  CHECK(directory_entries(dir.path()).empty());
}

TEST_CASE("write_output_atomically throws kgrep::Error when the directory does not exist", "[io]") {
  TempDir dir;
  const fs::path target = dir.path() / "missing" / "out.graphml";
  CHECK_THROWS_AS(kgrep::write_output_atomically(target.string(), [](std::ostream& out) { out << "x"; }), kgrep::Error);
  CHECK_FALSE(fs::exists(dir.path() / "missing"));
}

TEST_CASE("graph_format_for_path picks the format from the extension", "[io]") {
  CHECK(kgrep::graph_format_for_path("out.graphml") == kgrep::GraphFormat::kGraphml);
  CHECK(kgrep::graph_format_for_path("dir/out.dot") == kgrep::GraphFormat::kDot);
  CHECK(kgrep::graph_format_for_path("out.gv") == kgrep::GraphFormat::kDot);
  CHECK(kgrep::graph_format_for_path("v1.2/graph.graphml") == kgrep::GraphFormat::kGraphml);
}

TEST_CASE("graph_format_for_path rejects unknown or missing extensions with a clear message", "[io]") {
  CHECK_THROWS_AS(kgrep::graph_format_for_path("out.txt"), kgrep::Error);
  CHECK_THROWS_WITH(kgrep::graph_format_for_path("out.txt"),
                    "unknown output format 'txt' (known: graphml, gexf, dot, json, csv, svg, png, html, facts)");
  CHECK_THROWS_WITH(kgrep::graph_format_for_path("graph"),
                    "graph: cannot tell the output format from the file name; give --format");
  CHECK_THROWS_WITH(kgrep::graph_format_for_path("v1.2/graph"),
                    "v1.2/graph: cannot tell the output format from the file name; give --format");
}

TEST_CASE("parse_graph_format knows the export formats and nothing else", "[io]") {
  CHECK(kgrep::parse_graph_format("graphml") == kgrep::GraphFormat::kGraphml);
  CHECK(kgrep::parse_graph_format("dot") == kgrep::GraphFormat::kDot);
  CHECK(kgrep::parse_graph_format("gv") == kgrep::GraphFormat::kDot);
  CHECK(kgrep::parse_graph_format("gexf") == kgrep::GraphFormat::kGexf);
  CHECK(kgrep::parse_graph_format("json") == kgrep::GraphFormat::kJson);
  CHECK(kgrep::parse_graph_format("csv") == kgrep::GraphFormat::kCsv);
  CHECK(kgrep::parse_graph_format("svg") == kgrep::GraphFormat::kSvg);
  CHECK(kgrep::parse_graph_format("png") == kgrep::GraphFormat::kPng);
  CHECK_THROWS_AS(kgrep::parse_graph_format("xml"), kgrep::Error);
  CHECK_THROWS_WITH(kgrep::parse_graph_format("GraphML"),
                    "unknown output format 'GraphML' (known: graphml, gexf, dot, json, csv, svg, png, html, facts)");
  CHECK_THROWS_WITH(kgrep::parse_graph_format(""),
                    "unknown output format '' (known: graphml, gexf, dot, json, csv, svg, png, html, facts)");
}
