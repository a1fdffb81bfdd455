// Checks of a whole pack, across its files (internal to the rules stage).
#pragma once

#include <vector>

#include "kgrep/rules.h"

namespace kgrep::rules_detail {

// The pack's size against kMaxEntityRules and kMaxRegexRules (R020),
// reported at the first rule over the limit.
void check_limits(const RulePack& pack, std::vector<Diagnostic>& diagnostics);

// Unique ids (R005), names no two entities claim (R006), attributes and
// pattern links that name entities of the pack (R011).
void check_pack(const RulePack& pack, std::vector<Diagnostic>& diagnostics);

}  // namespace kgrep::rules_detail
