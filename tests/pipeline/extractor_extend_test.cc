// Extractor(pack, extend, threads): the lists are added while another thread
// compiles the screen and the relations from the pack as it was; what comes
// out must be what the pack extended beforehand gives, on one thread or two.
#include <algorithm>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "kgrep/pipeline.h"
#include "support/test_support.h"

namespace {

kgrep::GazetteerList acme_list() {
  kgrep::GazetteerList list;
  list.type = "Organization";
  list.source.name = "acme.txt";
  list.source.content = "Acme Robotics\tAcme\nBolt Dynamics\n";
  return list;
}

void add_acme(kgrep::RulePack& pack) {
  for (const kgrep::Diagnostic& diagnostic : kgrep::add_gazetteer_lists(pack, {acme_list()}))
    REQUIRE(diagnostic.severity != kgrep::Severity::kError);
}

std::vector<std::string> described(const kgrep::DocumentResult& result) {
  std::vector<std::string> out;
  for (const kgrep::Mention& mention : result.mentions)
    out.push_back(mention.entity_id + "@" + std::to_string(mention.span.begin));
  for (const kgrep::Fact& fact : result.facts) out.push_back(fact.subject + " " + fact.relation + " " + fact.object);
  return out;
}

kgrep::Document acme_document() {
  return kgrep::testing::document_of("acme", "en",
                                     "Jane Roe left OpenAI for Acme Robotics in March. Acme signed a partnership "
                                     "with Bolt Dynamics, and Anthropic invested in Acme.");
}

}  // namespace

TEST_CASE("An extractor given the lists to add finds what one made from the extended pack finds", "[pipeline]") {
  kgrep::RulePack extended = kgrep::testing::default_pack();
  add_acme(extended);
  const kgrep::Extractor reference(extended);
  const std::vector<std::string> expected = described(reference.process(acme_document()));
  // The list's names are found and related, or this test shows nothing.
  const std::string bolt = "bolt-dynamics@" + std::to_string(acme_document().text.find("Bolt Dynamics"));
  CHECK(std::find(expected.begin(), expected.end(), bolt) != expected.end());
  CHECK(std::count_if(expected.begin(), expected.end(), [](const std::string& line) {
          return line.find("acme-robotics ") != std::string::npos || line.find(" acme-robotics") != std::string::npos;
        }) >= 2);
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    const kgrep::Extractor extractor(kgrep::testing::default_pack(), add_acme, threads);
    CHECK(described(extractor.process(acme_document())) == expected);
  }
}

TEST_CASE("An extractor refuses lists that change what the relations read, and passes on what they throw",
          "[pipeline]") {
  for (const unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    CHECK_THROWS_AS(
        kgrep::Extractor(
            kgrep::testing::default_pack(), [](kgrep::RulePack& pack) { pack.relations.pop_back(); }, threads),
        std::logic_error);
    CHECK_THROWS_AS(kgrep::Extractor(
                        kgrep::testing::default_pack(),
                        [](kgrep::RulePack& pack) {
                          const auto plain =
                              std::find_if(pack.entities.begin(), pack.entities.end(),
                                           [](const kgrep::EntityRule& entity) { return entity.attributes.empty(); });
                          REQUIRE(plain != pack.entities.end());
                          plain->attributes["developer"] = "acme";
                        },
                        threads),
                    std::logic_error);
    CHECK_THROWS_WITH(
        kgrep::Extractor(
            kgrep::testing::default_pack(),
            [](kgrep::RulePack&) { throw kgrep::Error("acme.txt: cannot read the list of names"); }, threads),
        Catch::Contains("acme.txt"));
  }
}
