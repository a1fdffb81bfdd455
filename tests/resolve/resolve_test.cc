#include <catch2/catch.hpp>

#include "kgrep/match.h"
#include "kgrep/resolve.h"

namespace {

std::vector<std::string> resolved(const std::string& text) {
  static const kgrep::RulePack pack = [] {
    auto result = kgrep::load_rule_sources(
        {{"people.toml",
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
