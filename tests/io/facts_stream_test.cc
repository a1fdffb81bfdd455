// Tests of the facts stream: lossless round trips, shard merges equal to one
// build, merge idempotence and order independence, and where errors point.
#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "kgrep/io.h"
#include "support/test_support.h"

using kgrep::testing::make_entity;
using kgrep::testing::written_by;

namespace {

kgrep::Fact fact(std::string subject, std::string relation, std::string object, double confidence, std::string doc,
                 std::string date, std::size_t begin, std::string sentence, std::string role = "") {
  kgrep::Fact result;
  result.subject = std::move(subject);
  result.relation = std::move(relation);
  result.object = std::move(object);
  result.role = std::move(role);
  result.confidence = confidence;
  result.evidence = {
      std::move(doc), std::move(date), {begin, begin + sentence.size()}, sentence, "rule-" + result.relation};
  return result;
}

// Two shards of documents; their union is what one extract run would see.
struct Shard {
  std::string doc;  // where the mentions are
  std::vector<kgrep::EntityRecord> entities;
  std::vector<std::pair<std::string, long>> mentions;
  std::vector<kgrep::Fact> facts;
};

Shard first_shard() {
  auto lab = make_entity("tml", "Thinking \"Machines\" <Lab> & co", "Organization", {"TML", "Thinking Machines"});
  lab.attributes = {{"kind", "lab"}, {"note", "tab\there, line\nbreak, \xE2\x80\xAE rtl"}};
  return {"a.txt",
          {lab, make_entity("zoph", "Barret Zoph \xF0\x9F\x98\x80", "Person"),
           make_entity("openai", "OpenAI", "Organization", {"Open AI"})},
          {{"tml", 3}, {"zoph", 2}, {"openai", 1}},
          {fact("zoph", "left", "tml", 1.0, "a.txt", "2026-01-14", 10, "Zoph left \"TML\" for OpenAI.\\"),
           fact("zoph", "joined", "openai", 1.0, "a.txt", "2026-01-14", 10, "Zoph left \"TML\" for OpenAI.\\"),
           fact("zoph", "works_at", "tml", 0.8, "a.txt", "2026-01-14", 90, "He was its CTO.", "CTO")}};
}

Shard second_shard() {
  return {"b.txt",
          {make_entity("openai", "OpenAI", "Organization", {"OpenAI Group PBC"}),
           make_entity("zoph", "Barret Zoph \xF0\x9F\x98\x80", "Person"),
           make_entity("usd-2000000000", "USD 2000000000", "Amount", {}, true)},
          {{"openai", 4}, {"zoph", 1}, {"usd-2000000000", 1}},
          {fact("zoph", "joined", "openai", 0.9, "b.txt", "2026-02-01", 0, "Zoph is back at OpenAI."),
           fact("zoph", "works_at", "tml", 1.0, "b.txt", "2025-03-01", 5, "Zoph, CTO of TML, said.", "CTO"),
           fact("tml", "raised", "usd-2000000000", 1.0, "b.txt", "2025-03-01", 40, "TML raised $2 billion.")}};
}

void add(const Shard& shard, kgrep::GraphBuilder& builder) {
  for (const auto& entity : shard.entities) builder.add_entity(entity);
  for (const auto& [id, count] : shard.mentions) builder.add_document_mentions(id, shard.doc, count);
  for (const auto& one : shard.facts) builder.add_fact(one);
}

kgrep::KnowledgeGraph build(std::initializer_list<Shard> shards) {
  kgrep::GraphBuilder builder;
  for (const auto& shard : shards) add(shard, builder);
  return builder.build();
}

std::string facts_of(const kgrep::KnowledgeGraph& graph) { return written_by(kgrep::write_facts, graph); }
std::string graphml_of(const kgrep::KnowledgeGraph& graph) { return written_by(kgrep::write_graphml, graph); }

kgrep::KnowledgeGraph read_facts_text(const std::string& text) {
  std::istringstream in(text);
  return kgrep::read_facts(in, "s.facts.jsonl");
}

}  // namespace

TEST_CASE("A facts stream reads back into the same graph, byte for byte, hostile labels and all", "[io][facts]") {
  const auto graph = build({first_shard(), second_shard()});
  const std::string written = facts_of(graph);
  CHECK(written.rfind("{\"kgrep\":\"facts\",\"version\":2}\n", 0) == 0);
  CHECK(std::count(written.begin(), written.end(), '\n') == 1 + 4 + 4);
  const auto read = read_facts_text(written);
  CHECK(facts_of(read) == written);
  CHECK(graphml_of(read) == graphml_of(graph));
  const auto tml = *kgrep::find_vertex(read, "tml");
  CHECK(read.graph[tml].attributes.at("note") == "tab\there, line\nbreak, \xE2\x80\xAE rtl");
  for (auto edge : boost::make_iterator_range(boost::out_edges(tml, read.graph))) {
    CHECK(read.graph[edge].evidence.sentence == kgrep::Span{40, 62});
    CHECK(read.graph[edge].evidence.date == "2025-03-01");
  }
}

TEST_CASE("Merging the facts streams of two shards gives the graph of one build over both", "[io][facts][merge]") {
  const auto whole = build({first_shard(), second_shard()});
  const auto merged = kgrep::merge_graphs(
      {read_facts_text(facts_of(build({second_shard()}))), read_facts_text(facts_of(build({first_shard()})))});
  CHECK(merged.distinct_inputs == 2);
  CHECK(merged.shared_documents.empty());
  CHECK(facts_of(merged.graph) == facts_of(whole));
  CHECK(graphml_of(merged.graph) == graphml_of(whole));
  // Weights summed, dates widened, best evidence kept.
  const auto& g = merged.graph.graph;
  for (auto edge : boost::make_iterator_range(boost::edges(g))) {
    if (g[edge].relation != "works_at") continue;
    CHECK(g[edge].weight == 2);
    CHECK(g[edge].first_seen == "2025-03-01");
    CHECK(g[edge].last_seen == "2026-01-14");
    CHECK(g[edge].evidence.sentence_text == "Zoph, CTO of TML, said.");
  }
}

TEST_CASE("Merge is idempotent and gives the same bytes in any order", "[io][facts][merge]") {
  const auto a = build({first_shard()});
  const auto b = build({second_shard()});
  const auto ab = facts_of(kgrep::merge_graphs({a, b}).graph);
  CHECK(facts_of(kgrep::merge_graphs({a, a}).graph) == facts_of(a));
  CHECK(facts_of(kgrep::merge_graphs({b, a}).graph) == ab);
  CHECK(facts_of(kgrep::merge_graphs({b, a, b, a}).graph) == ab);
  // A graph and its own GraphML read back are the same contribution: the
  // richer facts form is kept, whichever comes first.
  std::istringstream graphml(graphml_of(a));
  const auto a_from_graphml = kgrep::read_graphml(graphml, "a.graphml");
  CHECK(facts_of(kgrep::merge_graphs({a_from_graphml, a}).graph) == facts_of(a));
  CHECK(facts_of(kgrep::merge_graphs({a, a_from_graphml}).graph) == facts_of(a));
  CHECK(facts_of(kgrep::merge_graphs({a_from_graphml, a_from_graphml}).graph) == facts_of(a_from_graphml));
  const auto twice = kgrep::merge_graphs({a, b, a_from_graphml});
  CHECK(twice.distinct_inputs == 2);
  CHECK(facts_of(twice.graph) == ab);
}

TEST_CASE("A merged graph merged again with its own parts is the same graph, byte for byte", "[io][facts][merge]") {
  const auto a = read_facts_text(facts_of(build({first_shard()})));
  const auto b = read_facts_text(facts_of(build({second_shard()})));
  const auto merged = read_facts_text(facts_of(kgrep::merge_graphs({a, b}).graph));
  const std::string expected = facts_of(merged);
  CHECK(facts_of(kgrep::merge_graphs({merged, a}).graph) == expected);
  CHECK(facts_of(kgrep::merge_graphs({b, merged}).graph) == expected);
  CHECK(facts_of(kgrep::merge_graphs({merged, merged, a, b}).graph) == expected);
  // Overlapping shards (a document in both) count it once.
  Shard overlap = second_shard();
  overlap.facts.push_back(first_shard().facts[0]);
  const auto overlapping = kgrep::merge_graphs({a, build({overlap})});
  CHECK(overlapping.shared_documents.empty());
  CHECK(facts_of(overlapping.graph) == expected);
}

TEST_CASE("Shards of different documents that give the same totals both count", "[io][facts][merge]") {
  // Neither has a fact; as GraphML they are the same graph.
  Shard one{"one.txt", {make_entity("openai", "OpenAI", "Organization")}, {{"openai", 2}}, {}};
  Shard two = one;
  two.doc = "two.txt";
  CHECK(graphml_of(build({one})) == graphml_of(build({two})));
  const auto merged = kgrep::merge_graphs({build({one}), build({two})});
  CHECK(merged.distinct_inputs == 2);
  REQUIRE(merged.graph.node_count() == 1);
  CHECK(merged.graph.graph[0].mentions == 4);
  CHECK(facts_of(merged.graph) == facts_of(build({one, two})));
}

TEST_CASE("Merge reports documents that a graph without statements shares with another input", "[io][facts][merge]") {
  const auto a = build({first_shard()});
  Shard again = second_shard();
  again.facts.push_back(fact("openai", "competes_with", "tml", 1, "a.txt", "", 0, "They compete."));
  CHECK(kgrep::merge_graphs({a, build({again})}).shared_documents.empty());
  std::istringstream graphml(graphml_of(a));
  const auto a_from_graphml = kgrep::read_graphml(graphml, "a.graphml");
  const auto merged = kgrep::merge_graphs({a_from_graphml, build({again})});
  CHECK(merged.shared_documents == std::vector<std::string>{"a.txt"});
}

TEST_CASE("A facts stream of version 1 (totals only) still reads and merges as totals", "[io][facts][merge]") {
  const std::string v1 =
      "{\"kgrep\":\"facts\",\"version\":1}\n"
      "{\"record\":\"entity\",\"id\":\"jane\",\"label\":\"Jane\",\"type\":\"Person\",\"mentions\":2}\n"
      "{\"record\":\"fact\",\"subject\":\"jane\",\"relation\":\"left\",\"object\":\"acme\",\"weight\":3,"
      "\"docs\":[\"x.txt\"]}\n";
  const auto merged = kgrep::merge_graphs({read_facts_text(v1), build({first_shard()})}).graph;
  const auto jane = *kgrep::find_vertex(merged, "jane");
  CHECK(merged.graph[jane].mentions == 2);
  CHECK(merged.graph[jane].document_mentions.empty());
  for (auto edge : boost::make_iterator_range(boost::out_edges(jane, merged.graph))) {
    CHECK(merged.graph[edge].weight == 3);
    CHECK(merged.graph[edge].support.empty());
  }
}

TEST_CASE("Facts stream errors name the line and column and say what is wrong", "[io][facts]") {
  const std::string header = "{\"kgrep\":\"facts\",\"version\":2}\n";
  auto error_of = [&](const std::string& text) {
    try {
      read_facts_text(text);
    } catch (const kgrep::Error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("") == "s.facts.jsonl: empty: a facts stream opens with {\"kgrep\":\"facts\",\"version\":2}");
  CHECK(error_of("{\"id\":\"a\",\"text\":\"an article\"}\n") ==
        "s.facts.jsonl:1:1: not a kgrep facts stream: the first line must be {\"kgrep\":\"facts\",\"version\":2}");
  CHECK(error_of("{\"kgrep\":\"facts\",\"version\":4}\n") ==
        "s.facts.jsonl:1:28: unsupported facts stream version (this kgrep reads versions 1 to 3)");
  CHECK(error_of(header + "{\"record\":\"entity\",\"id\":\"a\",\"mentions\":1,\"mentioned_in\":{\"d\":2}}\n") ==
        "s.facts.jsonl:2:40: 'mentions' is 1, fewer than the 2 of 'mentioned_in'");
  CHECK(
      error_of(
          header +
          "{\"record\":\"entity\",\"id\":\"a\",\"mentioned_in\":{\"d\":9000000000000000,\"e\":9000000000000000}}\n") ==
      "s.facts.jsonl:2:70: 'mentioned_in' adds up to more than 9e15 mentions");
  CHECK(error_of(header + "{\"record\":\"entity\",\"id\":\"a\",\"mentioned_in\":{\"d\":0}}\n") ==
        "s.facts.jsonl:2:49: 'mentioned_in' must map document ids to whole numbers from 1");
  CHECK(error_of(header + "{\"record\":\"entity\",\"id\":\"a\",\"mentioned_in\":{\"d\":1,\"d\":1}}\n") ==
        "s.facts.jsonl:2:55: 'mentioned_in' names 'd' twice");
  CHECK(error_of(header + "{\"record\":\"entity\",\"id\":\"a\",\"mentioned_in\":{\"d\":1,\"e\":2,\"d\":3}}\n") ==
        "s.facts.jsonl:2:61: 'mentioned_in' names 'd' twice");
  CHECK(error_of(header + "{\"record\":\"fact\",\"subject\":\"a\",\"relation\":\"left\",\"object\":\"b\",\"weight\":1,"
                          "\"support\":[{\"doc\":\"d\",\"begin\":0},{\"doc\":\"e\",\"begin\":0}]}\n") ==
        "s.facts.jsonl:2:72: 'weight' is 1, fewer than the 2 statements of 'support'");
  CHECK(error_of(header + "{\"record\":\"fact\",\"subject\":\"a\",\"relation\":\"left\",\"object\":\"b\","
                          "\"support\":[\"d\"]}\n") == "s.facts.jsonl:2:74: 'support' must hold objects only");
  CHECK(error_of(header + "\n{\"record\":\"entity\",\"id\":\"a\",}\n") ==
        "s.facts.jsonl:3:29: not valid JSON: expected a string key");
  CHECK(error_of(header + "{\"record\":\"entity\",\"id\":\"a\",\"mentions\":\"3\"}\n") ==
        "s.facts.jsonl:2:40: 'mentions' must be a number, not a string");
  CHECK(error_of(header + "{\"record\":\"fact\",\"subject\":\"a\",\"object\":\"b\"}\n") ==
        "s.facts.jsonl:2:1: 'relation' is missing");
  CHECK(error_of(header + "{\"record\":\"fact\",\"subject\":\"a\",\"relation\":\"left\",\"object\":\"b\","
                          "\"confidence\":1.5}\n") == "s.facts.jsonl:2:76: 'confidence' must lie between 0 and 1");
  CHECK(error_of(header + "{\"record\":\"edge\"}\n") ==
        "s.facts.jsonl:2:11: unknown record 'edge' (known: entity, fact, documents)");
  CHECK(error_of(header + "{\"record\":\"entity\",\"id\":\"a\"}\n{\"record\":\"entity\",\"id\":\"a\"}\n") ==
        "s.facts.jsonl:3:25: a second entity line for 'a'");
  CHECK(error_of(header + "{\"record\":\"fact\",\"subject\":\"a\",\"relation\":\"left\",\"object\":\"b\","
                          "\"evidence\":{\"begin\":9,\"end\":3}}\n") ==
        "s.facts.jsonl:2:74: the evidence 'end' lies before its 'begin'");
  CHECK(error_of(header + "[1, 2]\n") == "s.facts.jsonl:2:1: a line must hold a JSON object");
  CHECK(error_of(header + "{\"record\":\"entity\",\"id\":\"caf\\u00e9\",\"label\":\"\\ud83d\"}\n") ==
        "s.facts.jsonl:2:52: not valid JSON: a high surrogate needs a low surrogate after it");
}

TEST_CASE("A facts stream may name entities it has no line for: they become bare nodes", "[io][facts]") {
  const auto graph = read_facts_text(
      "{\"kgrep\":\"facts\",\"version\":1}\r\n"
      "{\"record\":\"fact\",\"subject\":\"jane\",\"relation\":\"left\",\"object\":\"acme\",\"weight\":2}\r\n");
  REQUIRE(graph.node_count() == 2);
  const auto& g = graph.graph;
  CHECK(g[0].id == "acme");
  CHECK(g[0].label == "acme");
  const auto edge = *boost::edges(g).first;
  CHECK(g[edge].weight == 2);
  CHECK(g[edge].confidence == 1);
}

TEST_CASE("Documents listed out of order in a facts stream read, and merge, as if sorted", "[io][facts][merge]") {
  const std::string header = "{\"kgrep\":\"facts\",\"version\":2}\n";
  const auto unsorted =
      read_facts_text(header + "{\"record\":\"entity\",\"id\":\"a\",\"mentioned_in\":{\"f\":1,\"b\":2,\"d\":1}}\n");
  const auto sorted =
      read_facts_text(header + "{\"record\":\"entity\",\"id\":\"a\",\"mentioned_in\":{\"b\":2,\"d\":1,\"f\":1}}\n");
  CHECK(facts_of(unsorted) == facts_of(sorted));
  // Interleaved documents, one of them in both (counted once, the larger count).
  const auto other = read_facts_text(
      header + "{\"record\":\"entity\",\"id\":\"a\",\"mentioned_in\":{\"a\":1,\"c\":4,\"d\":3,\"g\":1}}\n");
  const auto merged = kgrep::merge_graphs({sorted, other});
  REQUIRE(merged.graph.node_count() == 1);
  const auto& node = merged.graph.graph[0];
  CHECK(node.document_mentions ==
        std::vector<std::pair<std::string, long>>{{"a", 1}, {"b", 2}, {"c", 4}, {"d", 3}, {"f", 1}, {"g", 1}});
  CHECK(node.mentions == 12);
  CHECK(facts_of(kgrep::merge_graphs({other, sorted}).graph) == facts_of(merged.graph));
}

TEST_CASE("read_graph_file tells GraphML from a facts stream and rejects anything else", "[io][facts]") {
  kgrep::testing::TempDir dir;
  const auto graph = build({first_shard()});
  dir.write("g.graphml", graphml_of(graph));
  dir.write("g.facts.jsonl", "\n  " + facts_of(graph));
  dir.write("notes.txt", "hello");
  CHECK(facts_of(kgrep::read_graph_file((dir.path() / "g.facts.jsonl").string())) == facts_of(graph));
  CHECK(graphml_of(kgrep::read_graph_file((dir.path() / "g.graphml").string())) == graphml_of(graph));
  const std::string notes = (dir.path() / "notes.txt").string();
  CHECK_THROWS_WITH(kgrep::read_graph_file(notes),
                    notes +
                        ": not a graph kgrep wrote: expected GraphML (<graphml ...>) or a facts stream (a JSON "
                        "Lines file opening with {\"kgrep\":\"facts\",...})");
  CHECK(kgrep::parse_graph_format("facts") == kgrep::GraphFormat::kFacts);
  CHECK(kgrep::graph_format_for_path("shard-3.facts.jsonl") == kgrep::GraphFormat::kFacts);
}
