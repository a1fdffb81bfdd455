// Maps positions inside TOML string values back to file line:column
// (internal to the rules stage).
#pragma once

#include <string>
#include <string_view>

#include "kgrep/core.h"

namespace kgrep::rules_detail {

// Number of code points in `text` (toml++ counts columns in code points too).
std::size_t count_code_points(std::string_view text);

// `value_line`/`value_column` (1-based) point at the opening delimiter of a
// string value in `file_content`; returns the location of byte `value_offset`
// of the decoded value. Exact for literal strings ('...' and '''...'''); for
// basic strings each escape sequence counts as one decoded byte.
SourceLoc locate_in_string(const std::string& file, std::string_view file_content, std::size_t value_line,
                           std::size_t value_column, std::size_t value_offset);

}  // namespace kgrep::rules_detail
