#include <catch2/catch.hpp>
#include <thread>

#include "kgrep/pipeline.h"

namespace {

kgrep::Mention named_mention(std::string id, std::string type, std::size_t begin, std::size_t end) {
  kgrep::Mention found;
  found.entity_id = std::move(id);
  found.type = std::move(type);
  found.span = kgrep::Span{begin, end};
  return found;
}

bool may_state_facts(const kgrep::RelationMatcher& matcher, const std::string& text, const std::string& lang,
                     const std::vector<kgrep::Mention>& named) {
  kgrep::Document document;
  document.text = text;
  document.lang = lang;
  return matcher.may_state_facts(document, kgrep::analyze(text), named, std::nullopt);
}

const char* const kPack = R"(
[[entity]]
id = "thinking-machines-lab"
type = "Organization"
name = "Thinking Machines Lab"
case_sensitive_aliases = ["TML"]

[[entity]]
id = "meta"
type = "Organization"
name = "Meta"

[[entity]]
id = "openai"
type = "Organization"
name = "OpenAI"

[[entity]]
id = "anthropic"
type = "Organization"
name = "Anthropic"

[[entity]]
id = "apple"
type = "Organization"
name = "Apple"

[[entity]]
id = "microsoft"
type = "Organization"
name = "Microsoft"

[[entity]]
id = "barret-zoph"
type = "Person"
name = "Barret Zoph"

[[relation]]
id = "hiring"
regex = '(?:{Organization:subject} is )?(?:hiring|recruiting) from {Organization+:object}'
relation = "recruits_from"

[[relation]]
id = "move"
regex = '{Person:who} left {Organization:from} for {Organization:to}'
emit = [
  { relation = "left", subject = "who", object = "from" },
  { relation = "joined", subject = "who", object = "to" },
]

[[relation]]
id = "role"
regex = '{Person:subject}, (?P<role>CTO|chief scientist) (?:of|at) {Organization:object}'
relation = "works_at"
)";

struct Extracted {
  std::vector<std::string> facts;
  std::vector<kgrep::Fact> raw;
};

Extracted extract(const std::string& text) {
  static const kgrep::RulePack pack = [] {
    auto result = kgrep::load_rule_sources({{"test.toml", kPack}});
    REQUIRE(result.pack);
    return *result.pack;
  }();
  static const kgrep::Extractor extractor(pack);
  kgrep::Document document;
  document.id = "doc-1";
  document.date = "2026-01-15";
  document.text = text;
  Extracted extracted;
  extracted.raw = extractor.process(document).facts;
  for (const auto& fact : extracted.raw) {
    extracted.facts.push_back(fact.subject + " " + fact.relation + " " + fact.object +
                              (fact.role.empty() ? "" : " (" + fact.role + ")"));
  }
  return extracted;
}

using Facts = std::vector<std::string>;

}  // namespace

TEST_CASE("A list placeholder fans out to one fact per member", "[relate]") {
  const auto result = extract("TML is hiring from Meta, OpenAI, Anthropic, Apple, and Microsoft.");
  CHECK(result.facts == Facts{"thinking-machines-lab recruits_from meta", "thinking-machines-lab recruits_from openai",
                              "thinking-machines-lab recruits_from anthropic",
                              "thinking-machines-lab recruits_from apple",
                              "thinking-machines-lab recruits_from microsoft"});
}

TEST_CASE("A rule emitting two relations gives both facts of a move", "[relate]") {
  const auto result = extract("Barret Zoph left Thinking Machines Lab for OpenAI.");
  CHECK(result.facts == Facts{"barret-zoph left thinking-machines-lab", "barret-zoph joined openai"});
}

TEST_CASE("Roles come from the role group with acronyms in capitals", "[relate]") {
  CHECK(extract("Barret Zoph, cto of Thinking Machines Lab, spoke.").facts ==
        Facts{"barret-zoph works_at thinking-machines-lab (CTO)"});
  CHECK(extract("Barret Zoph, Chief Scientist at OpenAI, spoke.").facts ==
        Facts{"barret-zoph works_at openai (chief scientist)"});
}

TEST_CASE("Facts carry the document, date, rule and the sentence's original bytes", "[relate]") {
  const std::string text = "Intro line.\n“Barret Zoph left Meta for OpenAI,” she said.  Next one.";
  const auto result = extract(text);
  REQUIRE(result.raw.size() == 2);
  const auto& evidence = result.raw[0].evidence;
  CHECK(evidence.doc_id == "doc-1");
  CHECK(evidence.date == "2026-01-15");
  CHECK(evidence.rule_id == "move");
  CHECK(text.substr(evidence.sentence.begin, evidence.sentence.size()) ==
        "“Barret Zoph left Meta for OpenAI,” she said.");
  CHECK(evidence.sentence_text == "“Barret Zoph left Meta for OpenAI,” she said.");
}

TEST_CASE("Relations never cross sentence boundaries", "[relate]") {
  CHECK(extract("Barret Zoph left. Meta for OpenAI is a headline.").facts.empty());
  CHECK(extract("Barret Zoph left Meta\nfor OpenAI").facts.empty());
}

TEST_CASE("The sentence template replaces each mention by its typed placeholder", "[relate]") {
  std::vector<kgrep::Mention> mentions(2);
  mentions[0].span = {0, 4};
  mentions[0].type = "Organization";
  mentions[1].span = {11, 16};
  mentions[1].type = "Person";
  CHECK(kgrep::sentence_template("Meta hired Alice.", {0, 17}, mentions) ==
        "\x01Organization#0\x02 hired \x01Person#1\x02.");
}

TEST_CASE("A rule's fact is dropped when the sentence states a relation it names in unless", "[relate]") {
  const auto result = kgrep::load_rule_sources({{"r.toml", R"(
[[entity]]
id = "anthropic"
type = "Organization"
name = "Anthropic"

[[entity]]
id = "claude-5"
type = "Model"
name = "Claude 5"

[[relation]]
id = "released"
regex = '{Organization:subject} released (?:{Organization}\x27s )?{Model:object}'
relation = "released"

[[relation]]
id = "possessive"
regex = '{Organization:subject}\x27s {Model:object}'
relation = "develops"
unless = ["released"]
)"}});
  REQUIRE(result.pack);
  const kgrep::Extractor extractor(*result.pack);
  kgrep::Document document;
  document.id = "d";
  document.text = "Anthropic released Claude 5. Anthropic's Claude 5 is good.";
  std::vector<std::string> facts;
  for (const auto& fact : extractor.process(document).facts) facts.push_back(fact.relation);
  CHECK(facts == std::vector<std::string>{"released", "develops"});
  document.text = "Anthropic released Anthropic's Claude 5.";
  facts.clear();
  for (const auto& fact : extractor.process(document).facts) facts.push_back(fact.relation);
  CHECK(facts == std::vector<std::string>{"released"});
}

TEST_CASE("Rules apply by primary language subtag, whatever the case", "[relate]") {
  const auto result = kgrep::load_rule_sources({{"r.toml", R"(
[[entity]]
id = "a"
type = "Person"
name = "Ann Lee"

[[entity]]
id = "b"
type = "Organization"
name = "Bcorp"

[[relation]]
id = "left-en"
lang = "en"
regex = '{Person:subject} left {Organization:object}'
relation = "left"
)"}});
  REQUIRE(result.pack);
  const kgrep::Extractor extractor(*result.pack);
  kgrep::Document document;
  document.text = "Ann Lee left Bcorp.";
  for (const char* lang : {"", "en", "EN", "en-US", "en_GB"}) {
    document.lang = lang;
    CAPTURE(lang);
    CHECK(extractor.process(document).facts.size() == 1);
  }
  for (const char* lang : {"nl", "eng", "english"}) {
    document.lang = lang;
    CAPTURE(lang);
    CHECK(extractor.process(document).facts.empty());
  }
}

TEST_CASE("Control characters in a document cannot forge a placeholder", "[relate]") {
  const auto result = extract("Barret Zoph left \x01Organization#1\x02 for OpenAI and Meta.");
  CHECK(result.facts.empty());
}

TEST_CASE("A document is screened out only where no relation rule can state a fact", "[relate]") {
  const kgrep::RelationMatcher matcher(kgrep::load_default_rules().pack.value());
  const auto mention = named_mention;
  auto may_state = [&](const std::string& text, const std::vector<kgrep::Mention>& named) {
    return may_state_facts(matcher, text, "", named);
  };
  const auto openai = mention("openai", "Organization", 0, 6);
  CHECK(may_state("OpenAI acquired Anthropic.", {openai, mention("anthropic", "Organization", 16, 25)}));
  // The words of no rule: nothing to relate.
  CHECK_FALSE(may_state("OpenAI and Anthropic met in Paris.", {openai, mention("anthropic", "Organization", 11, 20)}));
  // One entity named twice: "it" can only stand for it again.
  CHECK_FALSE(may_state("OpenAI said it acquired OpenAI shares.", {openai, mention("openai", "Organization", 24, 30)}));
  // Types no rule relates: two amounts.
  CHECK_FALSE(may_state("$5 million acquired $6 million.",
                        {mention("usd-5000000", "Amount", 0, 10), mention("usd-6000000", "Amount", 20, 30)}));
  // Loosened, the rule needs only its own words: mentions may be anywhere in the line.
  CHECK(may_state("Barret Zoph, formerly of OpenAI, joined Meta.",
                  {mention("barret-zoph", "Person", 0, 11), openai, mention("meta", "Organization", 40, 44)}));
}

TEST_CASE("The relations kept from one document to the next follow each document's types, language and matcher",
          "[relate]") {
  // A Dutch-only rule beside an English-only one: the shortlist a thread
  // keeps must change with the document's language, its types and the matcher.
  const auto loaded = kgrep::load_rule_sources({{"r.toml", R"(
[[entity]]
id = "acme"
name = "Acme"
type = "Organization"

[[entity]]
id = "jan"
name = "Jan Smit"
type = "Person"

[[relation]]
id = "joins-nl"
lang = "nl"
regex = '{Person:subject} gaat naar {Organization:object}'
relation = "works_at"

[[relation]]
id = "joins-en"
lang = "en"
regex = '{Person:subject} joined {Organization:object}'
relation = "works_at"
)"}});
  REQUIRE(loaded.pack);
  const kgrep::RulePack& pack = *loaded.pack;
  const auto mention = named_mention;
  const auto may_state = may_state_facts;
  const std::string dutch = "Jan Smit gaat naar Acme.";
  const std::vector<kgrep::Mention> named = {mention("jan", "Person", 0, 8), mention("acme", "Organization", 19, 23)};
  const std::vector<kgrep::Mention> two_companies = {mention("acme", "Organization", 0, 8),
                                                     mention("beta", "Organization", 19, 23)};
  const kgrep::RelationMatcher matcher(pack);
  for (int round = 0; round < 2; ++round) {
    CHECK(may_state(matcher, dutch, "nl", named));
    CHECK_FALSE(may_state(matcher, dutch, "en", named));
    CHECK(may_state(matcher, dutch, "nl-BE", named));
    CHECK_FALSE(may_state(matcher, dutch, "nl", two_companies));
    CHECK(may_state(matcher, dutch, "", named));
    // A tag without a primary subtag is a language no rule names, not no language.
    CHECK_FALSE(may_state(matcher, dutch, "-x", named));
    CHECK(may_state(matcher, dutch, "", named));
  }
  // Another matcher, without the Dutch rule, asked on the same thread.
  kgrep::RulePack english = pack;
  english.relations.erase(english.relations.begin());
  const kgrep::RelationMatcher other(english);
  CHECK_FALSE(may_state(other, dutch, "nl", named));
  CHECK(may_state(matcher, dutch, "nl", named));
}

namespace {

const char* const kJoinsPack = R"(
[[relation]]
id = "joins"
regex = '{Person:subject} joined {Organization:object}'
relation = "works_at"

[[relation]]
id = "leaves"
regex = '{Person:subject} (?:quietly )?left {Organization:object}'
relation = "left"
)";

// The facts find() gives for "Jan Smit joined Acme. Piet Bos left Beta.", as
// "subject relation object" lines.
std::vector<std::string> joins_and_leaves(const kgrep::RelationMatcher& matcher) {
  kgrep::Document document;
  document.id = "d";
  document.text = "Jan Smit joined Acme. Piet Bos left Beta.";
  const kgrep::AnalyzedText text = kgrep::analyze(document.text);
  const std::vector<kgrep::Mention> mentions = {
      named_mention("jan", "Person", 0, 8), named_mention("acme", "Organization", 16, 20),
      named_mention("piet", "Person", 22, 30), named_mention("beta", "Organization", 36, 40)};
  std::vector<kgrep::Fact> facts;
  matcher.find(document, text, mentions, facts);
  std::vector<std::string> lines;
  for (const kgrep::Fact& fact : facts) lines.push_back(fact.subject + " " + fact.relation + " " + fact.object);
  return lines;
}

}  // namespace

TEST_CASE("A relation's regex is compiled when a sentence first may match it, on any thread", "[relate]") {
  const auto loaded = kgrep::load_rule_sources({{"r.toml", kJoinsPack}});
  REQUIRE(loaded.pack);
  const std::vector<std::string> expected = {"jan works_at acme", "piet left beta"};
  const kgrep::RelationMatcher serial(*loaded.pack);
  CHECK(joins_and_leaves(serial) == expected);
  // A fresh matcher asked from several threads at once: each relation is
  // compiled once, and every thread sees it whole, its named groups too.
  for (int round = 0; round < 20; ++round) {
    const kgrep::RelationMatcher shared(*loaded.pack);
    std::vector<std::vector<std::string>> found(4);
    {
      std::vector<std::jthread> threads;
      for (auto& lines : found) threads.emplace_back([&] { lines = joins_and_leaves(shared); });
    }
    for (const auto& lines : found) CHECK(lines == expected);
  }
}

TEST_CASE("A relation RE2 rejects fails when a sentence first may match it, at the rule's place", "[relate]") {
  const auto loaded = kgrep::load_rule_sources({{"r.toml", kJoinsPack}});
  REQUIRE(loaded.pack);
  // A pack made by hand, past the loader's check: the relation's regex as
  // compiled lost a parenthesis, while the screen still reads it as written.
  kgrep::RulePack pack = *loaded.pack;
  kgrep::RelationRule& leaves = pack.relations.at(1);
  REQUIRE(leaves.id == "leaves");
  leaves.compiled_regex += "(";
  const kgrep::RelationMatcher matcher(pack);  // nothing compiled yet
  kgrep::Document document;
  document.id = "d";
  document.text = "Jan Smit joined Acme.";
  std::vector<kgrep::Fact> facts;
  // No sentence may match the broken relation here ("left" is not in the text).
  matcher.find(document, kgrep::analyze(document.text),
               {named_mention("jan", "Person", 0, 8), named_mention("acme", "Organization", 16, 20)}, facts);
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].relation == "works_at");
  try {
    joins_and_leaves(matcher);
    FAIL("a relation RE2 rejects was run");
  } catch (const kgrep::Error& error) {
    REQUIRE(error.diagnostics().size() == 1);
    const kgrep::Diagnostic& diagnostic = error.diagnostics()[0];
    CHECK(diagnostic.code == "R008");
    CHECK(diagnostic.loc.file == "r.toml");
    CHECK(diagnostic.loc.line == leaves.loc.line);
    CHECK(diagnostic.loc.line > 0);
    CHECK(diagnostic.message.rfind("relation 'leaves' cannot be compiled: missing )", 0) == 0);
  }
  // Asked again, it fails again rather than running half a regex.
  CHECK_THROWS_AS(joins_and_leaves(matcher), kgrep::Error);
}
