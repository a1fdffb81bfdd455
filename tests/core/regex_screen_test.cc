#include "core/regex_screen.h"

#include <catch2/catch.hpp>

namespace {

bool may_match(const kgrep::core_detail::RegexScreen& screen, std::size_t index, std::string_view text) {
  kgrep::core_detail::AtomScan scan;
  screen.scan(text, scan, false);
  return screen.may_match(index, scan);
}

}  // namespace

TEST_CASE("A regex that needs two words passes a text only when both are there", "[core]") {
  using kgrep::core_detail::RegexScreen;
  using kgrep::core_detail::ScreenedRegex;
  // Both words looked for: the one in the cut does not settle it alone.
  const RegexScreen screen({ScreenedRegex{"alpha.{0,20}omega", false, 1, false}});
  CHECK_FALSE(may_match(screen, 0, "alpha, and nothing more"));
  CHECK_FALSE(may_match(screen, 0, "nothing but omega"));
  CHECK_FALSE(may_match(screen, 0, "neither word"));
  CHECK(may_match(screen, 0, "ALPHA and Omega"));
  CHECK(may_match(screen, 0, "omega before alpha"));  // a screen, not the regex
}

TEST_CASE("A regex screened by its cut alone passes a text holding one cut atom", "[core]") {
  using kgrep::core_detail::RegexScreen;
  using kgrep::core_detail::ScreenedRegex;
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
  using kgrep::core_detail::RegexScreen;
  using kgrep::core_detail::ScreenedRegex;
  // The second regex looks for both words, so for the first the word outside
  // its cut is looked for too, and must be there.
  const RegexScreen screen(
      {ScreenedRegex{"alpha.{0,20}omega", false, 1, true}, ScreenedRegex{"alpha.{0,20}omega", false, 1, false}});
  CHECK_FALSE(may_match(screen, 0, "alpha alone"));
  CHECK_FALSE(may_match(screen, 0, "omega alone"));
  CHECK(may_match(screen, 0, "alpha to omega"));
}
