#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// token_hash() a byte or a word at a time: eight bytes make a word,
// little-endian whatever the machine, each multiplied in; a last part word
// is mixed in differently.
class TokenHasher {
 public:
  explicit TokenHasher(std::size_t length) : hash_(0x9e3779b97f4a7c15ull ^ length) {}
  void add(char ch) {
    word_ |= std::uint64_t{static_cast<unsigned char>(ch)} << shift_;
    shift_ += 8;
    if (shift_ == 64) {
      add_word(word_);
      word_ = 0;
      shift_ = 0;
    }
  }
  void add_word(std::uint64_t word) {
    hash_ = (hash_ ^ word) * 0xff51afd7ed558ccdull;
    hash_ ^= hash_ >> 32;
  }
  // `tail`: the last one to seven bytes, in the low bytes of a word.
  std::uint64_t finish_with_tail(std::uint64_t tail) {
    hash_ = (hash_ ^ tail) * 0xc4ceb9fe1a85ec53ull;
    hash_ ^= hash_ >> 29;
    return hash_;
  }
  std::uint64_t finish() { return shift_ != 0 ? finish_with_tail(word_) : hash_; }

 private:
  std::uint64_t hash_;
  std::uint64_t word_ = 0;
  unsigned shift_ = 0;
};

// The end of the run of ASCII letters and digits from `at`. Sixteen bytes
// are classified at once where SSE2 is there: a word then ends without a
// branch a byte, whose last one is mispredicted for every token.
std::size_t ascii_word_end(std::string_view text, std::size_t at) {
#if defined(__SSE2__)
  const __m128i fold_case = _mm_set1_epi8(0x20);
  const __m128i before_a = _mm_set1_epi8('a' - 1), after_z = _mm_set1_epi8('z' + 1);
  const __m128i before_0 = _mm_set1_epi8('0' - 1), after_9 = _mm_set1_epi8('9' + 1);
  while (at + 16 <= text.size()) {
    // Bytes from 0x80 on compare as negative: neither letters nor digits.
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    const __m128i lower = _mm_or_si128(bytes, fold_case);
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, before_a), _mm_cmplt_epi8(lower, after_z));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(bytes, before_0), _mm_cmplt_epi8(bytes, after_9));
    const auto others = static_cast<unsigned>(~_mm_movemask_epi8(_mm_or_si128(letter, digit))) & 0xFFFFu;
    if (others != 0) return at + static_cast<std::size_t>(__builtin_ctz(others));
    at += 16;
  }
#endif
  while (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80 &&
         kAsciiClass[static_cast<unsigned char>(text[at])] == CharClass::kWord)
    ++at;
  return at;
}

// The text with ASCII capitals lowered, byte for byte, and sixteen bytes to
// spare at the end, so that the hash of a short token can read sixteen bytes
// from its start.
void lower_ascii(std::string_view text, std::vector<char>& lowered) {
  lowered.resize(text.size() + 16);
  char* out = lowered.data();
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1), to_lower = _mm_set1_epi8(0x20);
  for (; k + 16 <= text.size(); k += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + k));
    const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(bytes, before_a), _mm_cmplt_epi8(bytes, after_z));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), _mm_add_epi8(bytes, _mm_and_si128(upper, to_lower)));
  }
#endif
  for (; k < text.size(); ++k) {
    const char ch = text[k];
    out[k] = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
  }
}

// token_hash() of an ASCII token already lowered, read a word at a time
// (`folded` has at least sixteen readable bytes, see lower_ascii).
std::uint64_t hash_lowered(const char* folded, std::size_t length) {
  static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big);
  auto word_at = [&](std::size_t offset) {
    std::uint64_t word = 0;
    std::memcpy(&word, folded + offset, sizeof word);
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    return word;
  };
  TokenHasher hasher(length);
  const std::size_t whole_words = length / 8;
  for (std::size_t k = 0; k < whole_words; ++k) hasher.add_word(word_at(8 * k));
  const std::size_t tail = length % 8;
  if (tail == 0) return hasher.finish();
  return hasher.finish_with_tail(word_at(8 * whole_words) & ((std::uint64_t{1} << (8 * tail)) - 1));
}

}  // namespace

std::uint64_t token_hash(std::string_view folded) {
  TokenHasher hasher(folded.size());
  for (char ch : folded) hasher.add(ch);
  return hasher.finish();
}

TokenizedText tokenize(std::string_view normalized) {
  TokenizedText result;
  tokenize_into(normalized, result.tokens, result.folds);
  return result;
}

void tokenize_into(std::string_view normalized, std::vector<Token>& tokens, FoldedText& folds) {
  tokens.clear();
  tokens.reserve(normalized.size() / 5 + 1);
  lower_ascii(normalized, folds.lowered);
  folds.others.clear();
  // Tokens outside ASCII get their views once `others` has stopped growing.
  struct OtherFold {
    std::size_t token, offset, length;
  };
  thread_local std::vector<OtherFold> other_folds;
  other_folds.clear();
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
      if (ascii) i = ascii_word_end(normalized, i);
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
      // fold() of ASCII is lower case: the lowered text at the token's place.
      const char* folded = folds.lowered.data() + start;
      token.folded = std::string_view(folded, i - start);
      token.hash = hash_lowered(folded, i - start);
    } else {
      const std::string folded = fold(normalized.substr(start, i - start));
      token.hash = token_hash(folded);
      other_folds.push_back(OtherFold{tokens.size() - 1, folds.others.size(), folded.size()});
      folds.others.insert(folds.others.end(), folded.begin(), folded.end());
    }
    token.space_before = space_before;
    token.is_word = kind != CharClass::kOther;
    space_before = false;
  }
  for (const OtherFold& other : other_folds)
    tokens[other.token].folded = std::string_view(folds.others.data() + other.offset, other.length);
}

}  // namespace kgrep
