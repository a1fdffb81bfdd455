// A minimal JSON reader for JSON Lines records (internal to the source stage).
// It reads one object and keeps its top-level scalar members; nested arrays and
// objects are validated and skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kgrep::json {

struct Scalar {
  enum class Kind { kString, kNumber, kBool, kNull, kNested } kind = Kind::kNull;
  std::string text;  // decoded string, or the literal's text
};

struct ParseError {
  std::size_t offset = 0;
  std::string message;
};

struct Member {
  std::string key;
  Scalar value;
};

// Parses `text` as one JSON object (white space around it allowed) into
// `members`, in the order they are written (replacing what it held). Returns
// false and fills `error` on malformed input.
bool parse_object(std::string_view text, std::vector<Member>& members, ParseError& error);

// The value of the last member named `key` (a repeated key's last value
// stands, as in most JSON readers), or null.
const Scalar* find_member(const std::vector<Member>& members, std::string_view key);
Scalar* find_member(std::vector<Member>& members, std::string_view key);

}  // namespace kgrep::json
