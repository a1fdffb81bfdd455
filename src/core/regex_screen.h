// Which of a set of regexes may match a text, told from one scan for literal
// atoms (internal: the match and relate stages use it).
#pragma once

#include <re2/filtered_re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/atom_scanner.h"

namespace kgrep::core_detail {

struct ScreenedRegex {
  std::string regex;
  bool case_sensitive = false;
  // Shorter atoms are left out of the regex's filter (with only such literals
  // it may match anything).
  int min_atom_bytes = 1;
  // Only the atoms of its cut are looked for, the others taken as there: a
  // weaker filter, but the scan does not stop at each digit, " of " or " to "
  // the regex names.
  bool cut_only = false;
};

// What one text holds of a screen's atoms; reused from text to text.
struct AtomScan {
  std::vector<int> found;     // atom ids, increasing
  std::vector<bool> present;  // by atom id
  std::vector<AtomHit> hits;  // every place an ASCII atom ends, when asked for
};

// Each regex gets a FilteredRE2 of its own and, from it, a cut: atoms such
// that a text holding none of them does not pass the filter, so every match
// holds one of them. One AtomScanner finds the atoms of all regexes.
class RegexScreen {
 public:
  explicit RegexScreen(const std::vector<ScreenedRegex>& regexes);
  ~RegexScreen();
  RegexScreen(const RegexScreen&) = delete;
  RegexScreen& operator=(const RegexScreen&) = delete;

  [[nodiscard]] std::size_t size() const { return rules_.size(); }
  void scan(std::string_view text, AtomScan& scan, bool want_hits) const;

  // False only when regex `index` cannot match the scanned text: its cut
  // holds no atom found, or its filter fails on the atoms found.
  [[nodiscard]] bool may_match(std::size_t index, const AtomScan& scan) const;
  // Sets `out` to the regexes among [first, first + count) that may match,
  // numbered from `first`, in increasing order: those may_match() is true of.
  void may_match_among(std::size_t first, std::size_t count, const AtomScan& scan, std::vector<std::size_t>& out) const;

  // The regex compiled as the filter compiled it; null when RE2 refused it
  // (then it may match anything).
  [[nodiscard]] const RE2* regex(std::size_t index) const;
  // Whether a match of regex `index` holds one of the atoms found, so that
  // the text around the hits of cut atoms is all there is to read. False for
  // a regex without atoms, or whose cut has an atom outside ASCII (the
  // scanner reports those without a place), or when there is no scanner.
  [[nodiscard]] bool cut_has_places(std::size_t index) const;
  [[nodiscard]] bool in_cut(std::size_t index, int atom) const;
  [[nodiscard]] std::size_t atom_length(int atom) const { return atom_lengths_[static_cast<std::size_t>(atom)]; }
  // Whether the scan reports where `atom` is (false for an atom outside ASCII:
  // found wherever a text has a byte outside ASCII).
  [[nodiscard]] bool has_places(int atom) const { return !placeless_[static_cast<std::size_t>(atom)]; }

 private:
  struct Rule;
  std::vector<std::unique_ptr<Rule>> rules_;
  std::vector<std::size_t> atom_lengths_;
  std::vector<bool> placeless_;   // by atom id: outside ASCII
  std::vector<bool> looked_for_;  // by atom id
  // By atom id, a bit a regex: the regexes whose cut holds the atom
  // (cut_words_ 64-bit words an atom).
  std::vector<std::uint64_t> cut_bits_;
  std::vector<bool> open_;  // by regex: may match any text (no atoms, not compiled, or no scanner)
  std::size_t cut_words_ = 0;
  std::unique_ptr<AtomScanner> atoms_;  // null: too many atoms; every regex may match
};

// A text's scan read span by span, for spans in increasing order (each
// beginning at or after the one before): the atoms found wholly inside the
// span, and those found without a place. A regex that matches within a span
// holds its atoms there, so may_match() of the span's scan is true of it.
class SpanScans {
 public:
  // `text` is the screen's scan of the text, with hits.
  SpanScans(const RegexScreen& screen, const AtomScan& text);
  // The scan of [begin, end); valid until the next call.
  const AtomScan& within(std::size_t begin, std::size_t end);

 private:
  struct Placed {
    std::size_t begin = 0, end = 0;
    int atom = 0;
  };
  std::vector<Placed> placed_;  // by where they begin
  std::vector<int> placeless_;  // found without a place
  std::size_t next_ = 0;        // the first of placed_ that may begin in a later span
  AtomScan span_;
};

}  // namespace kgrep::core_detail
