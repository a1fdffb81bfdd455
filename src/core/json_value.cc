#include "core/json_value.h"

#include <cstdint>
#include <cstdlib>

#include "text/utf8.h"

namespace kgrep::json_value {

namespace {

class Parser {
 public:
  Parser(std::string_view text, ParseError& error) : text_(text), error_(error) {}

  bool document(Value& value) {
    skip_space();
    if (!any(value, 0)) return false;
    skip_space();
    if (pos_ != text_.size()) return fail("text after the JSON value");
    return true;
  }

 private:
  bool fail(std::string message) {
    error_.offset = pos_;
    error_.message = std::move(message);
    return false;
  }
  [[nodiscard]] char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool expect(char wanted) {
    if (peek() != wanted) {
      if (pos_ >= text_.size()) return fail(std::string("expected '") + wanted + "' but the line ends");
      return fail(std::string("expected '") + wanted + "'");
    }
    ++pos_;
    return true;
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return fail("expected a JSON value");
    pos_ += word.size();
    return true;
  }

  bool any(Value& value, int depth) {
    if (depth > 64) return fail("nesting deeper than 64 levels");
    value.offset = pos_;
    switch (peek()) {
      case '{':
        value.kind = Value::Kind::kObject;
        return object(value, depth);
      case '[':
        value.kind = Value::Kind::kArray;
        return array(value, depth);
      case '"':
        value.kind = Value::Kind::kString;
        return string(value.text);
      case 't':
        value.kind = Value::Kind::kBool;
        value.boolean = true;
        return literal("true");
      case 'f':
        value.kind = Value::Kind::kBool;
        return literal("false");
      case 'n':
        value.kind = Value::Kind::kNull;
        return literal("null");
      default:
        value.kind = Value::Kind::kNumber;
        return number(value);
    }
  }

  bool object(Value& value, int depth) {
    ++pos_;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_space();
      if (peek() != '"') return fail("expected a string key");
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (!expect(':')) return false;
      skip_space();
      Value member;
      if (!any(member, depth + 1)) return false;
      value.members.push_back(Member{std::move(key), std::move(member)});
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      return expect('}');
    }
  }

  bool array(Value& value, int depth) {
    ++pos_;
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_space();
      Value item;
      if (!any(item, depth + 1)) return false;
      value.items.push_back(std::move(item));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      return expect(']');
    }
  }

  bool hex4(std::uint32_t& code) {
    if (pos_ + 4 > text_.size()) return fail("a \\u escape needs four hex digits");
    code = 0;
    for (int k = 0; k < 4; ++k) {
      const char ch = text_[pos_++];
      code <<= 4;
      if (ch >= '0' && ch <= '9')
        code |= static_cast<std::uint32_t>(ch - '0');
      else if (ch >= 'a' && ch <= 'f')
        code |= static_cast<std::uint32_t>(ch - 'a' + 10);
      else if (ch >= 'A' && ch <= 'F')
        code |= static_cast<std::uint32_t>(ch - 'A' + 10);
      else
        return fail("a \\u escape needs four hex digits");
    }
    return true;
  }

  static bool is_plain(char ch) { return ch != '"' && ch != '\\' && static_cast<unsigned char>(ch) >= 0x20; }

  bool string(std::string& out) {
    ++pos_;
    while (true) {
      if (pos_ >= text_.size()) return fail("unterminated string");
      const char ch = text_[pos_];
      if (ch == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(ch) < 0x20) return fail("control character in a string (escape it)");
      if (ch != '\\') {
        // Article text is long runs of plain characters: appended a run at a time.
        std::size_t run_end = pos_ + 1;
        while (run_end < text_.size() && is_plain(text_[run_end])) ++run_end;
        out.append(text_.substr(pos_, run_end - pos_));
        pos_ = run_end;
        continue;
      }
      ++pos_;
      const char escape = peek();
      ++pos_;
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out += escape;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t code = 0;
          if (!hex4(code)) return false;
          if (code >= 0xD800 && code < 0xDC00) {
            std::uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u") return fail("a high surrogate needs a low surrogate after it");
            pos_ += 2;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low >= 0xE000) return fail("a high surrogate needs a low surrogate after it");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          } else if (code >= 0xDC00 && code < 0xE000) {
            return fail("a low surrogate without a high one");
          }
          utf8::append(out, static_cast<char32_t>(code));
          break;
        }
        default:
          --pos_;
          return fail("unknown escape in a string");
      }
    }
  }

  bool number(Value& value) {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    const bool leading_zero = peek() == '0';
    const std::size_t integer_start = pos_;
    if (!digits()) return fail(pos_ == start ? "expected a JSON value" : "expected digits");
    const std::size_t integer_end = pos_;
    if (leading_zero && pos_ - integer_start > 1) return fail("a number may not start with 0");
    if (peek() == '.') {
      ++pos_;
      if (!digits()) return fail("expected digits after the decimal point");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) return fail("expected digits in the exponent");
    }
    value.text = std::string(text_.substr(start, pos_ - start));
    // A whole number of up to 15 digits (counts, offsets) is exact as a
    // double, so it needs no strtod.
    const bool negative = start != integer_start;
    if (integer_end == pos_ && pos_ - integer_start <= 15 && !(negative && leading_zero)) {
      std::int64_t whole = 0;
      for (std::size_t k = integer_start; k < pos_; ++k) whole = whole * 10 + (text_[k] - '0');
      value.number = static_cast<double>(negative ? -whole : whole);
    } else {  // also -0, which is not 0
      value.number = std::strtod(value.text.c_str(), nullptr);
    }
    return true;
  }

  std::string_view text_;
  ParseError& error_;
  std::size_t pos_ = 0;
};

}  // namespace

const Value* Value::find(std::string_view key) const {
  for (const auto& [name, member] : members)
    if (name == key) return &member;
  return nullptr;
}

bool parse(std::string_view text, Value& value, ParseError& error) { return Parser(text, error).document(value); }

const char* kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return "a boolean";
    case Value::Kind::kNumber:
      return "a number";
    case Value::Kind::kString:
      return "a string";
    case Value::Kind::kArray:
      return "an array";
    case Value::Kind::kObject:
      return "an object";
  }
  return "a value";
}

}  // namespace kgrep::json_value
