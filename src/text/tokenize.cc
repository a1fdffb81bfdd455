#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kgrep/text.h"
#include "text/tokenize_detail.h"
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

#if defined(__SSE2__)
// What 64 bytes of ASCII text are, a bit a byte (bit k: byte k): letters and
// digits, and white space as ascii_class() has it.
struct BlockMasks {
  std::uint64_t word = 0;
  std::uint64_t space = 0;
};

BlockMasks block_masks(const char* bytes) {
  const __m128i fold_case = _mm_set1_epi8(0x20);
  const __m128i before_a = _mm_set1_epi8('a' - 1), after_z = _mm_set1_epi8('z' + 1);
  const __m128i before_0 = _mm_set1_epi8('0' - 1), after_9 = _mm_set1_epi8('9' + 1);
  const __m128i blank = _mm_set1_epi8(' '), before_tab = _mm_set1_epi8('\t' - 1), after_cr = _mm_set1_epi8('\r' + 1);
  BlockMasks masks;
  for (int part = 0; part < 4; ++part) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * part));
    const __m128i lower = _mm_or_si128(chunk, fold_case);
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, before_a), _mm_cmplt_epi8(lower, after_z));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(chunk, before_0), _mm_cmplt_epi8(chunk, after_9));
    const __m128i space = _mm_or_si128(_mm_cmpeq_epi8(chunk, blank), _mm_and_si128(_mm_cmpgt_epi8(chunk, before_tab),
                                                                                   _mm_cmplt_epi8(chunk, after_cr)));
    masks.word |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit)))}
                  << (16 * part);
    masks.space |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(space))} << (16 * part);
  }
  return masks;
}

// Where the next byte outside ASCII is at or after `at` (text.size() if none).
std::size_t next_non_ascii(std::string_view text, std::size_t at) {
  while (at + 16 <= text.size()) {
    const auto high =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at))));
    if (high != 0) return at + static_cast<std::size_t>(__builtin_ctz(high));
    at += 16;
  }
  while (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80) ++at;
  return at;
}
#endif

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

namespace text_detail {

void tokenize_into(std::string_view normalized, std::vector<Token>& tokens, FoldedText& folds, bool by_blocks) {
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
  const std::size_t n = normalized.size();
  const char* lowered = folds.lowered.data();
  // The common case, kept small enough to be inlined in the loops.
  auto add_ascii_token = [&](std::size_t start, std::size_t end, bool space_before, bool is_word) {
    // fold() of ASCII is lower case: the lowered text at the token's place.
    const char* folded = lowered + start;
    tokens.push_back(Token{Span{start, end}, std::string_view(folded, end - start), hash_lowered(folded, end - start),
                           space_before, is_word});
  };
  auto add_token = [&](std::size_t start, std::size_t end, bool ascii, bool space_before, bool is_word) {
    if (ascii) {
      add_ascii_token(start, end, space_before, is_word);
      return;
    }
    const std::string folded = fold(normalized.substr(start, end - start));
    tokens.push_back(Token{Span{start, end}, {}, token_hash(folded), space_before, is_word});
    other_folds.push_back(OtherFold{tokens.size() - 1, folds.others.size(), folded.size()});
    folds.others.insert(folds.others.end(), folded.begin(), folded.end());
  };
  // The end of a word from `i` on (its first letter or digit before), and
  // whether it stayed within ASCII.
  auto word_end = [&](std::size_t i, bool& ascii) {
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
    return i;
  };
  bool space_before = true;
  std::size_t i = 0;
#if defined(__SSE2__)
  std::size_t non_ascii = by_blocks ? next_non_ascii(normalized, 0) : 0;
#else
  (void)by_blocks;
#endif
  while (i < n) {
#if defined(__SSE2__)
    // Sixty-four bytes of ASCII at once, from a token boundary: tokens start
    // at the set bits of words' first letters and of the other bytes.
    if (by_blocks && i + 64 <= n) {
      if (non_ascii < i) non_ascii = next_non_ascii(normalized, i);
      if (i + 64 <= non_ascii) {
        const BlockMasks masks = block_masks(normalized.data() + i);
        const std::uint64_t others = ~(masks.word | masks.space);
        std::uint64_t starts = (masks.word & ~(masks.word << 1)) | others;
        // A word reaching the block's last byte may run on past it: it is
        // taken out of the loop, whose words then all end inside the block.
        std::size_t carried = 64;
        if ((masks.word >> 63) != 0) {
          const std::uint64_t non_word = ~masks.word;
          carried = non_word == 0 ? 0 : static_cast<std::size_t>(64 - __builtin_clzll(non_word));
          starts &= ~(std::uint64_t{1} << carried);
        }
        // Bit k: white space just before byte k.
        const std::uint64_t spaced_before = masks.space << 1 | (space_before ? 1u : 0u);
        // No branch a token on whether it is a word or a mark: the answer
        // follows the text, and branching on it cost more than this.
        while (starts != 0) {
          const auto at = static_cast<std::size_t>(__builtin_ctzll(starts));
          starts &= starts - 1;
          const std::uint64_t other = (others >> at) & 1u;
          // A word's length is its run of word bytes; another byte's, one.
          const std::size_t length = static_cast<std::size_t>(__builtin_ctzll(~masks.word >> at)) + other;
          add_ascii_token(i + at, i + at + length, ((spaced_before >> at) & 1u) != 0, other == 0);
        }
        std::size_t block_end = i + 64;
        if (carried < 64) {
          // The word runs to the block's end and maybe on, outside ASCII too.
          bool ascii = true;
          block_end = word_end(i + 64, ascii);
          add_token(i + carried, block_end, ascii, ((spaced_before >> carried) & 1u) != 0, true);
        }
        space_before = block_end == i + 64 ? ((masks.space >> 63) & 1u) != 0 : false;
        i = block_end;
        continue;
      }
    }
#endif
    const std::size_t start = i;
    const auto lead = static_cast<unsigned char>(normalized[i]);
    const CharClass kind = lead < 0x80 ? kAsciiClass[lead] : classify(utf8::decode(normalized, i));
    if (lead < 0x80) ++i;
    if (kind == CharClass::kSpace) {
      space_before = true;
      continue;
    }
    bool ascii = lead < 0x80;
    if (kind == CharClass::kWord) i = word_end(i, ascii);
    add_token(start, i, ascii, space_before, kind != CharClass::kOther);
    space_before = false;
  }
  for (const OtherFold& other : other_folds)
    tokens[other.token].folded = std::string_view(folds.others.data() + other.offset, other.length);
}

}  // namespace text_detail

void tokenize_into(std::string_view normalized, std::vector<Token>& tokens, FoldedText& folds) {
  text_detail::tokenize_into(normalized, tokens, folds, true);
}

}  // namespace kgrep
