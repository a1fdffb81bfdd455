#include "relate/loose_screen.h"

#include <catch2/catch.hpp>

#include "match/pack_screen.h"

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
