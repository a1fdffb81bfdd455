#include "core/atom_scanner.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>

namespace {

std::string ascii_lower(std::string text) {
  for (char& ch : text)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return text;
}

bool has_non_ascii(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; });
}

// What AtomScanner::find promises, by plain substring search.
std::vector<int> expected_atoms(const std::vector<std::string>& atoms, const std::string& text) {
  std::vector<int> found;
  const std::string lowered = ascii_lower(text);
  for (std::size_t k = 0; k < atoms.size(); ++k) {
    const bool present =
        has_non_ascii(atoms[k]) ? has_non_ascii(text) : lowered.find(ascii_lower(atoms[k])) != std::string::npos;
    if (present) found.push_back(static_cast<int>(k));
  }
  return found;
}

// Every place an ASCII atom ends, by plain substring search.
std::set<std::pair<int, std::size_t>> expected_hits(const std::vector<std::string>& atoms, const std::string& text) {
  std::set<std::pair<int, std::size_t>> hits;
  const std::string lowered = ascii_lower(text);
  for (std::size_t k = 0; k < atoms.size(); ++k) {
    if (atoms[k].empty() || has_non_ascii(atoms[k])) continue;
    const std::string atom = ascii_lower(atoms[k]);
    for (std::size_t at = lowered.find(atom); at != std::string::npos; at = lowered.find(atom, at + 1))
      hits.emplace(static_cast<int>(k), at + atom.size());
  }
  return hits;
}

}  // namespace

TEST_CASE("The atom scanner finds the atoms a text holds, either case", "[core]") {
  const std::vector<std::string> atoms{"acquired", " to ", "from ", "Deal with", "quired", "é", "ed", "d"};
  const kgrep::core_detail::AtomScanner scanner(atoms);
  REQUIRE(scanner.usable());
  std::vector<int> found;
  scanner.find("Acme ACQUIRED Widget, moving from Paris", found);
  CHECK(found == std::vector<int>{0, 2, 4, 6, 7});
  scanner.find("a deal WITH them", found);
  CHECK(found == std::vector<int>{3, 7});
  scanner.find("Café", found);  // a text outside ASCII: the atoms outside it may be there
  CHECK(found == std::vector<int>{5});
  scanner.find("", found);
  CHECK(found.empty());
  // An empty atom (one a screen does not look for) is in no text.
  const kgrep::core_detail::AtomScanner with_empty({"", "ab"});
  with_empty.find("xab", found);
  CHECK(found == std::vector<int>{1});
  with_empty.find("x", found);
  CHECK(found.empty());
}

TEST_CASE("The atom scanner agrees with substring search on random texts of every length", "[core]") {
  std::mt19937 random(7);
  const std::string alphabet = "abcAB ,.\n";
  auto random_text = [&](std::size_t length) {
    std::string text;
    for (std::size_t k = 0; k < length; ++k) text += alphabet[random() % alphabet.size()];
    if (random() % 8 == 0 && !text.empty()) text[random() % text.size()] = '\xC3';
    return text;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> atoms;
    const int count = 1 + static_cast<int>(random() % 40);
    for (int k = 0; k < count; ++k) atoms.push_back(random_text(1 + random() % 12));
    const kgrep::core_detail::AtomScanner scanner(atoms);
    REQUIRE(scanner.usable());
    // Lengths around the sizes at which the text is walked in two, four and eight parts.
    for (const std::size_t length : {0u,   5u,   33u,  34u,  35u,  54u,  55u,  56u,  63u,  67u,  68u,   69u,
                                     108u, 109u, 110u, 216u, 217u, 223u, 224u, 225u, 300u, 301u, 1000u, 4099u}) {
      const std::string text = random_text(length);
      std::vector<int> found;
      std::vector<kgrep::core_detail::AtomHit> hits;
      scanner.find(text, found, &hits);
      INFO("round " << round << ", length " << length);
      CHECK(found == expected_atoms(atoms, text));
      std::set<std::pair<int, std::size_t>> reported;
      for (const auto& hit : hits) reported.emplace(hit.atom, hit.end);
      CHECK(reported == expected_hits(atoms, text));
    }
  }
}
