// Every relation family of the default pack, in English and Dutch, on
// sentences written for the test (tests/data/relation-sentences.tsv).
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace {

struct SentenceCase {
  int line = 0;
  std::string lang;
  std::string sentence;
  std::set<std::string> facts;  // "subject relation object[/role]", "?" appended when hedged
};

std::vector<std::string> split(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end - begin));
    if (end == std::string::npos) return parts;
    begin = end + separator.size();
  }
}

std::vector<SentenceCase> read_cases() {
  std::ifstream in(std::string(KGREP_SOURCE_DIR) + "/tests/data/relation-sentences.tsv");
  REQUIRE(in.good());
  std::vector<SentenceCase> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const auto columns = split(line, "\t");
    REQUIRE(columns.size() == 3);
    SentenceCase one{number, columns[0], columns[1], {}};
    if (!columns[2].empty()) {
      for (const auto& fact : split(columns[2], " ; ")) one.facts.insert(fact);
    }
    cases.push_back(std::move(one));
  }
  return cases;
}

std::set<std::string> stated_facts(const SentenceCase& one) {
  kgrep::Document document;
  document.id = "sentence";
  document.lang = one.lang;
  document.text = one.sentence;
  std::set<std::string> facts;
  for (const auto& fact : kgrep::testing::default_extractor().process(document).facts) {
    std::string text = fact.subject + " " + fact.relation + " " + fact.object;
    if (!fact.role.empty()) text += "/" + fact.role;
    if (fact.confidence <= 0.5) text += "?";
    facts.insert(text);
  }
  return facts;
}

}  // namespace

TEST_CASE("Each sentence of the relation table states exactly its facts", "[pipeline][relations]") {
  const auto cases = read_cases();
  REQUIRE(cases.size() >= 30);
  for (const auto& one : cases) {
    CAPTURE(one.line, one.lang, one.sentence);
    CHECK(stated_facts(one) == one.facts);
  }
}

TEST_CASE("The relation table covers every relation family in English and Dutch", "[pipeline][relations]") {
  std::set<std::string> covered;
  bool negation = false;
  for (const auto& one : read_cases()) {
    if (one.facts.empty()) negation = true;
    for (const auto& fact : one.facts) covered.insert(one.lang + ":" + split(fact, " ")[1]);
  }
  CHECK(negation);
  for (const std::string lang : {"en", "nl"}) {
    for (const std::string relation : {"works_at", "left", "joined", "founded", "recruits_from", "invested_in",
                                       "deal_with", "released", "valued_at", "raised"}) {
      CAPTURE(lang, relation);
      CHECK(covered.count(lang + ":" + relation) == 1);
    }
  }
  for (const std::string relation : {"acquired", "competes_with"}) CHECK(covered.count("en:" + relation) == 1);
}

TEST_CASE("A fact takes the date its sentence states nearest to it, else the article's", "[pipeline][dates]") {
  kgrep::Document document;
  document.id = "dated";
  document.lang = "en";
  document.date = "2026-06-18";
  document.text =
      "Ai2 released Olmo 3 last November, and Nvidia released Nemotron 3 Ultra earlier this month. "
      "Mira Murati founded Thinking Machines Lab in February 2025. Microsoft invested in OpenAI.";
  std::map<std::string, std::string> dates;
  for (const auto& fact : kgrep::testing::default_extractor().process(document).facts)
    dates[fact.subject + " " + fact.relation + " " + fact.object] = fact.evidence.date;
  CHECK(dates["ai2 released olmo-3"] == "2025-11");
  CHECK(dates["nvidia released nemotron-3-ultra"] == "2026-06");
  CHECK(dates["mira-murati founded thinking-machines-lab"] == "2025-02");
  CHECK(dates["microsoft invested_in openai"] == "2026-06-18");

  // Without metadata, a date line at the top of the text dates the article.
  document.date.clear();
  document.text = "Funding news\n16 January 2026\n\nMicrosoft invested in OpenAI on Thursday.\n";
  const auto facts = kgrep::testing::default_extractor().process(document).facts;
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].evidence.date == "2026-01-15");
}

TEST_CASE("explain keeps every candidate fact with what became of it", "[pipeline][explain]") {
  kgrep::Document document;
  document.id = "explained";
  document.lang = "en";
  document.text =
      "Barret Zoph denied reports that he left OpenAI. Mira Murati left OpenAI. "
      "Thinking Machines Lab had a hard year. The most notable departure was Barret Zoph.";
  const auto explained = kgrep::testing::default_extractor().explain(document);
  std::map<std::string, std::string> outcomes;  // "rule: fact" -> outcome
  for (const auto& event : explained.trace) outcomes[event.rule_id + ": " + event.fact] = event.outcome;
  CAPTURE(outcomes);
  CHECK(outcomes["left-en: barret-zoph left openai"].rfind("dropped: negated (negation-en)", 0) == 0);
  CHECK(outcomes["left-en: mira-murati left openai"] == "fact");
  CHECK(outcomes["departure-noun-en: barret-zoph left thinking-machines-lab"] == "fact (one side from the context)");
  // What explain reports as facts is exactly what process() returns.
  std::size_t facts = 0;
  for (const auto& event : explained.trace) facts += event.outcome.rfind("fact", 0) == 0;
  CHECK(facts == kgrep::testing::default_extractor().process(document).facts.size());
  CHECK(explained.text.sentences.size() == 4);
}

TEST_CASE("Discovery: unlisted names in relation slots become typed entities", "[pipeline][discovery]") {
  kgrep::Extractor extractor(kgrep::testing::default_pack());
  extractor.set_discovery(true);
  kgrep::Document document;
  document.id = "discovered";
  document.lang = "en";
  document.text =
      "Jane Roe left OpenAI to join Acme Robotics. Anthropic invested in Vexa Labs. "
      "Ze vluchtte uit Albanie. The Verge Weekly said nothing about Anthropic.";
  const auto result = extractor.process(document);
  std::set<std::string> facts;
  for (const auto& fact : result.facts) facts.insert(fact.subject + " " + fact.relation + " " + fact.object);
  std::map<std::string, std::string> discovered;  // id -> type
  for (const auto& mention : result.mentions) {
    if (mention.discovered) discovered[mention.entity_id] = mention.type;
  }
  CAPTURE(facts, discovered);
  CHECK(facts == std::set<std::string>{"jane-roe left openai", "jane-roe joined acme-robotics",
                                       "anthropic invested_in vexa-labs"});
  CHECK(discovered == std::map<std::string, std::string>{
                          {"jane-roe", "Person"}, {"acme-robotics", "Organization"}, {"vexa-labs", "Organization"}});
  // Off by default: the same text gives only what the pack lists.
  CHECK(kgrep::testing::default_extractor().process(document).facts.empty());
}
