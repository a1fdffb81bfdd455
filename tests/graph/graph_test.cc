// Tests of the graph stage: GraphBuilder merges facts with order-independent
// operations and lays the graph out canonically.
#include "kgrep/graph.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_support.h"

using kgrep::testing::make_entity;

namespace {

kgrep::Fact make_fact(std::string subject, std::string relation, std::string object, std::string role,
                      double confidence, std::string doc_id, std::string date, std::size_t sentence_begin,
                      std::string rule_id) {
  kgrep::Fact fact;
  fact.subject = std::move(subject);
  fact.relation = std::move(relation);
  fact.object = std::move(object);
  fact.role = std::move(role);
  fact.confidence = confidence;
  fact.evidence.doc_id = std::move(doc_id);
  fact.evidence.date = std::move(date);
  fact.evidence.sentence = kgrep::Span{sentence_begin, sentence_begin + 20};
  fact.evidence.sentence_text = "sentence of " + fact.evidence.doc_id + " at " + std::to_string(sentence_begin);
  fact.evidence.rule_id = std::move(rule_id);
  return fact;
}

// The facts of the order tests. The works_at edge gets three facts: two with
// the same best confidence (the evidence must then be the smallest doc id,
// whatever the order), one with an empty date.
std::vector<kgrep::Fact> sample_facts() {
  return {
      make_fact("jane-doe", "works_at", "openai", "CTO", 0.9, "d2", "2026-03-01", 10, "r.works_at"),
      make_fact("jane-doe", "works_at", "openai", "CEO", 0.9, "d1", "2026-05-01", 40, "r.works_at_title"),
      make_fact("jane-doe", "works_at", "openai", "", 0.6, "d0", "", 0, "r.works_at"),
      make_fact("meta", "competes_with", "openai", "", 0.7, "d1", "2026-01-15", 0, "r.competes"),
      make_fact("openai", "partners_with", "newco", "", 0.5, "d3", "2025-12", 5, "r.partners"),
  };
}

void add_sample_entities(kgrep::GraphBuilder& builder) {
  builder.add_entity(make_entity("openai", "OpenAI", "Organization", {"Open AI"}));
  builder.add_entity(make_entity("meta", "Meta", "Organization", {"Facebook", "Meta Platforms"}));
  builder.add_entity(make_entity("jane-doe", "Jane Doe", "Person"));
  builder.add_entity(make_entity("mentioned-only", "Mentioned Only", "Product"));
  builder.add_entity(make_entity("never-mentioned", "Never Mentioned", "Organization"));
  builder.add_entity(make_entity("zero-mentions", "Zero Mentions", "Organization"));
}

void add_sample_mentions(kgrep::GraphBuilder& builder) {
  builder.add_mentions("openai", 5);
  builder.add_mentions("meta", 2);
  builder.add_mentions("jane-doe", 1);
  builder.add_mentions("mentioned-only", 3);
  builder.add_mentions("zero-mentions", 0);
}

kgrep::KnowledgeGraph build_in_order(const std::vector<std::size_t>& order) {
  const std::vector<kgrep::Fact> facts = sample_facts();
  kgrep::GraphBuilder builder;
  add_sample_entities(builder);
  for (std::size_t index : order) builder.add_fact(facts[index]);
  add_sample_mentions(builder);
  return builder.build();
}

// Compares every vertex and edge property, in graph order.
void require_same_graph(const kgrep::KnowledgeGraph& a, const kgrep::KnowledgeGraph& b) {
  REQUIRE(a.node_count() == b.node_count());
  REQUIRE(a.edge_count() == b.edge_count());
  for (std::size_t v = 0; v < a.node_count(); ++v) {
    const kgrep::NodeProperties& x = a.graph[v];
    const kgrep::NodeProperties& y = b.graph[v];
    CAPTURE(v, x.id);
    CHECK(x.id == y.id);
    CHECK(x.label == y.label);
    CHECK(x.type == y.type);
    CHECK(x.aliases == y.aliases);
    CHECK(x.attributes == y.attributes);
    CHECK(x.mentions == y.mentions);
    CHECK(x.discovered == y.discovered);
  }
  auto [a_edge, a_end] = boost::edges(a.graph);
  auto [b_edge, b_end] = boost::edges(b.graph);
  for (; a_edge != a_end && b_edge != b_end; ++a_edge, ++b_edge) {
    const kgrep::EdgeProperties& x = a.graph[*a_edge];
    const kgrep::EdgeProperties& y = b.graph[*b_edge];
    CAPTURE(x.relation);
    CHECK(a.graph[boost::source(*a_edge, a.graph)].id == b.graph[boost::source(*b_edge, b.graph)].id);
    CHECK(a.graph[boost::target(*a_edge, a.graph)].id == b.graph[boost::target(*b_edge, b.graph)].id);
    CHECK(x.relation == y.relation);
    CHECK(x.roles == y.roles);
    CHECK(x.weight == y.weight);
    CHECK(x.confidence == y.confidence);
    CHECK(x.first_seen == y.first_seen);
    CHECK(x.last_seen == y.last_seen);
    CHECK(x.docs == y.docs);
    CHECK(x.evidence == y.evidence);
    CHECK(x.rules == y.rules);
  }
}

std::vector<std::string> vertex_ids(const kgrep::KnowledgeGraph& knowledge) {
  std::vector<std::string> ids;
  for (auto vertex : boost::make_iterator_range(boost::vertices(knowledge.graph)))
    ids.push_back(knowledge.graph[vertex].id);
  return ids;
}

// "subject relation object" for every edge, in graph order.
std::vector<std::string> edge_keys(const kgrep::KnowledgeGraph& knowledge) {
  std::vector<std::string> keys;
  for (auto edge : boost::make_iterator_range(boost::edges(knowledge.graph))) {
    keys.push_back(knowledge.graph[boost::source(edge, knowledge.graph)].id + " " + knowledge.graph[edge].relation +
                   " " + knowledge.graph[boost::target(edge, knowledge.graph)].id);
  }
  return keys;
}

const kgrep::EdgeProperties& edge_named(const kgrep::KnowledgeGraph& knowledge, const std::string& key) {
  for (auto edge : boost::make_iterator_range(boost::edges(knowledge.graph))) {
    const std::string this_key = knowledge.graph[boost::source(edge, knowledge.graph)].id + " " +
                                 knowledge.graph[edge].relation + " " +
                                 knowledge.graph[boost::target(edge, knowledge.graph)].id;
    if (this_key == key) return knowledge.graph[edge];
  }
  FAIL("no edge " << key);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("GraphBuilder builds the same graph whatever order the facts arrive in", "[graph]") {
  std::vector<std::size_t> order(sample_facts().size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const kgrep::KnowledgeGraph reference = build_in_order(order);
  std::size_t permutations = 0;
  while (std::next_permutation(order.begin(), order.end())) {
    ++permutations;
    require_same_graph(build_in_order(order), reference);
  }
  CHECK(permutations == 119);
}

TEST_CASE("Two builders merged in either order build the same graph as one builder", "[graph]") {
  const std::vector<kgrep::Fact> facts = sample_facts();
  kgrep::GraphBuilder single;
  add_sample_entities(single);
  for (const auto& fact : facts) single.add_fact(fact);
  add_sample_mentions(single);
  const kgrep::KnowledgeGraph reference = single.build();

  // Each part sees some of the facts, some of the mentions and some entities.
  kgrep::GraphBuilder first;
  first.add_entity(make_entity("openai", "OpenAI", "Organization", {"Open AI"}));
  first.add_entity(make_entity("jane-doe", "Jane Doe", "Person"));
  first.add_entity(make_entity("never-mentioned", "Never Mentioned", "Organization"));
  first.add_fact(facts[0]);
  first.add_fact(facts[2]);
  first.add_fact(facts[4]);
  first.add_mentions("openai", 3);
  first.add_mentions("jane-doe", 1);
  first.add_mentions("zero-mentions", 0);

  kgrep::GraphBuilder second;
  second.add_entity(make_entity("meta", "Meta", "Organization", {"Meta Platforms"}));
  second.add_entity(make_entity("meta", "Meta", "Organization", {"Facebook"}));
  second.add_entity(make_entity("mentioned-only", "Mentioned Only", "Product"));
  second.add_entity(make_entity("zero-mentions", "Zero Mentions", "Organization"));
  second.add_entity(make_entity("openai", "OpenAI", "Organization", {"Open AI"}));
  second.add_fact(facts[1]);
  second.add_fact(facts[3]);
  second.add_mentions("openai", 2);
  second.add_mentions("meta", 2);
  second.add_mentions("mentioned-only", 3);

  kgrep::GraphBuilder first_then_second = first;
  first_then_second.merge(second);
  kgrep::GraphBuilder second_then_first = second;
  second_then_first.merge(first);

  SECTION("first.merge(second)") { require_same_graph(first_then_second.build(), reference); }
  SECTION("second.merge(first)") { require_same_graph(second_then_first.build(), reference); }
}

TEST_CASE("GraphBuilder lays out vertices by id and edges by subject, relation and object", "[graph]") {
  const kgrep::KnowledgeGraph graph = build_in_order({4, 3, 2, 1, 0});
  // Only mentioned entities and fact endpoints appear: never-mentioned and
  // zero-mentions are registered but absent; newco was never registered.
  CHECK(vertex_ids(graph) == std::vector<std::string>{"jane-doe", "mentioned-only", "meta", "newco", "openai"});
  CHECK(edge_keys(graph) == std::vector<std::string>{"jane-doe works_at openai", "meta competes_with openai",
                                                     "openai partners_with newco"});
}

TEST_CASE("GraphBuilder fills vertex properties from the registered entities and mentions", "[graph]") {
  const kgrep::KnowledgeGraph graph = build_in_order({0, 1, 2, 3, 4});
  REQUIRE(graph.node_count() == 5);
  const kgrep::NodeProperties& meta = graph.graph[2];
  CHECK(meta.id == "meta");
  CHECK(meta.label == "Meta");
  CHECK(meta.type == "Organization");
  CHECK(meta.aliases == std::vector<std::string>{"Facebook", "Meta Platforms"});
  CHECK(meta.mentions == 2);
  CHECK_FALSE(meta.discovered);

  const kgrep::NodeProperties& newco = graph.graph[3];
  CHECK(newco.id == "newco");
  CHECK(newco.label == "newco");  // a bare node is labelled with its id
  CHECK(newco.type.empty());
  CHECK(newco.mentions == 0);

  CHECK(graph.graph[1].id == "mentioned-only");
  CHECK(graph.graph[1].mentions == 3);
  CHECK(graph.graph[4].id == "openai");
  CHECK(graph.graph[4].mentions == 5);  // openai
}

TEST_CASE("An edge merges its supporting facts: weight, roles, docs, dates, confidence, evidence", "[graph]") {
  const std::vector<kgrep::Fact> facts = sample_facts();
  const kgrep::KnowledgeGraph graph = build_in_order({2, 0, 1, 3, 4});
  const kgrep::EdgeProperties& works_at = edge_named(graph, "jane-doe works_at openai");
  CHECK(works_at.weight == 3.0);
  CHECK(works_at.roles == std::vector<std::string>{"CEO", "CTO"});
  CHECK(works_at.docs == std::vector<std::string>{"d0", "d1", "d2"});
  CHECK(works_at.rules == std::vector<std::string>{"r.works_at", "r.works_at_title"});
  CHECK(works_at.first_seen == "2026-03-01");  // the empty date of d0 does not count
  CHECK(works_at.last_seen == "2026-05-01");
  CHECK(works_at.confidence == 0.9);
  // Two facts share the best confidence; the smaller document id wins.
  CHECK(works_at.evidence == facts[1].evidence);

  const kgrep::EdgeProperties& partners = edge_named(graph, "openai partners_with newco");
  CHECK(partners.weight == 1.0);
  CHECK(partners.roles.empty());
  CHECK(partners.first_seen == "2025-12");
  CHECK(partners.last_seen == "2025-12");
  CHECK(partners.confidence == 0.5);
  CHECK(partners.evidence == facts[4].evidence);
}

TEST_CASE("One statement seen twice counts once; the same fact in another sentence counts again", "[graph]") {
  const kgrep::Fact fact = make_fact("a", "rel", "b", "", 0.8, "d1", "2026-01-01", 0, "r1");
  kgrep::Fact elsewhere = fact;
  elsewhere.evidence.sentence = {40, 60};
  kgrep::GraphBuilder builder;
  builder.add_fact(fact);
  builder.add_fact(fact);
  builder.add_fact(elsewhere);
  const kgrep::KnowledgeGraph graph = builder.build();
  REQUIRE(graph.edge_count() == 1);
  const kgrep::EdgeProperties& edge = edge_named(graph, "a rel b");
  CHECK(edge.weight == 2.0);
  CHECK(edge.support.size() == 2);
  CHECK(edge.docs == std::vector<std::string>{"d1"});
  CHECK(edge.rules == std::vector<std::string>{"r1"});
}

TEST_CASE("Mentions in one document read twice count once; in another document they add up", "[graph]") {
  kgrep::GraphBuilder builder;
  builder.add_document_mentions("a", "d1", 2);
  builder.add_document_mentions("a", "d1", 2);
  builder.add_document_mentions("a", "d2", 1);
  builder.add_mentions("a", 4);  // known without documents: always added
  const kgrep::KnowledgeGraph graph = builder.build();
  REQUIRE(graph.node_count() == 1);
  CHECK(graph.graph[0].mentions == 7);
  CHECK(graph.graph[0].document_mentions == std::vector<std::pair<std::string, long>>{{"d1", 2}, {"d2", 1}});
}

TEST_CASE("A builder without per-document counts gives the same totals and counts a document read again once",
          "[graph]") {
  for (const bool keep : {true, false}) {
    kgrep::GraphBuilder builder(keep);
    builder.add_document("d1", {{"a", 2}, {"b", 1}});
    builder.add_document("d1", {{"a", 2}, {"b", 1}});
    builder.add_document("d2", {{"a", 1}});
    const kgrep::KnowledgeGraph graph = builder.build();
    REQUIRE(graph.node_count() == 2);
    CHECK(graph.graph[0].mentions == 3);
    CHECK(graph.graph[1].mentions == 1);
    if (keep) {
      CHECK(graph.graph[0].document_mentions == std::vector<std::pair<std::string, long>>{{"d1", 2}, {"d2", 1}});
    } else {
      CHECK(graph.graph[0].document_mentions.empty());
    }
  }
}

TEST_CASE("A builder without per-document counts counts each of many documents once, read once or twice", "[graph]") {
  kgrep::GraphBuilder builder(false);
  // Enough documents for the table of document hashes to grow several times.
  for (int round = 0; round < 2; ++round)
    for (int doc = 0; doc < 5000; ++doc) builder.add_document("doc-" + std::to_string(doc), {{"a", 1 + doc % 3}});
  const kgrep::KnowledgeGraph graph = builder.build();
  REQUIRE(graph.node_count() == 1);
  CHECK(graph.graph[0].mentions == 1667 * 1 + 1667 * 2 + 1666 * 3);
}

TEST_CASE("Edge confidence is the maximum and the evidence comes from the most confident fact", "[graph]") {
  const std::vector<kgrep::Fact> facts = {
      make_fact("a", "rel", "b", "", 0.4, "d1", "2026-02-01", 0, "r.low"),
      make_fact("a", "rel", "b", "", 0.8, "d9", "2026-01-01", 7, "r.high"),
      make_fact("a", "rel", "b", "", 0.6, "d5", "2026-03-01", 3, "r.mid"),
  };
  std::vector<std::size_t> order = {0, 1, 2};
  do {
    kgrep::GraphBuilder builder;
    for (std::size_t index : order) builder.add_fact(facts[index]);
    const kgrep::KnowledgeGraph graph = builder.build();
    const kgrep::EdgeProperties& edge = edge_named(graph, "a rel b");
    CAPTURE(order);
    CHECK(edge.confidence == 0.8);
    CHECK(edge.evidence == facts[1].evidence);
    CHECK(edge.first_seen == "2026-01-01");
    CHECK(edge.last_seen == "2026-03-01");
    CHECK(edge.weight == 3.0);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("Evidence ties on confidence and document are broken by sentence start, then rule id", "[graph]") {
  const std::vector<kgrep::Fact> facts = {
      make_fact("a", "rel", "b", "", 0.9, "d1", "", 30, "r.a"),
      make_fact("a", "rel", "b", "", 0.9, "d1", "", 10, "r.z"),
      make_fact("a", "rel", "b", "", 0.9, "d1", "", 10, "r.b"),
  };
  std::vector<std::size_t> order = {0, 1, 2};
  do {
    kgrep::GraphBuilder builder;
    for (std::size_t index : order) builder.add_fact(facts[index]);
    CAPTURE(order);
    CHECK(edge_named(builder.build(), "a rel b").evidence == facts[2].evidence);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("A listed entity's label beats a discovered one whatever the registration order", "[graph]") {
  const kgrep::EntityRecord discovered =
      make_entity("openai", "Openai", "Organization", {"OpenAI Inc"}, /*discovered=*/true);
  const kgrep::EntityRecord listed = make_entity("openai", "OpenAI", "Organization", {"Open AI"});

  kgrep::GraphBuilder discovered_first;
  discovered_first.add_entity(discovered);
  discovered_first.add_entity(listed);
  discovered_first.add_mentions("openai", 1);

  kgrep::GraphBuilder listed_first;
  listed_first.add_entity(listed);
  listed_first.add_entity(discovered);
  listed_first.add_mentions("openai", 1);

  for (const kgrep::KnowledgeGraph& graph : {discovered_first.build(), listed_first.build()}) {
    REQUIRE(graph.node_count() == 1);
    const kgrep::NodeProperties& node = graph.graph[0];
    CHECK(node.label == "OpenAI");
    CHECK_FALSE(node.discovered);
    // Aliases are unioned, sorted and distinct.
    CHECK(node.aliases == std::vector<std::string>{"Open AI", "OpenAI Inc"});
  }
}

TEST_CASE("A discovered entity that is never listed keeps its label and is marked discovered", "[graph]") {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("thinking-machines-lab", "Thinking Machines Lab", "Organization", {}, true));
  builder.add_mentions("thinking-machines-lab", 2);
  const kgrep::KnowledgeGraph graph = builder.build();
  REQUIRE(graph.node_count() == 1);
  CHECK(graph.graph[0].label == "Thinking Machines Lab");
  CHECK(graph.graph[0].discovered);
  CHECK(graph.graph[0].mentions == 2);
}

TEST_CASE("An empty builder builds an empty graph", "[graph]") {
  const kgrep::KnowledgeGraph graph = kgrep::GraphBuilder{}.build();
  CHECK(graph.node_count() == 0);
  CHECK(graph.edge_count() == 0);
}

TEST_CASE("Evidence from two documents that share an id is chosen whatever the order", "[graph]") {
  auto fact_with = [](const std::string& text) {
    kgrep::Fact fact;
    fact.subject = "a";
    fact.relation = "left";
    fact.object = "b";
    fact.evidence = {"a.txt", "", {0, 10}, text, "rule"};
    return fact;
  };
  kgrep::GraphBuilder forward, backward;
  forward.add_fact(fact_with("Ann left B."));
  forward.add_fact(fact_with("Ann quit B."));
  backward.add_fact(fact_with("Ann quit B."));
  backward.add_fact(fact_with("Ann left B."));
  const auto one = forward.build(), two = backward.build();
  const auto edge_one = *boost::edges(one.graph).first;
  const auto edge_two = *boost::edges(two.graph).first;
  CHECK(one.graph[edge_one].evidence.sentence_text == "Ann left B.");
  CHECK(two.graph[edge_two].evidence.sentence_text == "Ann left B.");
}
