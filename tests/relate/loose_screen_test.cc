#include "relate/loose_screen.h"

#include <re2/re2.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>

#include "kgrep/pipeline.h"
#include "kgrep/relate.h"
#include "match/pack_screen.h"
#include "support/test_support.h"

using kgrep::match_detail::relation_screen_regex;
using kgrep::relate_detail::LooseScreen;

namespace {

// A screen of the relaxed regexes alone, after one pattern it does not ask about.
LooseScreen loose_screen(const std::vector<std::string>& regexes) {
  std::vector<kgrep::core_detail::ScreenedRegex> screened{{"GPT-\\d", false, 1, true}};
  for (const std::string& regex : regexes) screened.push_back(relation_screen_regex(regex, false));
  return LooseScreen(std::make_shared<const kgrep::core_detail::RegexScreen>(screened), 1);
}

}  // namespace

TEST_CASE("The loose screen reads the lines holding a rule's atoms, and only those", "[relate]") {
  const LooseScreen screen = loose_screen({"moves? (?:of [^\\x01]*? )?from [^\\n]* to ", " (?:acquired|bought) ",
                                           "[a-z]+ ?",  // no atom: the whole text is read
                                           "\xC3\xA9\xC3\xA9n [^\\n]*keer"});
  CHECK(screen.any_matches("Staff MOVES from Paris to Rome.", {0}));
  // The words are there, but not on one line: no sentence holds them all.
  CHECK_FALSE(screen.any_matches("Staff moves of the\nteam from Paris to Rome.", {0}));
  CHECK_FALSE(screen.any_matches("from here to there\nfrom A to B\nremoved", {0}));
  CHECK(screen.any_matches("Line one.\nfrom A to B\nIt moves of course from A to B.", {0}));
  CHECK(screen.any_matches("Acme ACQUIRED Widget", {1}));
  CHECK_FALSE(screen.any_matches("Acme ACQUIRED Widget", {0}));  // only the candidates count
  CHECK_FALSE(screen.any_matches("Acme acquired", {}));
  CHECK(screen.any_matches("12 34 x", {2}));
  // An atom outside ASCII matches in any case: the whole text is read for it.
  CHECK(screen.any_matches("Dat was \xC3\x89\xC3\x89N KEER", {3}));
  CHECK_FALSE(screen.any_matches("Dat was twee keer", {3}));
}

// RelationMatcher::find runs, in a sentence, only the relations the screen
// lets through for the sentence's atoms (core_detail::SpanScans). Every
// relation whose regex matches a sentence's template must be among them.
TEST_CASE("Every relation that matches a sentence is let through by the sentence's atoms", "[relate]") {
  const kgrep::RulePack& pack = kgrep::testing::default_pack();
  const LooseScreen screen(kgrep::match_detail::pack_screen(pack), pack.patterns.size());
  std::vector<std::unique_ptr<RE2>> strict;
  for (const kgrep::RelationRule& rule : pack.relations) {
    RE2::Options options;
    options.set_case_sensitive(rule.case_sensitive);
    strict.push_back(std::make_unique<RE2>(rule.compiled_regex, options));
    REQUIRE(strict.back()->ok());
  }
  std::size_t sentences = 0, matched = 0, let_through = 0;
  kgrep::core_detail::AtomScan scan;
  std::vector<std::size_t> candidates;
  kgrep::testing::read_sample_documents([&](kgrep::Document&& document) {
    const kgrep::ExplainedDocument explained = kgrep::testing::default_extractor().explain(document);
    const std::string& normalized = explained.text.normalized.text;
    const std::vector<kgrep::Mention>& mentions = explained.result.mentions;
    screen.scan(normalized, scan);
    kgrep::core_detail::SpanScans spans(screen.screen(), scan);
    for (const kgrep::Span& sentence : explained.text.sentences) {
      std::vector<kgrep::Mention> inside;
      for (const kgrep::Mention& mention : mentions)
        if (sentence.contains(mention.span)) inside.push_back(mention);
      const std::string sentence_text = kgrep::sentence_template(normalized, sentence, inside);
      screen.may_match_within(spans.within(sentence.begin, sentence.end), candidates);
      ++sentences;
      let_through += candidates.size();
      for (std::size_t k = 0; k < strict.size(); ++k) {
        if (!RE2::PartialMatch(sentence_text, *strict[k])) continue;
        ++matched;
        INFO("document " << document.id << ", relation " << pack.relations[k].id << ": " << sentence_text);
        CHECK(std::binary_search(candidates.begin(), candidates.end(), k));
      }
    }
  });
  // Not vacuous: relations match here, and most are not run in a sentence.
  CHECK(matched > 100);
  CHECK(let_through * 10 < sentences * strict.size());
}

TEST_CASE("Matchers refuse a screen made from another pack", "[relate]") {
  const kgrep::RulePack& pack = kgrep::testing::default_pack();
  kgrep::RulePack smaller = pack;
  smaller.relations.pop_back();
  const auto other_screen = kgrep::match_detail::pack_screen(smaller);
  CHECK_THROWS_AS(kgrep::RelationMatcher(pack, other_screen), std::invalid_argument);
  CHECK_THROWS_AS(kgrep::PatternMatcher(pack, other_screen), std::invalid_argument);
  CHECK_NOTHROW(kgrep::RelationMatcher(smaller, other_screen));
}
