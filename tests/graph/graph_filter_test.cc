#include <catch2/catch.hpp>

#include "kgrep/graph.h"

namespace {

kgrep::Fact fact(const std::string& subject, const std::string& relation, const std::string& object,
                 const std::string& date, double confidence = 1.0) {
  kgrep::Fact result;
  result.subject = subject;
  result.relation = relation;
  result.object = object;
  result.confidence = confidence;
  result.evidence.doc_id = "doc";
  result.evidence.date = date;
  result.evidence.rule_id = "rule";
  return result;
}

kgrep::KnowledgeGraph sample() {
  kgrep::GraphBuilder builder;
  auto entity = [&](const std::string& id, const std::string& label, const std::string& type,
                    std::vector<std::string> aliases = {}) {
    builder.add_entity({id, label, type, std::move(aliases), {}, false});
    builder.add_mentions(id, 1);
  };
  entity("tml", "Thinking Machines Lab", "Organization", {"TML"});
  entity("openai", "OpenAI", "Organization");
  entity("meta", "Meta", "Organization");
  entity("zoph", "Barret Zoph", "Person");
  entity("murati", "Mira Murati", "Person");
  entity("lambert", "Nathan Lambert", "Person");
  entity("ai2", "Ai2", "Organization");
  builder.add_fact(fact("zoph", "left", "tml", "2026-01-15"));
  builder.add_fact(fact("zoph", "joined", "openai", "2026-01-15"));
  builder.add_fact(fact("murati", "founded", "tml", "2025-02"));
  builder.add_fact(fact("tml", "recruits_from", "meta", "", 0.8));
  builder.add_fact(fact("tml", "recruits_from", "meta", ""));  // weight 2
  builder.add_fact(fact("lambert", "left", "ai2", "2026-06"));
  return builder.build();
}

std::vector<std::string> nodes(const kgrep::KnowledgeGraph& knowledge) {
  std::vector<std::string> ids;
  for (auto v : boost::make_iterator_range(boost::vertices(knowledge.graph))) ids.push_back(knowledge.graph[v].id);
  return ids;
}

std::vector<std::string> edges(const kgrep::KnowledgeGraph& knowledge) {
  const auto& graph = knowledge.graph;
  std::vector<std::string> result;
  for (auto e : boost::make_iterator_range(boost::edges(graph))) {
    result.push_back(graph[boost::source(e, graph)].id + " " + graph[e].relation + " " +
                     graph[boost::target(e, graph)].id);
  }
  return result;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("An empty filter keeps the graph as it is", "[graph][filter]") {
  const auto graph = sample();
  const auto kept = kgrep::filter_graph(graph, {});
  CHECK(nodes(kept) == nodes(graph));
  CHECK(edges(kept) == edges(graph));
}

TEST_CASE("Filtering by type drops other nodes and their edges", "[graph][filter]") {
  kgrep::GraphFilter filter;
  filter.types = {"Organization"};
  const auto kept = kgrep::filter_graph(sample(), filter);
  CHECK(nodes(kept) == Strings{"ai2", "meta", "openai", "tml"});
  CHECK(edges(kept) == Strings{"tml recruits_from meta"});
}

TEST_CASE("Edge tests drop failing edges and the nodes left without any", "[graph][filter]") {
  kgrep::GraphFilter by_relation;
  by_relation.relations = {"left", "joined"};
  CHECK(edges(kgrep::filter_graph(sample(), by_relation)) ==
        Strings{"lambert left ai2", "zoph joined openai", "zoph left tml"});
  CHECK(nodes(kgrep::filter_graph(sample(), by_relation)) == Strings{"ai2", "lambert", "openai", "tml", "zoph"});

  kgrep::GraphFilter by_weight;
  by_weight.min_weight = 2;
  CHECK(edges(kgrep::filter_graph(sample(), by_weight)) == Strings{"tml recruits_from meta"});

  kgrep::GraphFilter by_confidence;
  by_confidence.min_confidence = 0.9;  // the recruits_from edge keeps its best confidence, 1
  CHECK(edges(kgrep::filter_graph(sample(), by_confidence)).size() == 5);
}

TEST_CASE("Date filters compare on the common prefix and drop undated edges", "[graph][filter]") {
  kgrep::GraphFilter since;
  since.since = "2026-01";
  CHECK(edges(kgrep::filter_graph(sample(), since)) ==
        Strings{"lambert left ai2", "zoph joined openai", "zoph left tml"});
  kgrep::GraphFilter until;
  until.until = "2025-12-31";
  CHECK(edges(kgrep::filter_graph(sample(), until)) == Strings{"murati founded tml"});
  kgrep::GraphFilter window;
  window.since = "2026-06-15";  // "2026-06" counts as June 2026
  window.until = "2026-06-30";
  CHECK(edges(kgrep::filter_graph(sample(), window)) == Strings{"lambert left ai2"});
}

TEST_CASE("A neighbourhood keeps the entities within N hops, following edges both ways", "[graph][filter]") {
  kgrep::GraphFilter one_hop;
  one_hop.around = "TML";  // an alias, folded
  CHECK(nodes(kgrep::filter_graph(sample(), one_hop)) == Strings{"meta", "murati", "tml", "zoph"});
  kgrep::GraphFilter two_hops = one_hop;
  two_hops.depth = 2;
  CHECK(nodes(kgrep::filter_graph(sample(), two_hops)) == Strings{"meta", "murati", "openai", "tml", "zoph"});
  kgrep::GraphFilter zero = one_hop;
  zero.depth = 0;
  CHECK(nodes(kgrep::filter_graph(sample(), zero)) == Strings{"tml"});
}

TEST_CASE("A neighbourhood of an unknown name is an error listing close names", "[graph][filter]") {
  kgrep::GraphFilter filter;
  filter.around = "Thinking Machines";
  CHECK_THROWS_WITH(kgrep::filter_graph(sample(), filter),
                    "--around 'Thinking Machines' names no entity of the graph (close: Thinking Machines Lab)");
  filter.around = "Anthropic";
  CHECK_THROWS_WITH(kgrep::filter_graph(sample(), filter), "--around 'Anthropic' names no entity of the graph");
}

TEST_CASE("find_vertex accepts ids, labels and aliases with case and accents folded", "[graph][filter]") {
  const auto graph = sample();
  CHECK(graph.graph[*kgrep::find_vertex(graph, "zoph")].id == "zoph");
  CHECK(graph.graph[*kgrep::find_vertex(graph, "barret  ZOPH")].id == "zoph");
  CHECK(graph.graph[*kgrep::find_vertex(graph, "tml")].id == "tml");
  CHECK_FALSE(kgrep::find_vertex(graph, "Zop"));
}
