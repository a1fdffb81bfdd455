// Whether a relation's loosened regex (relaxed_regex) can match a document,
// answered cheaply for most documents (internal to the relate stage).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/regex_screen.h"

namespace kgrep::relate_detail {

class LooseScreen {
 public:
  // The loosened regexes are `screen`'s regexes from `first` on (see
  // match_detail::pack_screen).
  LooseScreen(std::shared_ptr<const core_detail::RegexScreen> screen, std::size_t first);

  // Whether one of the regexes numbered in `candidates` (0 for the one at
  // `first`) matches in `text`, which `scan` (with hits) is the screen's scan
  // of. Only lines are read that hold one atom at least of a set every match
  // must hold one of: a rule matches within a sentence, and so a line.
  [[nodiscard]] bool any_matches(std::string_view text, const core_detail::AtomScan& scan,
                                 const std::vector<std::size_t>& candidates) const;
  // The same, scanning `text` first.
  [[nodiscard]] bool any_matches(std::string_view text, const std::vector<std::size_t>& candidates) const;

  // The screen's scan of `text`, with hits.
  void scan(std::string_view text, core_detail::AtomScan& scan) const { screen_->scan(text, scan, true); }
  [[nodiscard]] const core_detail::RegexScreen& screen() const { return *screen_; }
  // Sets `out` to the regexes (numbered as candidates are) that may match
  // within a span of which `span_scan` is the scan (see core_detail::SpanScans).
  void may_match_within(const core_detail::AtomScan& span_scan, std::vector<std::size_t>& out) const {
    screen_->may_match_among(first_, screen_->size() - first_, span_scan, out);
  }

 private:
  std::shared_ptr<const core_detail::RegexScreen> screen_;
  std::size_t first_;
};

}  // namespace kgrep::relate_detail
