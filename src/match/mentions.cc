#include <algorithm>
#include <tuple>

#include "kgrep/match.h"

namespace kgrep {

std::vector<Mention> select_mentions(std::vector<Mention> candidates) {
  const auto before = [](const Mention& a, const Mention& b) {
    return std::make_tuple(a.span.begin, b.span.size(), a.priority, std::cref(a.rule_id), std::cref(a.entity_id)) <
           std::make_tuple(b.span.begin, a.span.size(), b.priority, std::cref(b.rule_id), std::cref(b.entity_id));
  };
  // The name list gives its candidates in order; a mention moved is several strings moved.
  if (!std::is_sorted(candidates.begin(), candidates.end(), before))
    std::sort(candidates.begin(), candidates.end(), before);
  std::vector<Mention> selected;
  selected.reserve(candidates.size());
  std::size_t covered_until = 0;
  for (auto& candidate : candidates) {
    if (!selected.empty() && candidate.span.begin < covered_until) {
      // The same entity found twice (a listed version also matched by its
      // family's pattern) keeps the pattern's link to the developer.
      Mention& kept = selected.back();
      if (!kept.link && candidate.link && kept.span == candidate.span && kept.entity_id == candidate.entity_id)
        kept.link = candidate.link;
      continue;
    }
    covered_until = candidate.span.end;
    selected.push_back(std::move(candidate));
  }
  return selected;
}

}  // namespace kgrep
