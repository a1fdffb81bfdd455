// Facts streams of mention totals (`extract --mention-totals`, version 3):
// totals plus the hashes of the documents read, merged exactly when no
// document is in two streams and refused when one is.
#include <catch2/catch.hpp>
#include <sstream>

#include "kgrep/io.h"
#include "support/test_support.h"

using kgrep::testing::make_entity;
using kgrep::testing::written_by;

namespace {

struct Document {
  std::string id;
  std::map<std::string, long> mentions;
};

kgrep::Fact left_fact(const std::string& doc) {
  kgrep::Fact fact;
  fact.subject = "zoph";
  fact.relation = "left";
  fact.object = "tml";
  fact.confidence = 1.0;
  fact.evidence = {doc, "2026-01-14", {0, 15}, "Zoph left TML.", "left-en"};
  return fact;
}

// What extract builds without per-document counts, with `--mention-totals`'s hashes.
kgrep::KnowledgeGraph totals_of(const std::vector<Document>& documents) {
  kgrep::GraphBuilder builder(false);
  builder.add_entity(make_entity("tml", "Thinking Machines Lab", "Organization"));
  builder.add_entity(make_entity("zoph", "Barret Zoph", "Person"));
  for (const Document& document : documents) {
    builder.add_document(document.id, document.mentions);
    if (document.mentions.count("zoph")) builder.add_fact(left_fact(document.id));
  }
  kgrep::KnowledgeGraph graph = builder.build();
  graph.document_hashes = builder.counted_document_hashes();
  return graph;
}

std::string facts_of(const kgrep::KnowledgeGraph& graph) { return written_by(kgrep::write_facts, graph); }
std::string graphml_of(const kgrep::KnowledgeGraph& graph) { return written_by(kgrep::write_graphml, graph); }

kgrep::KnowledgeGraph read(const std::string& text) {
  std::istringstream in(text);
  return kgrep::read_facts(in, "t.facts.jsonl");
}

const Document kA{"a.txt", {{"tml", 2}, {"zoph", 1}}};
const Document kB{"b.txt", {{"tml", 1}}};
const Document kC{"c.txt", {{"zoph", 3}}};
const Document kEmpty{"d.txt", {}};

}  // namespace

TEST_CASE("Document id hashes are the same in every build", "[io][totals]") {
  // Facts streams carry them between machines: these values are part of the
  // format (FNV-1a, then the 64-bit finaliser of MurmurHash3, as computed apart).
  CHECK(kgrep::document_id_hash("") == 0xecba3df2c3383c52ULL);
  CHECK(kgrep::document_id_hash("a.txt") == 0x3374c1dcc70a2ceeULL);
  CHECK(kgrep::document_id_hash("a.txt") != kgrep::document_id_hash("b.txt"));
}

TEST_CASE("A facts stream of mention totals reads back byte for byte, documents line and all", "[io][totals]") {
  const auto graph = totals_of({kA, kB, kEmpty});
  const std::string written = facts_of(graph);
  CHECK(written.rfind("{\"kgrep\":\"facts\",\"version\":3}\n{\"record\":\"documents\",\"count\":3,\"hashes\":\"", 0) ==
        0);
  CHECK(written.find("\"mentioned_in\":{}") != std::string::npos);
  const auto again = read(written);
  REQUIRE(again.document_hashes);
  CHECK(*again.document_hashes == *graph.document_hashes);
  CHECK(facts_of(again) == written);
}

TEST_CASE("Streams of mention totals over different documents merge into one build over all of them",
          "[io][totals][merge]") {
  const auto whole = totals_of({kA, kB, kEmpty, kC});
  for (const bool reversed : {false, true}) {
    const auto first = read(facts_of(totals_of({kA, kB})));
    const auto second = read(facts_of(totals_of({kEmpty, kC})));
    const auto merged = reversed ? kgrep::merge_graphs({second, first}) : kgrep::merge_graphs({first, second});
    CHECK(merged.distinct_inputs == 2);
    CHECK(graphml_of(merged.graph) == graphml_of(whole));
    // The union of the hashes goes on, so merged streams merge again.
    CHECK(facts_of(merged.graph) == facts_of(whole));
  }
}

TEST_CASE("Streams of mention totals that share a document are refused, naming the inputs", "[io][totals][merge]") {
  const auto first = read(facts_of(totals_of({kA, kB})));
  const auto second = read(facts_of(totals_of({kC})));
  // b.txt read again in a third shard: its totals would count twice.
  const auto third = read(facts_of(totals_of({kEmpty, kB})));
  CHECK_THROWS_AS(kgrep::merge_graphs({first, second, third}), kgrep::SharedDocumentsError);
  CHECK_THROWS_WITH(kgrep::merge_graphs({first, second, third}),
                    Catch::StartsWith("inputs 1 and 3 (counting from 1) both read a document, 1 document(s) in all"));
  // A document read with no mention at all is a document too.
  CHECK_THROWS_AS(kgrep::merge_graphs({read(facts_of(totals_of({kEmpty}))), third}), kgrep::SharedDocumentsError);
}

TEST_CASE("Mention totals merged with GraphML count as totals, as GraphML does", "[io][totals][merge]") {
  const auto totals = read(facts_of(totals_of({kA})));
  std::istringstream graphml(graphml_of(totals_of({kC})));
  const auto merged = kgrep::merge_graphs({totals, kgrep::read_graphml(graphml, "c.graphml")});
  CHECK_FALSE(merged.graph.document_hashes);
  CHECK(graphml_of(merged.graph) == graphml_of(totals_of({kA, kC})));
}

TEST_CASE("A bad documents line is an error with its place", "[io][totals]") {
  const std::string header = "{\"kgrep\":\"facts\",\"version\":3}\n";
  auto error_of = [&](const std::string& text) {
    try {
      read(header + text);
    } catch (const kgrep::Error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("{\"record\":\"documents\",\"hashes\":\"00000000000000a\"}\n") ==
        "t.facts.jsonl:2:32: 'hashes' must hold 16 hex digits a document");
  CHECK(error_of("{\"record\":\"documents\",\"hashes\":\"00000000000000aG\"}\n") ==
        "t.facts.jsonl:2:32: 'hashes' holds 'G', not a lower-case hex digit");
  CHECK(error_of("{\"record\":\"documents\",\"hashes\":\"00000000000000b000000000000000a0\"}\n") ==
        "t.facts.jsonl:2:32: 'hashes' must be non-zero and ascending (document #2 is not)");
  CHECK(error_of("{\"record\":\"documents\",\"count\":2,\"hashes\":\"00000000000000b0\"}\n") ==
        "t.facts.jsonl:2:31: 'count' is 2, but 'hashes' holds 1");
  CHECK(error_of("{\"record\":\"documents\",\"hashes\":\"\"}\n{\"record\":\"documents\",\"hashes\":\"\"}\n") ==
        "t.facts.jsonl:3:1: a second 'documents' line");
}
