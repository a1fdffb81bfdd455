#include "core/regex_screen.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

using kgrep::core_detail::RegexScreen;
using kgrep::core_detail::ScreenedRegex;

bool may_match(const RegexScreen& screen, std::size_t index, std::string_view text) {
  kgrep::core_detail::AtomScan scan;
  screen.scan(text, scan, false);
  return screen.may_match(index, scan);
}

}  // namespace

TEST_CASE("A regex that needs two words passes a text only when both are there", "[core]") {
  // Both words looked for: the one in the cut does not settle it alone.
  const RegexScreen screen({ScreenedRegex{"alpha.{0,20}omega", false, 1, false}});
  CHECK_FALSE(may_match(screen, 0, "alpha, and nothing more"));
  CHECK_FALSE(may_match(screen, 0, "nothing but omega"));
  CHECK_FALSE(may_match(screen, 0, "neither word"));
  CHECK(may_match(screen, 0, "ALPHA and Omega"));
  CHECK(may_match(screen, 0, "omega before alpha"));  // a screen, not the regex
}

TEST_CASE("A regex screened by its cut alone passes a text holding one cut atom", "[core]") {
  const RegexScreen screen(
      {ScreenedRegex{"alpha.{0,20}omega", false, 1, true}, ScreenedRegex{"(?:north|south) pole", false, 1, true}});
  // Only one of the two words is looked for; finding it is enough.
  CHECK(may_match(screen, 0, "alpha") != may_match(screen, 0, "omega"));
  CHECK(may_match(screen, 0, "alpha omega"));
  CHECK_FALSE(may_match(screen, 0, "neither word"));
  CHECK(may_match(screen, 1, "the South Pole"));
  CHECK_FALSE(may_match(screen, 1, "alpha omega"));
  // A regex's cut atom found in a text does not pass another regex.
  CHECK_FALSE(may_match(screen, 0, "north pole"));
}

TEST_CASE("Cut atoms that another regex also needs are judged by each regex's own filter", "[core]") {
  // The second regex looks for both words, so for the first the word outside
  // its cut is looked for too, and must be there.
  const RegexScreen screen(
      {ScreenedRegex{"alpha.{0,20}omega", false, 1, true}, ScreenedRegex{"alpha.{0,20}omega", false, 1, false}});
  CHECK_FALSE(may_match(screen, 0, "alpha alone"));
  CHECK_FALSE(may_match(screen, 0, "omega alone"));
  CHECK(may_match(screen, 0, "alpha to omega"));
}

TEST_CASE("A span's scan holds the atoms wholly inside it, and those without a place", "[core]") {
  const RegexScreen screen({ScreenedRegex{"alpha", false, 1, true}, ScreenedRegex{"omega", false, 1, true},
                            ScreenedRegex{"caf\xC3\xA9", false, 1, true}});
  auto passing = [&](kgrep::core_detail::SpanScans& spans, std::size_t begin, std::size_t end) {
    std::vector<std::size_t> among;
    screen.may_match_among(0, 3, spans.within(begin, end), among);
    return among;
  };
  using Indices = std::vector<std::size_t>;
  kgrep::core_detail::AtomScan scan;
  //                  0         1         2
  //                  012345678901234567890123456
  const std::string text = "Alpha one. Two omega. alpha";
  screen.scan(text, scan, true);
  {
    kgrep::core_detail::SpanScans spans(screen, scan);
    CHECK(passing(spans, 0, 10) == Indices{0});
    CHECK(passing(spans, 11, 21) == Indices{1});
    CHECK(passing(spans, 22, 27) == Indices{0});
  }
  {
    kgrep::core_detail::SpanScans spans(screen, scan);
    CHECK(passing(spans, 0, 4).empty());          // "Alph": the atom runs past the span's end
    CHECK(passing(spans, 16, 27) == Indices{0});  // "mega. alpha": nor does one that began before it
    CHECK(passing(spans, 27, 27).empty());
  }
  // An atom outside ASCII has no place: every span of a text with such bytes holds it.
  const std::string accented = "Alpha. CAF\xC3\x89 omega";
  screen.scan(accented, scan, true);
  kgrep::core_detail::SpanScans spans(screen, scan);
  CHECK(passing(spans, 0, 6) == Indices{0, 2});
  CHECK(passing(spans, 7, accented.size()) == Indices{1, 2});
}

TEST_CASE("Asking a range of regexes at once agrees with asking each", "[core]") {
  std::vector<ScreenedRegex> regexes;
  // More than 64, so that the range crosses a word of the screen's bit sets.
  for (int k = 0; k < 70; ++k)
    regexes.push_back(ScreenedRegex{"w" + std::to_string(k) + "x.{0,9}(?:yes|ja)", false, 1, k % 2 == 0});
  regexes.push_back(ScreenedRegex{"\\d+", false, 1, true});  // no atoms: passes anything
  const RegexScreen screen(regexes);
  const std::vector<std::string> texts = {"",           "w3x yes",  "w4x yes", "w64x ja", "w65x",
                                          "w1x w2x ja", "yes only", "w69x ja", "W7X JA"};
  for (const std::string& text : texts) {
    kgrep::core_detail::AtomScan scan;
    screen.scan(text, scan, false);
    for (const auto& [first, count] : std::vector<std::pair<std::size_t, std::size_t>>{
             {0, 14}, {0, 70}, {3, 2}, {60, 10}, {64, 6}, {65, 1}, {0, 71}, {70, 1}}) {
      std::vector<std::size_t> each;
      for (std::size_t index = first; index < first + count; ++index)
        if (screen.may_match(index, scan)) each.push_back(index - first);
      INFO("text '" << text << "', regexes " << first << " to " << first + count);
      std::vector<std::size_t> among;
      screen.may_match_among(first, count, scan, among);
      CHECK(among == each);
    }
  }
}

TEST_CASE("A cut leaves out function words where the regex has other words", "[core]") {
  // "from " and " to " are on nearly every line of news: the cut is the nouns,
  // though " to " is shorter than either and "from " as long as "move ".
  const RegexScreen screen({ScreenedRegex{"(?:exodus|move) (?:of [a-z]+ )?from .* to ", false, 4, true},
                            ScreenedRegex{"[a-z]+ with [a-z]+", false, 4, true}});
  CHECK_FALSE(may_match(screen, 0, "a letter from home to you"));
  CHECK(may_match(screen, 0, "the exodus of staff"));
  CHECK(may_match(screen, 0, "a Move from A to B"));
  // A regex with nothing but a function word is screened by it.
  CHECK(may_match(screen, 1, "coffee with milk"));
  CHECK_FALSE(may_match(screen, 1, "black coffee"));
}
