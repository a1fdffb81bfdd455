#include "source/json_reader.h"

#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kgrep::json {

namespace {

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool object(std::vector<Member>* members, int depth) {
    if (depth > 64) return fail("nesting deeper than 64 levels");
    skip_space();
    if (!expect('{')) return false;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_space();
      if (peek() != '"') return fail("expected a string key");
      Member ignored;
      Member& member = members ? members->emplace_back() : ignored;
      if (!string(member.key)) return false;
      skip_space();
      if (!expect(':')) return false;
      skip_space();
      if (!any(member.value, depth)) return false;
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      return expect('}');
    }
  }

  bool finish() {
    skip_space();
    return pos_ == text_.size() || fail("unexpected text after the object");
  }

  ParseError error;

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' || text_[pos_] == '\n'))
      ++pos_;
  }
  bool fail(std::string message) {
    error = ParseError{pos_, std::move(message)};
    return false;
  }
  bool expect(char ch) {
    if (peek() != ch || pos_ >= text_.size()) return fail(std::string("expected '") + ch + "'");
    ++pos_;
    return true;
  }

  bool any(Scalar& value, int depth) {
    const char ch = peek();
    if (ch == '"') {
      value.kind = Scalar::Kind::kString;
      return string(value.text);
    }
    if (ch == '{') {
      value.kind = Scalar::Kind::kNested;
      return object(nullptr, depth + 1);
    }
    if (ch == '[') {
      value.kind = Scalar::Kind::kNested;
      return array(depth + 1);
    }
    for (const char* literal : {"true", "false", "null"}) {
      std::string_view word(literal);
      if (text_.substr(pos_, word.size()) == word) {
        value.kind = word == "null" ? Scalar::Kind::kNull : Scalar::Kind::kBool;
        value.text = word;
        pos_ += word.size();
        return true;
      }
    }
    return number(value);
  }

  bool array(int depth) {
    if (depth > 64) return fail("nesting deeper than 64 levels");
    ++pos_;
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_space();
      Scalar ignored;
      if (!any(ignored, depth)) return false;
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      return expect(']');
    }
  }

  bool number(Scalar& value) {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (!digits()) return fail("expected a value");
    if (peek() == '.') {
      ++pos_;
      if (!digits()) return fail("expected digits after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) return fail("expected digits in the exponent");
    }
    value.kind = Scalar::Kind::kNumber;
    value.text.assign(text_.substr(start, pos_ - start));
    return true;
  }

  bool hex4(std::uint32_t& out) {
    if (pos_ + 4 > text_.size()) return fail("truncated \\u escape");
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const char ch = text_[pos_++];
      out <<= 4;
      if (ch >= '0' && ch <= '9')
        out |= static_cast<std::uint32_t>(ch - '0');
      else if (ch >= 'a' && ch <= 'f')
        out |= static_cast<std::uint32_t>(ch - 'a' + 10);
      else if (ch >= 'A' && ch <= 'F')
        out |= static_cast<std::uint32_t>(ch - 'A' + 10);
      else
        return fail("bad hex digit in \\u escape");
    }
    return true;
  }

  static bool is_plain(char ch) { return ch != '"' && ch != '\\' && static_cast<unsigned char>(ch) >= 0x20; }

  // The end of the run of plain characters from `at`. Sixteen bytes at a time
  // where SSE2 is there (article text in JSON Lines is runs of some seventy
  // bytes between "\n" escapes), else eight: a word holds none of '"', '\\'
  // or a control character when no byte of it equals 0x22 or 0x5C and none is
  // below 0x20 (the usual zero-byte tests).
  [[nodiscard]] std::size_t plain_run_end(std::size_t at) const {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), last_control = _mm_set1_epi8(0x1F);
    while (at + 16 <= text_.size()) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text_.data() + at));
      // max(b, 0x1F) == 0x1F exactly for the bytes up to 0x1F, compared unsigned.
      const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, last_control), last_control);
      const __m128i special =
          _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
      const auto stops = static_cast<unsigned>(_mm_movemask_epi8(special));
      if (stops != 0) return at + static_cast<std::size_t>(__builtin_ctz(stops));
      at += 16;
    }
#else
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    auto has_zero_byte = [](std::uint64_t word) { return ((word - kOnes) & ~word & kHighs) != 0; };
    for (std::uint64_t word = 0; at + sizeof word <= text_.size(); at += sizeof word) {
      std::memcpy(&word, text_.data() + at, sizeof word);
      // A byte below 0x20 (high bit clear) has a zero in its three top bits.
      const bool control = ((word - kOnes * 0x20) & ~word & kHighs) != 0;
      if (control || has_zero_byte(word ^ (kOnes * '"')) || has_zero_byte(word ^ (kOnes * '\\'))) break;
    }
#endif
    while (at < text_.size() && is_plain(text_[at])) ++at;
    return at;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= text_.size()) return fail("unterminated string");
      const char ch = text_[pos_];
      if (ch == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(ch) < 0x20) return fail("control character inside a string");
      if (ch != '\\') {
        // Article text is long runs of plain characters: appended a run at a time.
        const std::size_t run_end = plain_run_end(pos_ + 1);
        out.append(text_.substr(pos_, run_end - pos_));
        pos_ = run_end;
        continue;
      }
      // An escape: the string is built piece by piece from here, into room
      // for the rest of the line at most, taken once.
      if (out.capacity() - out.size() < text_.size() - pos_) out.reserve(out.size() + (text_.size() - pos_));
      ++pos_;
      const char escape = peek();
      ++pos_;
      switch (escape) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
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
          std::uint32_t c = 0;
          if (!hex4(c)) return false;
          if (c >= 0xD800 && c <= 0xDBFF) {
            std::uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u") return fail("unpaired surrogate in \\u escape");
            pos_ += 2;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail("unpaired surrogate in \\u escape");
            c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
          } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return fail("unpaired surrogate in \\u escape");
          }
          append_utf8(out, c);
          break;
        }
        default:
          --pos_;
          return fail("unknown escape in string");
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

const Scalar* find_member(const std::vector<Member>& members, std::string_view key) {
  for (auto member = members.rbegin(); member != members.rend(); ++member)
    if (member->key == key) return &member->value;
  return nullptr;
}

Scalar* find_member(std::vector<Member>& members, std::string_view key) {
  return const_cast<Scalar*>(find_member(std::as_const(members), key));
}

bool parse_object(std::string_view text, std::vector<Member>& members, ParseError& error) {
  members.clear();
  Parser parser(text);
  const bool ok = parser.object(&members, 0) && parser.finish();
  if (!ok) error = parser.error;
  return ok;
}

}  // namespace kgrep::json
