// Which of a set of literal strings ("atoms" of RE2's FilteredRE2) a text
// holds, ignoring ASCII case, in one pass (internal: the match and relate stages use it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kgrep::core_detail {

struct AtomHit {
  int atom = 0;
  std::size_t end = 0;  // the offset just past it
};

// An Aho-Corasick automaton with a dense transition table over the bytes the
// atoms use. RE2::Set answers the same question, but for a few hundred
// case-insensitive atoms its DFA ran at about 200 MB/s; this, walking four
// parts of a text side by side, took about a third of that time (eight parts
// for a longer text now: a tenth less again).
class AtomScanner {
 public:
  explicit AtomScanner(const std::vector<std::string>& atoms);

  // False when the atoms are too many for the table's 32-bit entries.
  [[nodiscard]] bool usable() const { return !next_.empty(); }

  // Sets `found` to the indices of the atoms `text` holds, in increasing
  // order. ASCII letters match either case. An atom with a byte outside ASCII
  // is reported whenever `text` has one, since case-insensitive matching of
  // other scripts is not attempted here: a superset, which FilteredRE2's
  // prefilter tolerates (it may run a regex that then fails to match).
  // An empty atom is never reported.
  // With `hits`, also every place an ASCII atom was found (an atom may be
  // reported twice at one place).
  void find(std::string_view text, std::vector<int>& found, std::vector<AtomHit>* hits = nullptr) const;

 private:
  std::vector<std::uint8_t> byte_class_;  // byte -> column of the table
  std::size_t classes_ = 1;               // column 0: bytes no atom holds
  std::vector<std::uint32_t> next_;       // state * classes_ + class -> state * classes_
  std::uint32_t outputs_from_ = 0;        // next_ values from here on: states where atoms end
  // Atoms ending at the k-th such state: outputs_[output_begin_[k], [k + 1]).
  std::vector<std::uint32_t> output_begin_;
  std::vector<int> outputs_;
  std::vector<int> non_ascii_atoms_;
  std::size_t atom_count_ = 0;
  std::size_t longest_atom_ = 0;  // of the ASCII ones
};

}  // namespace kgrep::core_detail
