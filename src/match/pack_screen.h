// One screen for a pack's patterns and relations, so that a document is
// scanned for their literals once (internal to the match and relate stages,
// and the pipeline that shares it between them).
#pragma once

#include <memory>
#include <string>

#include "core/regex_screen.h"
#include "kgrep/rules.h"

namespace kgrep::match_detail {

// A pattern as the screen holds it: every literal counts ("GPT", "$"), but
// only those of its cut are looked for.
core_detail::ScreenedRegex pattern_screen_regex(const PatternRule& rule);
// A relation's relaxed_regex() as the screen holds it: literals of fewer than
// four bytes are too common to tell documents apart, and of the others only
// those of its cut are looked for (the confirming read of a line follows).
core_detail::ScreenedRegex relation_screen_regex(std::string relaxed, bool case_sensitive);

// Regexes [0, pack.patterns.size()) are the patterns in order, then come the
// relations' relaxed regexes in order.
std::shared_ptr<const core_detail::RegexScreen> pack_screen(const RulePack& pack);

// Throws std::invalid_argument, naming `matcher`, unless `screen` holds as
// many regexes as pack_screen(pack) does: a matcher reads its own regexes'
// answers by their numbers there.
void require_pack_screen(const RulePack& pack, const core_detail::RegexScreen& screen, const char* matcher);

}  // namespace kgrep::match_detail
