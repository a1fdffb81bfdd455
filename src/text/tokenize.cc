#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "kgrep/text.h"
#include "text/utf8.h"

namespace kgrep {

namespace {

enum class CharClass { kSpace, kWord, kStandalone, kOther };

CharClass classify(char32_t c) {
  if (c < 0x80) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return CharClass::kSpace;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return CharClass::kWord;
    return CharClass::kOther;
  }
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

}  // namespace

std::vector<Token> tokenize(std::string_view normalized) {
  std::vector<Token> tokens;
  tokens.reserve(normalized.size() / 5 + 1);
  bool space_before = true;
  std::size_t i = 0;
  while (i < normalized.size()) {
    const std::size_t start = i;
    const CharClass kind = classify(utf8::decode(normalized, i));
    if (kind == CharClass::kSpace) {
      space_before = true;
      continue;
    }
    if (kind == CharClass::kWord) {
      while (i < normalized.size()) {
        std::size_t next = i;
        if (classify(utf8::decode(normalized, next)) != CharClass::kWord) break;
        i = next;
      }
    }
    Token token;
    token.span = Span{start, i};
    token.folded = fold(normalized.substr(start, i - start));
    token.space_before = space_before;
    token.is_word = kind != CharClass::kOther;
    tokens.push_back(std::move(token));
    space_before = false;
  }
  return tokens;
}

}  // namespace kgrep
