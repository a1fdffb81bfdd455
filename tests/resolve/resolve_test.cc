#include "kgrep/resolve.h"

#include <catch2/catch.hpp>

#include "kgrep/match.h"

namespace {

std::vector<std::string> resolved(const std::string& text) {
  static const kgrep::RulePack pack = [] {
    auto result =
        kgrep::load_rule_sources({{"people.toml",
                                   "[[entity]]\nid = \"mira-murati\"\ntype = \"Person\"\nname = \"Mira Murati\"\n\n"
                                   "[[entity]]\nid = \"barret-zoph\"\ntype = \"Person\"\nname = \"Barret Zoph\"\n\n"
                                   "[[entity]]\nid = \"anna-zoph\"\ntype = \"Person\"\nname = \"Anna Zoph\"\n"}});
    REQUIRE(result.pack);
    return *result.pack;
  }();
  static const kgrep::GazetteerMatcher gazetteer(pack);
  const auto analyzed = kgrep::analyze(text);
  std::vector<kgrep::Mention> candidates;
  gazetteer.find(analyzed, candidates);
  auto mentions = kgrep::select_mentions(std::move(candidates));
  kgrep::add_name_variants(analyzed, mentions);
  std::vector<std::string> result;
  for (const auto& mention : mentions) {
    result.push_back(mention.entity_id + "@" + std::to_string(mention.span.begin) +
                     (mention.rule_id == "resolve:surname" ? "+" : ""));
  }
  return result;
}

using Found = std::vector<std::string>;

}  // namespace

TEST_CASE("A surname after the full name is the same person", "[resolve]") {
  CHECK(resolved("Mira Murati spoke. Later, Murati said no.") == Found{"mira-murati@0", "mira-murati@26+"});
}

TEST_CASE("A surname before the full name, in lower case or shared is left alone", "[resolve]") {
  CHECK(resolved("Murati said that Mira Murati spoke.") == Found{"mira-murati@17"});
  CHECK(resolved("Mira Murati spoke of murati-style work.") == Found{"mira-murati@0"});
  CHECK(resolved("Barret Zoph and Anna Zoph met. Zoph left.") == Found{"barret-zoph@0", "anna-zoph@16"});
}

namespace {

std::vector<std::string> references(const std::string& text, const std::string& author = "") {
  static const kgrep::RulePack pack = [] {
    auto result = kgrep::load_rule_sources(
        {{"pack.toml",
          "[[entity]]\nid = \"mira-murati\"\ntype = \"Person\"\nname = \"Mira Murati\"\n\n"
          "[[entity]]\nid = \"nathan-lambert\"\ntype = \"Person\"\nname = \"Nathan Lambert\"\n\n"
          "[[entity]]\nid = \"meta\"\ntype = \"Organization\"\nname = \"Meta\"\n\n"
          "[[entity]]\nid = \"openai\"\ntype = \"Organization\"\nname = \"OpenAI\"\n"}});
    REQUIRE(result.pack);
    return *result.pack;
  }();
  static const kgrep::GazetteerMatcher gazetteer(pack);
  kgrep::Document document;
  document.text = text;
  document.author = author;
  const auto analyzed = kgrep::analyze(text);
  std::vector<kgrep::Mention> candidates;
  gazetteer.find(analyzed, candidates);
  auto mentions = kgrep::select_mentions(std::move(candidates));
  kgrep::add_references(analyzed, kgrep::find_author(document, analyzed, mentions, gazetteer), mentions);
  std::vector<std::string> result;
  for (const auto& mention : mentions) {
    result.push_back(mention.entity_id + "=" + text.substr(mention.span.begin, mention.span.size()) +
                     (kgrep::is_reference(mention) ? "*" : ""));
  }
  return result;
}

}  // namespace

TEST_CASE("Descriptions and pronouns refer to the entity named just before", "[resolve]") {
  CHECK(references("But Meta is no observer. The company hires from OpenAI.") ==
        Found{"meta=Meta", "meta=The company*", "openai=OpenAI"});
  CHECK(references("OpenAI is not drawing from Meta - it is hiring.") ==
        Found{"openai=OpenAI", "meta=Meta", "openai=it*"});
  CHECK(references("Je kent Mira Murati nog. Toen lanceerde ze een lab.") ==
        Found{"mira-murati=Mira Murati", "mira-murati=ze*"});
}

TEST_CASE("References two sentences away, or without an antecedent, stay unresolved", "[resolve]") {
  CHECK(references("Meta grew. Nothing else. The company hires.") == Found{"meta=Meta"});
  CHECK(references("She left. It rained.") == Found{});
}

TEST_CASE("I and my are the author from metadata or from a byline", "[resolve]") {
  CHECK(references("I joined OpenAI.", "Mira Murati") == Found{"mira-murati=I*", "openai=OpenAI"});
  CHECK(references("Podcast\n\nNathan Lambert\nEpisode 3\n\nI joined OpenAI; my work there.") ==
        Found{"nathan-lambert=Nathan Lambert", "nathan-lambert=I*", "openai=OpenAI", "nathan-lambert=my*"});
  CHECK(references("I joined OpenAI.") == Found{"openai=OpenAI"});
  CHECK(references("Item i of OpenAI.", "Mira Murati") == Found{"openai=OpenAI"});
}
