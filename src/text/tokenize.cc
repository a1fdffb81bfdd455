#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>

#include "kgrep/text.h"
#include "text/utf8.h"

namespace kgrep {

namespace {

enum class CharClass { kSpace, kWord, kStandalone, kOther };

constexpr CharClass ascii_class(char32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return CharClass::kSpace;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return CharClass::kWord;
  return CharClass::kOther;
}

CharClass classify(char32_t c) {
  if (c < 0x80) return ascii_class(c);
  const auto cp = static_cast<UChar32>(c);
  if (u_isUWhiteSpace(cp)) return CharClass::kSpace;
  // Scripts written without spaces: every ideograph or kana stands alone, so a
  // name in them can still be found inside a run of text.
  if (u_hasBinaryProperty(cp, UCHAR_IDEOGRAPHIC)) return CharClass::kStandalone;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(cp, &status);
  if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_THAI) {
    return CharClass::kStandalone;
  }
  const auto mask = u_getIntPropertyValue(cp, UCHAR_GENERAL_CATEGORY_MASK);
  if (mask & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) return CharClass::kWord;
  return CharClass::kOther;
}

constexpr std::array<CharClass, 128> kAsciiClass = [] {
  std::array<CharClass, 128> table{};
  for (char32_t c = 0; c < 128; ++c) table[c] = ascii_class(c);
  return table;
}();

// token_hash() a byte at a time: eight bytes make a word, little-endian
// whatever the machine, and each word is multiplied in.
class TokenHasher {
 public:
  explicit TokenHasher(std::size_t length) : hash_(0x9e3779b97f4a7c15ull ^ length) {}
  void add(char ch) {
    word_ |= std::uint64_t{static_cast<unsigned char>(ch)} << shift_;
    shift_ += 8;
    if (shift_ == 64) {
      hash_ = (hash_ ^ word_) * 0xff51afd7ed558ccdull;
      hash_ ^= hash_ >> 32;
      word_ = 0;
      shift_ = 0;
    }
  }
  std::uint64_t finish() {
    if (shift_ != 0) {
      hash_ = (hash_ ^ word_) * 0xc4ceb9fe1a85ec53ull;
      hash_ ^= hash_ >> 29;
    }
    return hash_;
  }

 private:
  std::uint64_t hash_;
  std::uint64_t word_ = 0;
  unsigned shift_ = 0;
};

}  // namespace

std::uint64_t token_hash(std::string_view folded) {
  TokenHasher hasher(folded.size());
  for (char ch : folded) hasher.add(ch);
  return hasher.finish();
}

std::vector<Token> tokenize(std::string_view normalized) {
  std::vector<Token> tokens;
  tokenize_into(normalized, tokens);
  return tokens;
}

void tokenize_into(std::string_view normalized, std::vector<Token>& tokens) {
  tokens.clear();
  tokens.reserve(normalized.size() / 5 + 1);
  bool space_before = true;
  std::size_t i = 0;
  const std::size_t n = normalized.size();
  while (i < n) {
    const std::size_t start = i;
    const auto lead = static_cast<unsigned char>(normalized[i]);
    const CharClass kind = lead < 0x80 ? kAsciiClass[lead] : classify(utf8::decode(normalized, i));
    if (lead < 0x80) ++i;
    if (kind == CharClass::kSpace) {
      space_before = true;
      continue;
    }
    bool ascii = lead < 0x80;
    if (kind == CharClass::kWord) {
      while (i < n) {
        const auto next_lead = static_cast<unsigned char>(normalized[i]);
        if (next_lead < 0x80) {
          if (kAsciiClass[next_lead] != CharClass::kWord) break;
          ++i;
          continue;
        }
        std::size_t next = i;
        if (classify(utf8::decode(normalized, next)) != CharClass::kWord) break;
        ascii = false;
        i = next;
      }
    }
    Token& token = tokens.emplace_back();
    token.span = Span{start, i};
    if (ascii) {
      // fold() of ASCII is lower case; done here without its scan and copy,
      // and token_hash() in the same pass.
      const std::size_t length = i - start;
      token.folded.resize(length);
      char* folded = token.folded.data();
      TokenHasher hasher(length);
      for (std::size_t k = 0; k < length; ++k) {
        char ch = normalized[start + k];
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        folded[k] = ch;
        hasher.add(ch);
      }
      token.hash = hasher.finish();
    } else {
      token.folded = fold(normalized.substr(start, i - start));
      token.hash = token_hash(token.folded);
    }
    token.space_before = space_before;
    token.is_word = kind != CharClass::kOther;
    space_before = false;
  }
}

}  // namespace kgrep
