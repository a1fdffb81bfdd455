// Tests of the GEXF writer: the declared 1.3 schema, typed attribute values,
// viz colour and size, one edge per relation, dynamic start/end dates (month
// padding, leap years), static mode, determinism, and hostile labels read back
// by real XML parsers (xmllint, and the shared check-graph validators when
// present).
#include <unistd.h>

#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kgrep/graph.h"
#include "kgrep/io.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using boost::property_tree::ptree;

using kgrep::testing::make_entity;
using kgrep::testing::read_file;
using kgrep::testing::TempDir;

namespace {

// Everything the writer must survive. \x01 cannot be written in XML 1.0 at
// all and must be dropped; everything else (line breaks and tabs included)
// must come back unchanged.
const std::string kHostileLabel = "Q \"double\" & 'single' <tag> back\\slash\nline two\x01 end\ttab\r\ncrlf";
const std::string kHostileLabelClean = "Q \"double\" & 'single' <tag> back\\slash\nline two end\ttab\r\ncrlf";
const std::string kRtlLabel = "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 \U0001F600 T\u00FClu";
const std::string kHostileEvidence =
    "He said \"hi\" & left <now>\n\u05E9\u05DC\u05D5\u05DD \U0001F600 \x01"
    "done";
const std::string kHostileEvidenceClean = "He said \"hi\" & left <now>\n\u05E9\u05DC\u05D5\u05DD \U0001F600 done";
const std::string kWeirdId = "weird\"&<id>'";
const std::string kCheckGraph = std::string(KGREP_SHARED_DIR) + "/validators/check-graph";

kgrep::Fact make_fact(std::string subject, std::string relation, std::string object, std::string date,
                      std::string role = "", double confidence = 0.8, std::string doc_id = "d1",
                      std::string sentence = "A sentence.", std::string rule_id = "r.rule") {
  kgrep::Fact fact;
  fact.subject = std::move(subject);
  fact.relation = std::move(relation);
  fact.object = std::move(object);
  fact.role = std::move(role);
  fact.confidence = confidence;
  fact.evidence.doc_id = std::move(doc_id);
  fact.evidence.date = std::move(date);
  fact.evidence.sentence = kgrep::Span{0, sentence.size()};
  fact.evidence.sentence_text = std::move(sentence);
  fact.evidence.rule_id = std::move(rule_id);
  return fact;
}

// Five nodes in id order: 01-ai (degree 2), hostile (1), lonely (0, mentioned
// only), rtl (2), weird (1); three edges: hostile works_at 01-ai (two facts),
// rtl joined 01-ai, rtl mentions weird (undated).
std::vector<kgrep::Fact> hostile_facts() {
  return {
      make_fact("hostile", "works_at", "01-ai", "2025-12", "CEO", 0.9, "a&b.txt", kHostileEvidence, "r.works_at"),
      make_fact("hostile", "works_at", "01-ai", "2026-03-11", "chief \"scientist\"", 0.8, "dir/<x>.html",
                "Another sentence.", "r.works_at_title"),
      make_fact("rtl", "joined", "01-ai", "2026-01", "", 0.7, "d2", "Joined.", "r.joined"),
      make_fact("rtl", "mentions", kWeirdId, "", "", 1.0, "d1", "Plain.", "r.m"),
  };
}

kgrep::KnowledgeGraph hostile_graph(bool reversed = false) {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("01-ai", "01.AI", "Organization", {"Zero One", "\u96F6\u4E00\u4E07\u7269"}));
  builder.add_entity(make_entity("hostile", kHostileLabel, "Organization", {"A&B", "O'Neil <x>"}, true));
  builder.add_entity(make_entity("lonely", "Lonely", "Place"));
  builder.add_entity(make_entity("rtl", kRtlLabel, "Person"));
  builder.add_entity(make_entity(kWeirdId, "Weird", "Model"));
  std::vector<kgrep::Fact> facts = hostile_facts();
  if (reversed) std::reverse(facts.begin(), facts.end());
  for (const auto& fact : facts) builder.add_fact(fact);
  builder.add_mentions("01-ai", 4);
  builder.add_mentions("hostile", 2);
  builder.add_mentions("lonely", 1);
  builder.add_mentions("rtl", 1);
  return builder.build();
}

// Dated facts between a few people and one organization. Edge (source, kind)
// -> expected (start, end) is in the test below.
kgrep::KnowledgeGraph dated_graph() {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("acme", "Acme", "Organization"));
  builder.add_entity(make_entity("alice", "Alice", "Person"));
  builder.add_entity(make_entity("bob", "Bob", "Person"));
  builder.add_entity(make_entity("carol", "Carol", "Person"));
  builder.add_entity(make_entity("dave", "Dave", "Person"));
  for (const auto& fact : {
           make_fact("alice", "joined", "acme", "2024-01-15"),  // ends in February of a leap year
           make_fact("alice", "joined", "acme", "2024-02"),
           make_fact("alice", "left", "acme", "2023-01-10"),  // ends in February of a common year
           make_fact("alice", "left", "acme", "2023-02"),
           make_fact("alice", "founded", "acme", "1899-12-31"),  // 1900 is not a leap year
           make_fact("alice", "founded", "acme", "1900-02"),
           make_fact("alice", "works_at", "acme", "2000-01"),  // 2000 is
           make_fact("alice", "works_at", "acme", "2000-02"),
           make_fact("bob", "works_at", "acme", "2025-12"),  // one month only: start, no end
           make_fact("bob", "left", "acme", "2026-03-11"),   // one day, twice: start, no end
           make_fact("bob", "left", "acme", "2026-03-11", "", 0.8, "d2"),
           make_fact("bob", "joined", "acme", "2026-11"),  // ends on December 31st
           make_fact("bob", "joined", "acme", "2026-12"),
           make_fact("carol", "works_at", "acme", ""),  // undated
           make_fact("carol", "knows", "dave", ""),
       })
    builder.add_fact(fact);
  return builder.build();
}

std::string gexf_of(const kgrep::KnowledgeGraph& graph, bool dynamic = true) {
  std::ostringstream out;
  kgrep::write_gexf(graph, out, kgrep::GexfOptions{dynamic});
  return out.str();
}

// What `attribute` gives for an attribute the element does not have.
const std::string kAbsent = "<absent>";

// An XML attribute of a property tree element, or kAbsent. Attribute names may
// hold dots and colons, so the path separator is '/'.
std::string attribute(const ptree& element, const std::string& name) {
  const auto value = element.get_optional<std::string>(ptree::path_type("<xmlattr>/" + name, '/'));
  return value ? *value : kAbsent;
}

std::string required(const ptree& element, const std::string& name) {
  std::string value = attribute(element, name);
  INFO("attribute " << name);
  REQUIRE(value != kAbsent);
  return value;
}

using Values = std::vector<std::pair<std::string, std::string>>;  // attvalue for, value in order

Values attvalues(const ptree& element) {
  Values values;
  for (const auto& [name, child] : element) {
    if (name != "attvalues") continue;
    for (const auto& [value_name, value] : child) {
      if (value_name == "attvalue") values.emplace_back(required(value, "for"), required(value, "value"));
    }
  }
  return values;
}

std::string value_of(const Values& values, const std::string& key) {
  for (const auto& [name, value] : values)
    if (name == key) return value;
  FAIL("no attvalue for " << key);
  return {};
}

struct ParsedNode {
  std::string id;
  std::string label;
  std::string start;  // or kAbsent
  std::string end;
  Values values;
  std::string color;  // "r g b a"
  std::string size;
};

struct ParsedEdge {
  std::string id;
  std::string source;
  std::string target;
  std::string label;
  std::string kind;
  std::string weight;
  std::string start;  // or kAbsent
  std::string end;
  Values values;
};

struct ParsedGexf {
  ptree document;
  std::vector<ParsedNode> nodes;
  std::vector<ParsedEdge> edges;
  [[nodiscard]] const ptree& root() const { return document.get_child("gexf"); }
  [[nodiscard]] const ptree& graph() const { return root().get_child("graph"); }
  [[nodiscard]] const ParsedNode& node(const std::string& id) const {
    for (const auto& candidate : nodes)
      if (candidate.id == id) return candidate;
    throw std::runtime_error("no node " + id);
  }
  [[nodiscard]] const ParsedEdge& edge(const std::string& source, const std::string& kind) const {
    for (const auto& candidate : edges)
      if (candidate.source == source && candidate.kind == kind) return candidate;
    throw std::runtime_error("no edge " + source + " " + kind);
  }
};

// Parses with Boost's XML parser (character references decoded, attribute
// white space kept).
ParsedGexf parse_gexf(const std::string& gexf) {
  ParsedGexf parsed;
  std::istringstream in(gexf);
  boost::property_tree::read_xml(in, parsed.document);
  for (const auto& [name, child] : parsed.graph().get_child("nodes")) {
    if (name != "node") continue;
    ParsedNode node;
    node.id = required(child, "id");
    node.label = required(child, "label");
    node.start = attribute(child, "start");
    node.end = attribute(child, "end");
    node.values = attvalues(child);
    const ptree& color = child.get_child("viz:color");
    node.color =
        required(color, "r") + " " + required(color, "g") + " " + required(color, "b") + " " + required(color, "a");
    node.size = required(child.get_child("viz:size"), "value");
    parsed.nodes.push_back(std::move(node));
  }
  for (const auto& [name, child] : parsed.graph().get_child("edges")) {
    if (name != "edge") continue;
    ParsedEdge edge;
    edge.id = required(child, "id");
    edge.source = required(child, "source");
    edge.target = required(child, "target");
    edge.label = required(child, "label");
    edge.kind = required(child, "kind");
    edge.weight = required(child, "weight");
    edge.start = attribute(child, "start");
    edge.end = attribute(child, "end");
    edge.values = attvalues(child);
    parsed.edges.push_back(std::move(edge));
  }
  return parsed;
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

bool on_path(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// The string value of an XPath expression over `file`, as xmllint computes it
// (xmllint ends it with one line break, which is removed). The expression must
// not hold single quotes.
std::string xpath_string(const fs::path& file, const std::string& expression) {
  const fs::path output = file.parent_path() / "xpath.out";
  const fs::path errors = file.parent_path() / "xpath.err";
  const std::string command = "xmllint --nonet --xpath 'string(" + expression + ")' '" + file.string() + "' >'" +
                              output.string() + "' 2>'" + errors.string() + "'";
  const int status = std::system(command.c_str());
  INFO("xmllint --xpath " << expression << ": " << read_file(errors));
  CHECK(status == 0);
  std::string value = read_file(output);
  if (!value.empty() && value.back() == '\n') value.pop_back();
  return value;
}

// Runs the shared validators on `file` (a .gexf); WARNs and passes when they
// are not installed.
void check_with_validators(const fs::path& file, std::size_t nodes, std::size_t edges) {
  if (!fs::exists(kCheckGraph)) {
    WARN(kCheckGraph << " is absent; the GEXF was not checked against the schemas and clients");
    return;
  }
  const fs::path report = file.parent_path() / (file.stem().string() + ".check-graph.txt");
  const std::string command = kCheckGraph + " --expect-nodes " + std::to_string(nodes) + " --expect-edges " +
                              std::to_string(edges) + " '" + file.string() + "' >'" + report.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  INFO("check-graph " << file.filename().string() << ":\n" << read_file(report));
  CHECK(status == 0);
}

}  // namespace

TEST_CASE("GEXF declares version 1.3, its namespaces, a deterministic meta and a directed graph", "[io][gexf]") {
  const std::string gexf = gexf_of(hostile_graph());
  CHECK(gexf.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf ", 0) == 0);
  const ParsedGexf parsed = parse_gexf(gexf);
  const ptree& root = parsed.root();
  CHECK(attribute(root, "xmlns") == "http://gexf.net/1.3");
  CHECK(attribute(root, "xmlns:viz") == "http://gexf.net/1.3/viz");
  CHECK(attribute(root, "xmlns:xsi") == "http://www.w3.org/2001/XMLSchema-instance");
  CHECK(attribute(root, "xsi:schemaLocation") == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd");
  CHECK(attribute(root, "version") == "1.3");

  const ptree& meta = root.get_child("meta");
  CHECK(meta.get<std::string>("creator") == "kgrep");
  CHECK_FALSE(meta.get<std::string>("description").empty());
  // Nothing that changes from run to run.
  CHECK(attribute(meta, "lastmodifieddate") == kAbsent);
  CHECK(gexf.find("lastmodifieddate") == std::string::npos);

  CHECK(attribute(parsed.graph(), "defaultedgetype") == "directed");
  CHECK(attribute(parsed.graph(), "mode") == "dynamic");
  CHECK(attribute(parsed.graph(), "timeformat") == "date");
  CHECK(parsed.graph().get_child("nodes").get<std::string>("<xmlattr>.count") == "5");
  CHECK(parsed.graph().get_child("edges").get<std::string>("<xmlattr>.count") == "3");
}

TEST_CASE("GEXF declares exactly the schema's typed node and edge attributes", "[io][gexf]") {
  const ParsedGexf parsed = parse_gexf(gexf_of(hostile_graph()));
  using Declared = std::tuple<std::string, std::string, std::string>;  // id, title, type
  std::map<std::string, std::vector<Declared>> declared;               // by class
  for (const auto& [name, child] : parsed.graph()) {
    if (name != "attributes") continue;
    CHECK(attribute(child, "mode") == "static");
    auto& list = declared[required(child, "class")];
    for (const auto& [attribute_name, declaration] : child) {
      if (attribute_name != "attribute") continue;
      list.emplace_back(required(declaration, "id"), required(declaration, "title"), required(declaration, "type"));
    }
  }
  CHECK(declared.size() == 2);
  CHECK(declared["node"] == std::vector<Declared>{
                                {"type", "type", "string"},
                                {"aliases", "aliases", "string"},
                                {"mentions", "mentions", "integer"},
                                {"discovered", "discovered", "boolean"},
                                {"entity_id", "entity_id", "string"},
                            });
  CHECK(declared["edge"] == std::vector<Declared>{
                                {"relation", "relation", "string"},
                                {"role", "role", "string"},
                                {"confidence", "confidence", "double"},
                                {"first_seen", "first_seen", "string"},
                                {"last_seen", "last_seen", "string"},
                                {"docs", "docs", "string"},
                                {"evidence", "evidence", "string"},
                                {"rules", "rules", "string"},
                            });

  // Every node and edge gives a value for each declared attribute, in order.
  const auto keys_of = [](const Values& values) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : values) keys.push_back(key);
    return keys;
  };
  const std::vector<std::string> node_keys{"type", "aliases", "mentions", "discovered", "entity_id"};
  const std::vector<std::string> edge_keys{"relation",  "role", "confidence", "first_seen",
                                           "last_seen", "docs", "evidence",   "rules"};
  for (const auto& node : parsed.nodes) CHECK(keys_of(node.values) == node_keys);
  for (const auto& edge : parsed.edges) CHECK(keys_of(edge.values) == edge_keys);
}

TEST_CASE("GEXF nodes carry the entity id, label, typed values, a colour by type and a size by degree", "[io][gexf]") {
  const ParsedGexf parsed = parse_gexf(gexf_of(hostile_graph()));
  std::vector<std::string> ids;
  for (const auto& node : parsed.nodes) ids.push_back(node.id);
  CHECK(ids == std::vector<std::string>{"01-ai", "hostile", "lonely", "rtl", kWeirdId});

  const ParsedNode& digits = parsed.node("01-ai");
  CHECK(digits.label == "01.AI");
  CHECK(value_of(digits.values, "type") == "Organization");
  CHECK(value_of(digits.values, "aliases") == "Zero One; \u96F6\u4E00\u4E07\u7269");
  CHECK(value_of(digits.values, "mentions") == "4");
  CHECK(value_of(digits.values, "discovered") == "false");
  CHECK(value_of(digits.values, "entity_id") == "01-ai");
  CHECK(digits.color == "166 206 227 1.0");  // Organization #a6cee3
  CHECK(digits.size == "15.66");             // 10 + 4 * sqrt(2)

  const ParsedNode& hostile = parsed.node("hostile");
  CHECK(hostile.label == kHostileLabelClean);
  CHECK(value_of(hostile.values, "aliases") == "A&B; O'Neil <x>");
  CHECK(value_of(hostile.values, "discovered") == "true");
  CHECK(hostile.size == "14.00");

  const ParsedNode& lonely = parsed.node("lonely");
  CHECK(lonely.color == "255 255 153 1.0");  // Place #ffff99
  CHECK(lonely.size == "10.00");             // no edges
  CHECK(value_of(lonely.values, "mentions") == "1");

  const ParsedNode& rtl = parsed.node("rtl");
  CHECK(rtl.label == kRtlLabel);
  CHECK(rtl.color == "178 223 138 1.0");  // Person #b2df8a
  CHECK(rtl.size == "15.66");

  const ParsedNode& weird = parsed.node(kWeirdId);
  CHECK(weird.label == "Weird");
  CHECK(value_of(weird.values, "entity_id") == kWeirdId);
  CHECK(value_of(weird.values, "mentions") == "0");
  CHECK(weird.color == "253 191 111 1.0");  // Model #fdbf6f
  CHECK(weird.size == "14.00");

  // A node none of whose facts is dated has no start; an entity the rules do
  // not know gets the neutral grey.
  kgrep::GraphBuilder builder;
  builder.add_fact(make_fact("x", "knows", "y", ""));
  const ParsedGexf bare = parse_gexf(gexf_of(builder.build()));
  REQUIRE(bare.nodes.size() == 2);
  CHECK(bare.nodes[0].color == "240 240 240 1.0");
  CHECK(bare.nodes[0].label == "x");
  CHECK(bare.nodes[0].start == kAbsent);
}

TEST_CASE("GEXF edges carry label and kind = relation, the weight and the evidence", "[io][gexf]") {
  const ParsedGexf parsed = parse_gexf(gexf_of(hostile_graph()));
  REQUIRE(parsed.edges.size() == 3);
  CHECK(parsed.edges[0].id == "e0");
  CHECK(parsed.edges[1].id == "e1");
  CHECK(parsed.edges[2].id == "e2");

  const ParsedEdge& works_at = parsed.edges[0];
  CHECK(works_at.source == "hostile");
  CHECK(works_at.target == "01-ai");
  CHECK(works_at.label == "works_at");
  CHECK(works_at.kind == "works_at");
  CHECK(works_at.weight == "2");
  CHECK(value_of(works_at.values, "relation") == "works_at");
  CHECK(value_of(works_at.values, "role") == "CEO; chief \"scientist\"");
  CHECK(value_of(works_at.values, "confidence") == "0.9");
  CHECK(value_of(works_at.values, "first_seen") == "2025-12");
  CHECK(value_of(works_at.values, "last_seen") == "2026-03-11");
  CHECK(value_of(works_at.values, "docs") == "a&b.txt; dir/<x>.html");
  CHECK(value_of(works_at.values, "evidence") == kHostileEvidenceClean);
  CHECK(value_of(works_at.values, "rules") == "r.works_at; r.works_at_title");

  CHECK(parsed.edges[1].source == "rtl");
  CHECK(parsed.edges[1].target == "01-ai");
  CHECK(parsed.edges[1].kind == "joined");

  const ParsedEdge& mentions = parsed.edges[2];
  CHECK(mentions.source == "rtl");
  CHECK(mentions.target == kWeirdId);
  CHECK(mentions.kind == "mentions");
  CHECK(mentions.weight == "1");
  CHECK(value_of(mentions.values, "confidence") == "1");
  CHECK(value_of(mentions.values, "role").empty());
  CHECK(value_of(mentions.values, "first_seen").empty());
  CHECK(value_of(mentions.values, "evidence") == "Plain.");
}

TEST_CASE("Two relations between one pair give two GEXF edges with distinct kinds", "[io][gexf]") {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("jane-doe", "Jane Doe", "Person"));
  builder.add_entity(make_entity("openai", "OpenAI", "Organization"));
  builder.add_fact(make_fact("jane-doe", "works_at", "openai", "2024-05-01", "CTO"));
  builder.add_fact(make_fact("jane-doe", "left", "openai", "2026-02-01"));
  const kgrep::KnowledgeGraph graph = builder.build();
  const std::string gexf = gexf_of(graph);
  const ParsedGexf parsed = parse_gexf(gexf);
  REQUIRE(parsed.edges.size() == 2);
  CHECK(parsed.edges[0].id != parsed.edges[1].id);
  for (const auto& edge : parsed.edges) {
    CHECK(edge.source == "jane-doe");
    CHECK(edge.target == "openai");
    CHECK(edge.label == edge.kind);
  }
  CHECK(parsed.edges[0].kind == "left");
  CHECK(parsed.edges[1].kind == "works_at");
  CHECK(parsed.node("jane-doe").size == "15.66");

  // Readers that key edges by (source, target) must still see two (graphology
  // makes the graph multi; networkx a MultiDiGraph).
  TempDir dir;
  const fs::path file = dir.path() / "pair.gexf";
  write_file(file, gexf);
  check_with_validators(file, 2, 2);
}

TEST_CASE("Dynamic GEXF edges start at first_seen and end at last_seen, padding months and minding leap years",
          "[io][gexf]") {
  const std::string gexf = gexf_of(dated_graph());
  const ParsedGexf parsed = parse_gexf(gexf);
  // "start end" of an edge.
  const auto interval = [&](const std::string& source, const std::string& kind) {
    const ParsedEdge& edge = parsed.edge(source, kind);
    return edge.start + " " + edge.end;
  };
  CHECK(interval("alice", "joined") == "2024-01-15 2024-02-29");
  CHECK(interval("alice", "left") == "2023-01-10 2023-02-28");
  CHECK(interval("alice", "founded") == "1899-12-31 1900-02-28");
  CHECK(interval("alice", "works_at") == "2000-01-01 2000-02-29");
  CHECK(interval("bob", "works_at") == "2025-12-01 <absent>");
  CHECK(interval("bob", "left") == "2026-03-11 <absent>");
  CHECK(interval("bob", "joined") == "2026-11-01 2026-12-31");
  CHECK(interval("carol", "works_at") == "<absent> <absent>");
  CHECK(interval("carol", "knows") == "<absent> <absent>");

  // The attribute values keep the dates as the graph holds them.
  CHECK(value_of(parsed.edge("alice", "joined").values, "first_seen") == "2024-01-15");
  CHECK(value_of(parsed.edge("alice", "joined").values, "last_seen") == "2024-02");

  // Nodes start with their earliest fact, in either direction; never end.
  CHECK(parsed.node("acme").start == "1899-12-31");
  CHECK(parsed.node("alice").start == "1899-12-31");
  CHECK(parsed.node("bob").start == "2025-12-01");
  CHECK(parsed.node("carol").start == kAbsent);
  CHECK(parsed.node("dave").start == kAbsent);
  for (const auto& node : parsed.nodes) CHECK(node.end == kAbsent);

  // The default options are dynamic.
  std::ostringstream defaults;
  kgrep::write_gexf(dated_graph(), defaults);
  CHECK(defaults.str() == gexf);

  TempDir dir;
  const fs::path file = dir.path() / "dated.gexf";
  write_file(file, gexf);
  check_with_validators(file, 5, 9);
}

TEST_CASE("Dates GEXF cannot hold give no start or end rather than an invalid interval", "[io][gexf]") {
  // Written directly, not through GraphBuilder, which would order the dates.
  kgrep::KnowledgeGraph knowledge;
  kgrep::NodeProperties a;
  a.id = "a";
  a.label = "A";
  a.type = "Person";
  kgrep::NodeProperties b;
  b.id = "b";
  b.label = "B";
  b.type = "Organization";
  const auto va = boost::add_vertex(a, knowledge.graph);
  const auto vb = boost::add_vertex(b, knowledge.graph);
  for (const auto& [relation, first, last] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"bad_month", "2025-13", "2025-13"},
           {"garbage", "soon", "2026-01"},
           {"bad_day", "2023-02-29", ""},
           {"years", "2025", "2026"},
           {"backwards", "2026-05-02", "2026-05-01"},
           {"leap_day", "2024-02-29", "2024-03"},
           {"year_zero", "0000-01-01", "0000-01-01"},
       }) {
    kgrep::EdgeProperties edge;
    edge.relation = relation;
    edge.weight = 1;
    edge.first_seen = first;
    edge.last_seen = last;
    boost::add_edge(va, vb, edge, knowledge.graph);
  }
  const std::string gexf = gexf_of(knowledge);
  const ParsedGexf parsed = parse_gexf(gexf);
  const auto interval = [&](const std::string& kind) {
    const ParsedEdge& edge = parsed.edge("a", kind);
    return edge.start + " " + edge.end;
  };
  CHECK(interval("bad_month") == "<absent> <absent>");
  CHECK(interval("garbage") == "<absent> <absent>");
  CHECK(interval("bad_day") == "<absent> <absent>");
  CHECK(interval("years") == "2025-01-01 2026-12-31");
  CHECK(interval("backwards") == "2026-05-02 <absent>");
  CHECK(interval("leap_day") == "2024-02-29 2024-03-31");
  CHECK(interval("year_zero") == "<absent> <absent>");
  CHECK(parsed.node("a").start == "2024-02-29");
  CHECK(parsed.node("b").start == "2024-02-29");

  TempDir dir;
  const fs::path file = dir.path() / "odd-dates.gexf";
  write_file(file, gexf);
  check_with_validators(file, 2, 7);
}

TEST_CASE("Static GEXF has mode static and no start, end or time format anywhere", "[io][gexf]") {
  const std::string gexf = gexf_of(dated_graph(), false);
  CHECK(gexf.find(" start=") == std::string::npos);
  CHECK(gexf.find(" end=") == std::string::npos);
  CHECK(gexf.find("timeformat") == std::string::npos);
  const ParsedGexf parsed = parse_gexf(gexf);
  CHECK(attribute(parsed.graph(), "mode") == "static");
  CHECK(attribute(parsed.graph(), "defaultedgetype") == "directed");
  CHECK(parsed.nodes.size() == 5);
  CHECK(parsed.edges.size() == 9);
  // The dates are still there as attribute values.
  CHECK(value_of(parsed.edge("bob", "works_at").values, "first_seen") == "2025-12");

  TempDir dir;
  const fs::path file = dir.path() / "static.gexf";
  write_file(file, gexf);
  check_with_validators(file, 5, 9);
}

TEST_CASE("Hostile labels survive GEXF as read back by xmllint, and the file passes check-graph", "[io][gexf]") {
  const std::string gexf = gexf_of(hostile_graph());
  CHECK(gexf.find('\x01') == std::string::npos);
  // Line breaks and tabs are character references, never raw inside a value.
  CHECK(gexf.find("back\\slash&#10;line two end&#9;tab&#13;&#10;crlf") != std::string::npos);

  TempDir dir;
  const fs::path file = dir.path() / "hostile.gexf";
  write_file(file, gexf);

  if (!on_path("xmllint")) {
    WARN("xmllint is not on PATH; the GEXF was read back by Boost's parser only");
  } else {
    const std::string errors = (dir.path() / "xmllint.err").string();
    const int status = std::system(("xmllint --noout --nonet '" + file.string() + "' 2>'" + errors + "'").c_str());
    INFO("xmllint: " << read_file(errors));
    REQUIRE(status == 0);
    const std::string node = "(//*[local-name()=\"node\"])";
    CHECK(xpath_string(file, node + "[1]/@id") == "01-ai");
    CHECK(xpath_string(file, node + "[1]/@label") == "01.AI");
    CHECK(xpath_string(file, node + "[2]/@label") == kHostileLabelClean);
    CHECK(xpath_string(file, node + "[2]//*[local-name()=\"attvalue\"][@for=\"aliases\"]/@value") == "A&B; O'Neil <x>");
    CHECK(xpath_string(file, node + "[4]/@label") == kRtlLabel);
    CHECK(xpath_string(file, node + "[5]/@id") == kWeirdId);
    const std::string edge = "(//*[local-name()=\"edge\"])";
    CHECK(xpath_string(file, edge + "[1]//*[local-name()=\"attvalue\"][@for=\"evidence\"]/@value") ==
          kHostileEvidenceClean);
    CHECK(xpath_string(file, edge + "[1]//*[local-name()=\"attvalue\"][@for=\"role\"]/@value") ==
          "CEO; chief \"scientist\"");
    CHECK(xpath_string(file, edge + "[1]//*[local-name()=\"attvalue\"][@for=\"docs\"]/@value") ==
          "a&b.txt; dir/<x>.html");
    CHECK(xpath_string(file, edge + "[3]/@target") == kWeirdId);
    CHECK(xpath_string(file, "count(//*[local-name()=\"node\"])") == "5");
    CHECK(xpath_string(file, "count(//*[local-name()=\"edge\"])") == "3");
  }

  check_with_validators(file, 5, 3);
  const fs::path static_file = dir.path() / "hostile-static.gexf";
  write_file(static_file, gexf_of(hostile_graph(), false));
  check_with_validators(static_file, 5, 3);
}

TEST_CASE("Writing the same graph twice gives the same GEXF bytes", "[io][gexf]") {
  CHECK(gexf_of(hostile_graph()) == gexf_of(hostile_graph()));
  CHECK(gexf_of(hostile_graph(), false) == gexf_of(hostile_graph(), false));
  CHECK(gexf_of(dated_graph()) == gexf_of(dated_graph()));
  // Facts added in another order build the same graph, hence the same bytes.
  CHECK(gexf_of(hostile_graph(true)) == gexf_of(hostile_graph()));
  // One writer, two runs into one stream: the second copy is the first.
  const kgrep::KnowledgeGraph graph = hostile_graph();
  std::ostringstream twice;
  kgrep::write_gexf(graph, twice);
  const std::string first = twice.str();
  kgrep::write_gexf(graph, twice);
  CHECK(twice.str() == first + first);
}
