// Whether a relation's loosened regex (relaxed_regex) can match a document,
// answered cheaply for most documents (internal to the relate stage).
#pragma once

#include <re2/filtered_re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "relate/atom_scanner.h"

namespace kgrep::relate_detail {

struct LooseRegex {
  std::string regex;  // relaxed_regex() of the rule
  bool case_sensitive = false;
};

class LooseScreen {
 public:
  explicit LooseScreen(const std::vector<LooseRegex>& regexes);
  ~LooseScreen();
  LooseScreen(const LooseScreen&) = delete;
  LooseScreen& operator=(const LooseScreen&) = delete;

  // Whether one of the regexes numbered in `candidates` matches in `text`.
  // Only lines are read that hold one atom at least of a set every match
  // must hold one of: a rule matches within a sentence, and so a line.
  [[nodiscard]] bool any_matches(std::string_view text, const std::vector<std::size_t>& candidates) const;

 private:
  struct Rule;
  std::vector<std::unique_ptr<Rule>> rules_;
  std::vector<std::size_t> atom_lengths_;
  std::unique_ptr<AtomScanner> atoms_;  // all rules' atoms; null: each regex reads the whole text
};

}  // namespace kgrep::relate_detail
