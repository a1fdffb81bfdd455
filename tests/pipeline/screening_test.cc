// Extractor::process() skips sentences, pronouns and relation regexes for a
// document no rule can relate (RelationMatcher::may_state_facts); explain()
// never skips. On every document here the two must find the same facts and
// the same names, or the screen dropped something.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kgrep/pipeline.h"
#include "kgrep/resolve.h"
#include "kgrep/source.h"
#include "support/test_support.h"

namespace {

std::vector<std::string> facts_of(const kgrep::DocumentResult& result) {
  std::vector<std::string> facts;
  for (const kgrep::Fact& fact : result.facts) {
    facts.push_back(fact.subject + " " + fact.relation + " " + fact.object + " /" + fact.role + " " +
                    std::to_string(fact.confidence) + " " + fact.evidence.rule_id + " " + fact.evidence.date + " [" +
                    fact.evidence.sentence_text + "]");
  }
  return facts;
}

std::vector<std::string> names_of(const kgrep::DocumentResult& result) {
  std::vector<std::string> names;
  for (const kgrep::Mention& mention : result.mentions) {
    if (kgrep::is_reference(mention)) continue;
    names.push_back(mention.entity_id + "@" + std::to_string(mention.span.begin));
  }
  return names;
}

struct Agreement {
  std::size_t documents = 0;
  std::size_t with_facts = 0;
};

void check_agreement(const kgrep::Extractor& extractor, const kgrep::Document& document, Agreement& seen) {
  const kgrep::DocumentResult screened = extractor.process(document);
  const kgrep::ExplainedDocument full = extractor.explain(document);
  INFO("document " << document.id);
  CHECK(facts_of(screened) == facts_of(full.result));
  CHECK(names_of(screened) == names_of(full.result));
  ++seen.documents;
  seen.with_facts += full.result.facts.empty() ? 0 : 1;
}

}  // namespace

TEST_CASE("Screening keeps every fact of examples/, the seeds and the relation sentences") {
  const kgrep::Extractor& extractor = kgrep::testing::default_extractor();
  Agreement seen;
  kgrep::testing::read_sample_documents(
      [&](kgrep::Document&& document) { check_agreement(extractor, document, seen); });
  // Not vacuous: most of these documents state facts.
  CHECK(seen.documents > 60);
  CHECK(seen.with_facts * 2 > seen.documents);
}

TEST_CASE("Screening keeps every fact and name of Reuters with a list of 15.9k names") {
  const std::string corpora = std::string(KGREP_SHARED_DIR) + "/corpora/";
  if (!std::filesystem::exists(corpora + "reuters21578.jsonl")) {
    WARN("no ../shared/corpora: skipped");
    return;
  }
  kgrep::RulePack pack = kgrep::testing::default_pack();
  kgrep::add_gazetteer_lists(pack,
                             {kgrep::read_gazetteer_list("Organization=" + corpora + "names-sec-reuters-aliases.txt")});
  const kgrep::Extractor extractor(std::move(pack));
  Agreement seen;
  kgrep::testing::read_documents({corpora + "reuters21578.jsonl"},
                                 [&](kgrep::Document&& document) { check_agreement(extractor, document, seen); });
  CHECK(seen.documents == 19043);
  // Company news: a little of it states what the pack relates.
  CHECK(seen.with_facts > 0);
}
