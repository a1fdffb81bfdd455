// A small JSON reader (internal, for any stage): one value per call, kept
// whole (objects keep their member order), with the byte offset of every value
// so a reader can point at the bad column. The facts stream reader uses it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kgrep::json_value {

struct Member;

struct Value {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;  // a decoded string, or a number's literal text
  std::vector<Value> items;
  // Not pair<string, Value>: clang rejects a pair of a type still being defined.
  std::vector<Member> members;
  std::size_t offset = 0;  // byte offset of the value in the parsed text

  // The member named `key`, or nullptr (also for non-objects).
  [[nodiscard]] const Value* find(std::string_view key) const;
};

struct Member {
  std::string key;
  Value value;
};

struct ParseError {
  std::size_t offset = 0;
  std::string message;
};

// Parses `text` as exactly one JSON value (RFC 8259; white space around it
// allowed). Returns false and fills `error` on malformed input; nesting deeper
// than 64 levels is an error.
bool parse(std::string_view text, Value& value, ParseError& error);

// "string", "number", "an object"…: what a value is, for error messages.
const char* kind_name(Value::Kind kind);

}  // namespace kgrep::json_value
