#include "match/pack_screen.h"

#include <stdexcept>

namespace kgrep::match_detail {

core_detail::ScreenedRegex pattern_screen_regex(const PatternRule& rule) {
  return core_detail::ScreenedRegex{rule.regex, rule.case_sensitive, 1, true};
}

core_detail::ScreenedRegex relation_screen_regex(std::string relaxed, bool case_sensitive) {
  return core_detail::ScreenedRegex{std::move(relaxed), case_sensitive, 4, true};
}

std::shared_ptr<const core_detail::RegexScreen> pack_screen(const RulePack& pack) {
  std::vector<core_detail::ScreenedRegex> regexes;
  regexes.reserve(pack.patterns.size() + pack.relations.size());
  for (const PatternRule& rule : pack.patterns) regexes.push_back(pattern_screen_regex(rule));
  for (const RelationRule& rule : pack.relations)
    regexes.push_back(relation_screen_regex(relaxed_regex(rule.regex), rule.case_sensitive));
  return std::make_shared<const core_detail::RegexScreen>(regexes);
}

void require_pack_screen(const RulePack& pack, const core_detail::RegexScreen& screen, const char* matcher) {
  if (screen.size() != pack.patterns.size() + pack.relations.size())
    throw std::invalid_argument(std::string(matcher) +
                                ": the screen is not this pack's (see match_detail::pack_screen)");
}

}  // namespace kgrep::match_detail
