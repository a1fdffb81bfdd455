// A minimal JSON reader for JSON Lines records (internal to the source stage).
// It reads one object and keeps its top-level scalar members; nested arrays and
// objects are validated and skipped.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace kgrep::json {

struct Scalar {
  enum class Kind { kString, kNumber, kBool, kNull, kNested } kind = Kind::kNull;
  std::string text;  // decoded string, or the literal's text
};

struct ParseError {
  std::size_t offset = 0;
  std::string message;
};

// Parses `text` as one JSON object (white space around it allowed). Returns
// false and fills `error` on malformed input.
bool parse_object(std::string_view text, std::map<std::string, Scalar>& members, ParseError& error);

}  // namespace kgrep::json
