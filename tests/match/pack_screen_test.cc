// The pack's screen may let a text through that no regex matches, never the
// other way round: a pattern that matches a text, or a relation's relaxed
// regex that matches one of its lines, must find the text let through.
#include "match/pack_screen.h"

#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "kgrep/source.h"
#include "support/test_support.h"

namespace {

using kgrep::core_detail::AtomScan;
using kgrep::core_detail::RegexScreen;

std::unique_ptr<RE2> compile(const std::string& regex, bool case_sensitive) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(case_sensitive);
  auto re = std::make_unique<RE2>(regex, options);
  REQUIRE(re->ok());
  return re;
}

struct Tally {
  std::size_t texts = 0;
  std::size_t matched = 0;       // (text, regex) pairs where the regex matches
  std::size_t screened_out = 0;  // (text, regex) pairs the screen turned away
};

class ScreenCheck {
 public:
  explicit ScreenCheck(const kgrep::RulePack& pack) : pack_(pack), screen_(kgrep::match_detail::pack_screen(pack)) {
    REQUIRE(screen_->size() == pack.patterns.size() + pack.relations.size());
    for (const kgrep::PatternRule& rule : pack.patterns) patterns_.push_back(compile(rule.regex, rule.case_sensitive));
    for (const kgrep::RelationRule& rule : pack.relations)
      relaxed_.push_back(compile(kgrep::relaxed_regex(rule.regex), rule.case_sensitive));
  }

  void check(const std::string& id, const std::string& original, bool relations, Tally& patterns, Tally& loose) {
    const std::string text = kgrep::normalize(original).text;
    screen_->scan(text, scan_, true);
    INFO("text " << id);
    ++patterns.texts;
    for (std::size_t k = 0; k < patterns_.size(); ++k) {
      const bool let_through = screen_->may_match(k, scan_);
      patterns.screened_out += let_through ? 0 : 1;
      if (!RE2::PartialMatch(text, *patterns_[k])) continue;
      ++patterns.matched;
      INFO("pattern " << pack_.patterns[k].id);
      CHECK(let_through);
    }
    if (!relations) return;
    ++loose.texts;
    for (std::size_t k = 0; k < relaxed_.size(); ++k) {
      const std::size_t index = pack_.patterns.size() + k;
      const bool let_through = screen_->may_match(index, scan_);
      loose.screened_out += let_through ? 0 : 1;
      // A relation matches within a sentence, and so within a line.
      bool matches = false;
      for (std::size_t start = 0; start <= text.size() && !matches;) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        matches = RE2::PartialMatch(std::string_view(text).substr(start, end - start), *relaxed_[k]);
        start = end + 1;
      }
      if (!matches) continue;
      ++loose.matched;
      INFO("relation " << pack_.relations[k].id);
      CHECK(let_through);
    }
  }

 private:
  const kgrep::RulePack& pack_;
  std::shared_ptr<const RegexScreen> screen_;
  std::vector<std::unique_ptr<RE2>> patterns_, relaxed_;
  AtomScan scan_;
};

}  // namespace

TEST_CASE("The pack's screen lets through every text a pattern or a relation's line matches", "[match]") {
  const kgrep::RulePack& pack = kgrep::testing::default_pack();
  ScreenCheck check(pack);
  Tally patterns, loose;
  kgrep::testing::read_sample_documents(
      [&](kgrep::Document&& document) { check.check(document.id, document.text, true, patterns, loose); });
  // Amounts and versions in the spellings the patterns name, in either case
  // where the pattern ignores it.
  for (const char* text :
       {"It raised $40 billion.", "a round of US$ 2bn", "EUR 300 million",
        "\xE2\x82\xAC"
        "5 miljard",
        "\xC2\xA3"
        "12m",
        "twee miljard euro", "1.5 billion dollars", "GPT-5.1 mini", "gpt4o", "Claude Opus 4.1", "Sonnet 4.5",
        "DeepSeek-V3.2", "OLMO 3", "T\xC3\x9CLU 3", "Qwen3", "Nemotron 3 Ultra", "Gemini 2.5 Flash"})
    check.check(text, text, true, patterns, loose);

  // Not vacuous: patterns and relations match here, and the screen turns
  // most (text, regex) pairs away.
  CHECK(patterns.matched > 40);
  CHECK(loose.matched > 100);
  CHECK(patterns.screened_out * 2 > patterns.texts * pack.patterns.size());
  CHECK(loose.screened_out * 2 > loose.texts * pack.relations.size());
}

TEST_CASE("The pack's screen lets through every Reuters document a pattern matches", "[match]") {
  const std::string corpus = std::string(KGREP_SHARED_DIR) + "/corpora/reuters21578.jsonl";
  if (!std::filesystem::exists(corpus)) {
    WARN("no ../shared/corpora: skipped");
    return;
  }
  const kgrep::RulePack& pack = kgrep::testing::default_pack();
  ScreenCheck check(pack);
  Tally patterns, unused;
  kgrep::testing::read_documents(
      {corpus}, [&](kgrep::Document&& document) { check.check(document.id, document.text, false, patterns, unused); });
  CHECK(patterns.texts == 19043);
  CHECK(patterns.matched > 10);  // dollar amounts, mostly
  CHECK(patterns.screened_out > patterns.texts * pack.patterns.size() * 9 / 10);
}
