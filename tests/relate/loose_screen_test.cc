#include "relate/loose_screen.h"

#include <catch2/catch.hpp>

using kgrep::relate_detail::LooseRegex;
using kgrep::relate_detail::LooseScreen;

TEST_CASE("The loose screen reads the lines holding a rule's atoms, and only those", "[relate]") {
  const LooseScreen screen({{"moves? (?:of [^\\x01]*? )?from [^\\n]* to ", false},
                            {" (?:acquired|bought) ", false},
                            {"[a-z]+ ?", false},  // no atom: the whole text is read
                            {"\xC3\xA9\xC3\xA9n [^\\n]*keer", false}});
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
