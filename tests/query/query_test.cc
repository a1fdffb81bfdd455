// Tests of the query stage on a small graph built in code: each question's
// exact output, name resolution and its errors, and the table writers.
#include "kgrep/query.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "support/test_support.h"

using kgrep::testing::make_entity;

namespace {

kgrep::Fact fact(std::string subject, std::string relation, std::string object, std::string doc, std::string date,
                 std::string sentence, std::string role = "") {
  kgrep::Fact result;
  result.subject = std::move(subject);
  result.relation = std::move(relation);
  result.object = std::move(object);
  result.role = std::move(role);
  result.evidence = {std::move(doc), std::move(date), {0, sentence.size()}, sentence, "r"};
  return result;
}

// Ada left Alpha for Beta in one sentence; Bo left Alpha and joined Gamma in
// two sentences of one article; Cy joined Gamma (no origin); Dée left Beta
// (no destination, no date).
kgrep::KnowledgeGraph people_and_labs() {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("ada", "Ada", "Person", {"A"}));
  builder.add_entity(make_entity("bo", "Bo", "Person"));
  builder.add_entity(make_entity("cy", "Cy", "Person"));
  builder.add_entity(make_entity("dee",
                                 "D\xC3\xA9"
                                 "e",
                                 "Person"));
  builder.add_entity(make_entity("alpha", "Alpha Lab", "Organization", {"Alpha", "A"}));
  builder.add_entity(make_entity("beta", "Beta", "Organization"));
  builder.add_entity(make_entity("gamma", "Gamma", "Organization"));
  builder.add_fact(fact("ada", "left", "alpha", "d1", "2026-01-10", "Ada left Alpha Lab for Beta."));
  builder.add_fact(fact("ada", "joined", "beta", "d1", "2026-01-10", "Ada left Alpha Lab for Beta."));
  builder.add_fact(fact("bo", "left", "alpha", "d2", "2026-02-01", "Bo has left Alpha Lab."));
  builder.add_fact(fact("bo", "joined", "gamma", "d2", "2026-02-01", "Bo is now at Gamma."));
  builder.add_fact(fact("cy", "joined", "gamma", "d3", "2025-12-05", "Cy joined Gamma."));
  builder.add_fact(fact("cy", "works_at", "gamma", "d3", "2025-12-05", "Cy, CEO of Gamma, said.", "CEO"));
  builder.add_fact(fact("dee", "left", "beta", "d4", "",
                        "D\xC3\xA9"
                        "e quit Beta."));
  builder.add_fact(fact("alpha", "competes_with", "beta", "d1", "2026-01-10", "Alpha Lab and Beta compete."));
  builder.add_entity(make_entity("eve", "Eve", "Person"));
  builder.add_mentions("eve", 1);
  return builder.build();
}

std::string text_of(const std::vector<kgrep::Table>& tables, kgrep::TableFormat format = kgrep::TableFormat::kText) {
  std::ostringstream out;
  kgrep::write_tables(tables, format, out);
  return out.str();
}

std::string text_of(const kgrep::Table& table, kgrep::TableFormat format = kgrep::TableFormat::kText) {
  return text_of(std::vector<kgrep::Table>{table}, format);
}

std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const kgrep::Error& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("moves pairs a departure with an arrival stated together and keeps the rest apart", "[query][moves]") {
  const auto graph = people_and_labs();
  CHECK(text_of(kgrep::query_moves(graph, {})) ==
        "person  from       to     when        docs\n"
        "Cy                 Gamma  2025-12-05  d3\n"
        "Ada     Alpha Lab  Beta   2026-01-10  d1\n"
        "Bo      Alpha Lab  Gamma  2026-02-01  d2\n"
        "D\xC3\xA9"
        "e     Beta                          d4\n");
}

TEST_CASE("moves pairs by any sentence that states both, not only by the best evidence", "[query][moves]") {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("fay", "Fay", "Person"));
  builder.add_entity(make_entity("alpha", "Alpha", "Organization"));
  builder.add_entity(make_entity("beta", "Beta", "Organization"));
  builder.add_entity(make_entity("gamma", "Gamma", "Organization"));
  // The departure's best evidence is d5's; the sentence of d6 states it with
  // the arrival at Gamma. Beta shares only a document with the departure.
  builder.add_fact(fact("fay", "left", "alpha", "d5", "2026-03-01", "Fay quit Alpha."));
  builder.add_fact(fact("fay", "joined", "beta", "d5", "2026-03-01", "Fay is at Beta now."));
  builder.add_fact(fact("fay", "left", "alpha", "d6", "2026-03-02", "Fay left Alpha for Gamma."));
  builder.add_fact(fact("fay", "joined", "gamma", "d6", "2026-03-02", "Fay left Alpha for Gamma."));
  const auto graph = builder.build();
  CHECK(text_of(kgrep::query_moves(graph, {})) ==
        "person  from   to     when        docs\n"
        "Fay            Beta   2026-03-01  d5\n"
        "Fay     Alpha  Gamma  2026-03-01  d5; d6\n");
}

TEST_CASE("moves filters by person, origin, destination and dates", "[query][moves]") {
  const auto graph = people_and_labs();
  auto people = [&](const kgrep::MovesQuery& query) {
    std::vector<std::string> names;
    for (const auto& row : kgrep::query_moves(graph, query).rows) names.push_back(row[0] + ">" + row[2]);
    return names;
  };
  CHECK(people({"ADA", "", "", "", ""}) == std::vector<std::string>{"Ada>Beta"});
  CHECK(people({"", "alpha", "", "", ""}) == std::vector<std::string>{"Ada>Beta", "Bo>Gamma"});
  CHECK(people({"", "", "Gamma", "", ""}) == std::vector<std::string>{"Cy>Gamma", "Bo>Gamma"});
  CHECK(people({"", "beta", "", "", ""}) == std::vector<std::string>{"D\xC3\xA9"
                                                                     "e>"});
  CHECK(people({"dee", "", "", "", ""}) == std::vector<std::string>{"D\xC3\xA9"
                                                                    "e>"});
  CHECK(people({"", "", "", "2026", ""}) == std::vector<std::string>{"Ada>Beta", "Bo>Gamma"});
  CHECK(people({"", "", "", "2026-01-15", ""}) == std::vector<std::string>{"Bo>Gamma"});
  CHECK(people({"", "", "", "", "2025"}) == std::vector<std::string>{"Cy>Gamma"});
  CHECK(people({"", "gamma", "", "", ""}).empty());
}

TEST_CASE("Names resolve by id, label or alias with case and accents folded; others get close matches",
          "[query][names]") {
  const auto graph = people_and_labs();
  const auto& g = graph.graph;
  CHECK(g[kgrep::resolve_entity(graph, "alpha")].id == "alpha");
  CHECK(g[kgrep::resolve_entity(graph, "  alpha   LAB ")].id == "alpha");
  CHECK(g[kgrep::resolve_entity(graph, "DEE")].id == "dee");
  CHECK(error_of([&] { kgrep::resolve_entity(graph, "a", "--from"); }) ==
        "--from 'a' is ambiguous: it names Ada (ada, Person), Alpha Lab (alpha, Organization); give the id instead");
  CHECK(error_of([&] { kgrep::resolve_entity(graph, "Alpah Lab"); }) ==
        "name 'Alpah Lab' names no entity of the graph; close matches: Alpha Lab (alpha, Organization)");
  CHECK(error_of([&] { kgrep::resolve_entity(graph, "Gama"); }) ==
        "name 'Gama' names no entity of the graph; close matches: Gamma (gamma, Organization), Ada (ada, Person)");
  CHECK(error_of([&] { kgrep::resolve_entity(graph, "Zyxwvut Institute"); }) ==
        "name 'Zyxwvut Institute' names no entity of the graph");
}

TEST_CASE("neighbours lists each ring with the edge that reaches it", "[query][neighbours]") {
  const auto graph = people_and_labs();
  kgrep::NeighboursQuery query;
  query.name = "Alpha";
  CHECK(text_of(kgrep::query_neighbours(graph, query)) ==
        "depth  entity  type          link\n"
        "1      Ada     Person        Ada left Alpha Lab\n"
        "1      Beta    Organization  Alpha Lab competes_with Beta\n"
        "1      Bo      Person        Bo left Alpha Lab\n");
  query.depth = 2;
  query.types = {"Person", "Organization"};
  const auto two = kgrep::query_neighbours(graph, query);
  REQUIRE(two.rows.size() == 5);
  CHECK(two.rows[3] == std::vector<std::string>{"2",
                                                "D\xC3\xA9"
                                                "e",
                                                "Person",
                                                "D\xC3\xA9"
                                                "e left Beta"});
  CHECK(two.rows[4] == std::vector<std::string>{"2", "Gamma", "Organization", "Bo joined Gamma"});
  query.types = {"Person"};
  CHECK(kgrep::query_neighbours(graph, query).rows.size() == 3);
  query.types.clear();
  query.relations = {"left"};
  CHECK(kgrep::query_neighbours(graph, query).rows.size() == 2);
  query.name = "cy";
  query.depth = 1;
  query.relations.clear();
  CHECK(text_of(kgrep::query_neighbours(graph, query)) ==
        "depth  entity  type          link\n"
        "1      Gamma   Organization  Cy joined Gamma\n"
        "1      Gamma   Organization  Cy works_at Gamma (CEO)\n");
}

TEST_CASE("path lists every shortest path step by step, in label and relation order", "[query][path]") {
  const auto graph = people_and_labs();
  CHECK(text_of(kgrep::query_path(graph, "Cy", "Bo")) ==
        "path  step  subject  relation  object\n"
        "1     1     Cy       joined    Gamma\n"
        "1     2     Bo       joined    Gamma\n"
        "2     1     Cy       works_at  Gamma\n"
        "2     2     Bo       joined    Gamma\n");
  const auto longer = kgrep::query_path(graph, "dee", "bo");
  REQUIRE(longer.rows.size() == 3);
  CHECK(longer.rows[1] == std::vector<std::string>{"1", "2", "Alpha Lab", "competes_with", "Beta"});
  CHECK(kgrep::query_path(graph, "cy", "eve").rows.empty());
}

TEST_CASE("rank by degree shares ranks between ties and orders them by label", "[query][rank]") {
  const auto graph = people_and_labs();
  kgrep::RankQuery query;
  query.top = 0;
  CHECK(text_of(kgrep::query_rank(graph, query)) ==
        "rank  entity     type          score\n"
        "1     Alpha Lab  Organization  3\n"
        "1     Beta       Organization  3\n"
        "1     Gamma      Organization  3\n"
        "4     Ada        Person        2\n"
        "4     Bo         Person        2\n"
        "4     Cy         Person        2\n"
        "7     D\xC3\xA9"
        "e        Person        1\n"
        "8     Eve        Person        0\n");
  query.types = {"Person"};
  query.top = 2;
  CHECK(text_of(kgrep::query_rank(graph, query), kgrep::TableFormat::kTsv) ==
        "rank\tentity\ttype\tscore\n1\tAda\tPerson\t2\n1\tBo\tPerson\t2\n");
}

TEST_CASE("rank by betweenness and pagerank use Boost.Graph's measures", "[query][rank]") {
  // x -> hub <- y, hub -> z: the hub lies on every path between the others.
  kgrep::GraphBuilder builder;
  for (const char* id : {"x", "y", "z", "hub"}) builder.add_entity(make_entity(id, id, "Organization"));
  builder.add_fact(fact("x", "deal_with", "hub", "d", "", "s"));
  builder.add_fact(fact("y", "deal_with", "hub", "d", "", "s"));
  builder.add_fact(fact("hub", "deal_with", "z", "d", "", "s"));
  builder.add_fact(fact("hub", "acquired", "z", "d", "", "s2"));
  const auto graph = builder.build();
  kgrep::RankQuery query;
  query.by = kgrep::parse_rank_measure("betweenness");
  CHECK(text_of(kgrep::query_rank(graph, query), kgrep::TableFormat::kCsv) ==
        "rank,entity,type,score\r\n1,hub,Organization,3.00\r\n2,x,Organization,0.00\r\n"
        "2,y,Organization,0.00\r\n2,z,Organization,0.00\r\n");
  query.by = kgrep::parse_rank_measure("pagerank");
  const auto ranked = kgrep::query_rank(graph, query);
  REQUIRE(ranked.rows.size() == 4);
  CHECK(ranked.rows[0][1] == "z");
  CHECK(ranked.rows[1][1] == "hub");
  // x and y have no in-edges: the same score, one rank, label order.
  CHECK(ranked.rows[2] == std::vector<std::string>{"3", "x", "Organization", "0.1500"});
  CHECK(ranked.rows[3] == std::vector<std::string>{"3", "y", "Organization", "0.1500"});
  CHECK(error_of([] { kgrep::parse_rank_measure("closeness"); }) ==
        "--by 'closeness' is no ranking (known: degree, pagerank, betweenness)");
}

TEST_CASE("show gives an entity's record and every fact about it with its sentence", "[query][show]") {
  const auto graph = people_and_labs();
  const auto tables = kgrep::query_show(graph, "Ada");
  CHECK(text_of(tables) ==
        "id          ada\n"
        "label       Ada\n"
        "type        Person\n"
        "aliases     A\n"
        "attributes\n"
        "mentions    0\n"
        "discovered  false\n"
        "\n"
        "subject  relation  object     role  when        weight  docs  evidence\n"
        "Ada      joined    Beta             2026-01-10  1       d1    Ada left Alpha Lab for Beta.\n"
        "Ada      left      Alpha Lab        2026-01-10  1       d1    Ada left Alpha Lab for Beta.\n");
  CHECK(text_of(tables, kgrep::TableFormat::kJson) ==
        "{\n"
        "  \"entity\": {\"id\": \"ada\", \"label\": \"Ada\", \"type\": \"Person\", \"aliases\": \"A\", "
        "\"attributes\": \"\", \"mentions\": \"0\", \"discovered\": \"false\"},\n"
        "  \"facts\": [\n"
        "    {\"subject\": \"Ada\", \"relation\": \"joined\", \"object\": \"Beta\", \"role\": \"\", \"when\": "
        "\"2026-01-10\", \"weight\": \"1\", \"docs\": \"d1\", \"evidence\": \"Ada left Alpha Lab for Beta.\"},\n"
        "    {\"subject\": \"Ada\", \"relation\": \"left\", \"object\": \"Alpha Lab\", \"role\": \"\", \"when\": "
        "\"2026-01-10\", \"weight\": \"1\", \"docs\": \"d1\", \"evidence\": \"Ada left Alpha Lab for Beta.\"}\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("Table writers escape what each format cannot hold", "[query][table]") {
  const kgrep::Table table{"t", {"name", "note"}, {{"a,\"b\"", "line\nbreak\ttab"}}, false};
  CHECK(text_of(table, kgrep::TableFormat::kCsv) == "name,note\r\n\"a,\"\"b\"\"\",\"line\nbreak\ttab\"\r\n");
  CHECK(text_of(table, kgrep::TableFormat::kTsv) == "name\tnote\na,\"b\"\tline break tab\n");
  CHECK(text_of(table, kgrep::TableFormat::kText) == "name   note\na,\"b\"  line break tab\n");
  CHECK(text_of(table, kgrep::TableFormat::kJson) ==
        "[\n  {\"name\": \"a,\\\"b\\\"\", \"note\": \"line\\nbreak\\ttab\"}\n]\n");
  CHECK(text_of(kgrep::Table{"t", {"x"}, {}, false}, kgrep::TableFormat::kJson) == "[]\n");
  CHECK(kgrep::parse_table_format("tsv") == kgrep::TableFormat::kTsv);
  CHECK(error_of([] { kgrep::parse_table_format("xml"); }) ==
        "unknown query output format 'xml' (known: table, json, csv, tsv)");
}

TEST_CASE("moves does not pair a departure with an arrival that came before it", "[query][moves]") {
  kgrep::GraphBuilder builder;
  builder.add_entity(make_entity("nat", "Nat", "Person"));
  builder.add_entity(make_entity("alpha", "Alpha", "Organization"));
  builder.add_entity(make_entity("beta", "Beta", "Organization"));
  // One article: Nat joined Beta in 2022, joined Alpha in 2023, and is leaving Alpha (undated).
  builder.add_fact(fact("nat", "joined", "beta", "d7", "2022-05", "Nat joined Beta in May 2022."));
  builder.add_fact(fact("nat", "joined", "alpha", "d7", "2023-10", "Nat joined Alpha in October 2023."));
  builder.add_fact(fact("nat", "left", "alpha", "d7", "", "Nat is departing Alpha."));
  const auto graph = builder.build();
  CHECK(text_of(kgrep::query_moves(graph, {})) ==
        "person  from   to     when     docs\n"
        "Nat            Beta   2022-05  d7\n"
        "Nat            Alpha  2023-10  d7\n"
        "Nat     Alpha                  d7\n");
}
