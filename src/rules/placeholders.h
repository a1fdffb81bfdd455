// Expansion of `{Type:name}` placeholders in relation regexes (internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kgrep/rules.h"

namespace kgrep::rules_detail {

struct PlaceholderError {
  std::size_t offset = 0;  // byte offset in the regex as written
  std::string code;
  std::string message;
};

struct ExpandedRegex {
  std::string regex;
  std::vector<Placeholder> placeholders;
  // For each byte of `regex`, the byte of the original regex it came from, so
  // that RE2's complaints about the expanded text point into what was written.
  std::vector<std::size_t> origin;
};

// Expands placeholders; appends problems to `errors` (and returns what it
// could expand regardless, so every error of a rule is reported at once).
ExpandedRegex expand_placeholders(std::string_view regex, std::vector<PlaceholderError>& errors);

}  // namespace kgrep::rules_detail
