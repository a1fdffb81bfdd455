#include "relate/loose_screen.h"

#include <re2/re2.h>

#include <algorithm>

namespace kgrep::relate_detail {

LooseScreen::LooseScreen(std::shared_ptr<const core_detail::RegexScreen> screen, std::size_t first)
    : screen_(std::move(screen)), first_(first) {}

bool LooseScreen::any_matches(std::string_view text, const std::vector<std::size_t>& candidates) const {
  if (candidates.empty()) return false;
  thread_local core_detail::AtomScan scan;
  screen_->scan(text, scan, true);
  return any_matches(text, scan, candidates);
}

bool LooseScreen::any_matches(std::string_view text, const core_detail::AtomScan& scan,
                              const std::vector<std::size_t>& candidates) const {
  thread_local std::vector<std::size_t> line_starts;
  for (const std::size_t candidate : candidates) {
    const std::size_t index = first_ + candidate;
    const RE2* re = screen_->regex(index);
    if (re == nullptr) return true;
    if (!screen_->may_match(index, scan)) continue;
    if (!screen_->cut_has_places(index)) {
      if (RE2::PartialMatch(text, *re)) return true;
      continue;
    }
    // The lines that hold an atom of the rule's cut, each read once.
    line_starts.clear();
    for (const core_detail::AtomHit& hit : scan.hits) {
      if (!screen_->in_cut(index, hit.atom)) continue;
      const std::size_t begin = hit.end - screen_->atom_length(hit.atom);
      const std::size_t newline = text.rfind('\n', begin);
      line_starts.push_back(newline == std::string_view::npos ? 0 : newline + 1);
    }
    std::sort(line_starts.begin(), line_starts.end());
    line_starts.erase(std::unique(line_starts.begin(), line_starts.end()), line_starts.end());
    for (const std::size_t start : line_starts) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      if (RE2::PartialMatch(text.substr(start, end - start), *re)) return true;
    }
  }
  return false;
}

}  // namespace kgrep::relate_detail
