#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kgrep/text.h"
#include "text/utf8.h"

namespace kgrep {

namespace {

// Typographic characters that news text uses interchangeably with ASCII ones.
// Returns nullptr for "keep", "" for "drop".
const char* typographic_replacement(char32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x00B4:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return "-";
    case 0x00A0:
    case 0x2007:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return " ";
    case 0x00AD:
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
      return "";
    default:
      return nullptr;
  }
}

const icu::Normalizer2& nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* instance = icu::Normalizer2::getNFKCInstance(status);
  return *instance;
}

const icu::Normalizer2& nfkd() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* instance = icu::Normalizer2::getNFKDInstance(status);
  return *instance;
}

icu::UnicodeString to_unicode(std::string_view text) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

// The first byte from `at` on that is not ASCII (or the end), eight bytes at
// a time: a word is all ASCII when no byte has its high bit set.
std::size_t ascii_run_end(std::string_view text, std::size_t at) {
  for (std::uint64_t word = 0; at + sizeof word <= text.size(); at += sizeof word) {
    std::memcpy(&word, text.data() + at, sizeof word);
    if ((word & 0x8080808080808080ull) != 0) break;
  }
  while (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80) ++at;
  return at;
}

#if defined(__SSE2__)
// Sixteen ASCII bytes (so a signed compare is right) with C0 controls other
// than tab, LF and CR made spaces.
__m128i controls_blanked(__m128i bytes) {
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t'), line_feed = _mm_set1_epi8('\n'), carriage_return = _mm_set1_epi8('\r');
  const __m128i kept = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, tab), _mm_cmpeq_epi8(bytes, line_feed)),
                                    _mm_cmpeq_epi8(bytes, carriage_return));
  const __m128i blanked = _mm_andnot_si128(kept, _mm_cmplt_epi8(bytes, space));
  return _mm_or_si128(_mm_andnot_si128(blanked, bytes), _mm_and_si128(blanked, space));
}
#endif

// Sets `out` to `original` with C0 controls other than tab, LF and CR made
// spaces (see append_ascii), in one pass, if `original` is all ASCII; returns
// false at its first byte outside ASCII, `out` then holding a part of it.
bool copy_if_ascii(std::string_view original, std::string& out) {
  out.resize(original.size());
  std::size_t at = 0;
#if defined(__SSE2__)
  for (; at + 16 <= original.size(); at += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(original.data() + at));
    if (_mm_movemask_epi8(bytes) != 0) return false;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out.data() + at), controls_blanked(bytes));
  }
#endif
  for (; at < original.size(); ++at) {
    const char ch = original[at];
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
    out[at] = static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? ' ' : ch;
  }
  return true;
}

// Appends original[begin, end), all ASCII, with its identity offset map.
// C0 controls other than tab, LF and CR become spaces: they carry no text, and
// \x01/\x02 delimit placeholders in relation templates.
void append_ascii(std::string_view original, std::size_t begin, std::size_t end, NormalizedText& result) {
  const std::size_t at = result.text.size();
  result.text.append(original.substr(begin, end - begin));
  std::size_t next = at;
#if defined(__SSE2__)
  for (; next + 16 <= result.text.size(); next += 16) {
    auto* block = reinterpret_cast<__m128i*>(result.text.data() + next);
    _mm_storeu_si128(block, controls_blanked(_mm_loadu_si128(block)));
  }
#endif
  for (; next < result.text.size(); ++next) {
    const char ch = result.text[next];
    if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') result.text[next] = ' ';
  }
  result.origin.resize(result.text.size());
  result.origin_end.resize(result.text.size());
  for (std::size_t k = 0; k < end - begin; ++k) {
    result.origin[at + k] = static_cast<std::uint32_t>(begin + k);
    result.origin_end[at + k] = static_cast<std::uint32_t>(begin + k + 1);
  }
}

}  // namespace

Span NormalizedText::to_original(Span normalized) const {
  if (origin.empty()) return normalized;  // every byte is where it was
  if (normalized.begin >= normalized.end) return Span{origin[normalized.begin], origin[normalized.begin]};
  return Span{origin[normalized.begin], origin_end[normalized.end - 1]};
}

bool is_valid_utf8(std::string_view text, std::size_t* bad_offset) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    i = ascii_run_end(text, i);
    if (i >= n) break;
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    char32_t min = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      min = 0x10000;
    }
    bool ok = length > 0 && i + length <= n;
    char32_t c = lead & (0x7F >> length);
    for (std::size_t k = 1; ok && k < length; ++k) {
      ok = (byte(i + k) & 0xC0) == 0x80;
      c = (c << 6) | (byte(i + k) & 0x3F);
    }
    ok = ok && c >= min && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
    if (!ok) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += length;
  }
  return true;
}

NormalizedText normalize(std::string_view original) {
  NormalizedText result;
  normalize_into(original, result);
  return result;
}

void normalize_into(std::string_view original, NormalizedText& result) {
  result.text.clear();
  result.origin.clear();
  result.origin_end.clear();
  // Most news is ASCII: then the text keeps every byte where it was (a
  // control character becomes one space) and needs no offset map.
  if (copy_if_ascii(original, result.text)) return;
  result.text.clear();
  result.text.reserve(original.size());
  result.origin.reserve(original.size() + 1);
  result.origin_end.reserve(original.size());
  auto emit = [&](std::string_view bytes, std::size_t source, std::size_t source_end) {
    result.text.append(bytes);
    result.origin.insert(result.origin.end(), bytes.size(), static_cast<std::uint32_t>(source));
    result.origin_end.insert(result.origin_end.end(), bytes.size(), static_cast<std::uint32_t>(source_end));
  };
  auto next_is_combining = [&](std::size_t at) {
    if (at >= original.size() || static_cast<unsigned char>(original[at]) < 0x80) return false;
    std::size_t next = at;
    return u_getCombiningClass(static_cast<UChar32>(utf8::decode(original, next))) != 0;
  };

  std::size_t i = 0;
  while (i < original.size()) {
    // Most news is ASCII: a run of it is copied in bulk. Its last byte is left
    // to the loop below when non-ASCII follows, which may be a combining mark.
    std::size_t run = ascii_run_end(original, i);
    if (run < original.size() && run > i) --run;
    if (run > i) {
      append_ascii(original, i, run, result);
      i = run;
      if (i >= original.size()) break;
    }
    if (static_cast<unsigned char>(original[i]) < 0x80 && !next_is_combining(i + 1)) {
      // C0 controls other than tab, LF and CR become spaces: they carry no text,
      // and \x01/\x02 delimit placeholders in relation templates.
      const char ch = original[i];
      const bool control = static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r';
      result.text += control ? ' ' : ch;
      result.origin.push_back(static_cast<std::uint32_t>(i));
      result.origin_end.push_back(static_cast<std::uint32_t>(i + 1));
      ++i;
      continue;
    }
    const std::size_t start = i;
    const char32_t c = utf8::decode(original, i);
    if (const char* replacement = typographic_replacement(c)) {
      emit(replacement, start, i);
      continue;
    }
    // Extend over combining marks so that NFKC can compose "e" + U+0301.
    std::size_t end = i;
    while (end < original.size()) {
      std::size_t next = end;
      const char32_t mark = utf8::decode(original, next);
      if (u_getCombiningClass(static_cast<UChar32>(mark)) == 0) break;
      end = next;
    }
    i = end;
    std::string_view cluster = original.substr(start, end - start);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString unicode = to_unicode(cluster);
    if (nfkc().isNormalized(unicode, status) && U_SUCCESS(status)) {
      emit(cluster, start, end);
      continue;
    }
    status = U_ZERO_ERROR;
    icu::UnicodeString composed = nfkc().normalize(unicode, status);
    std::string bytes;
    if (U_SUCCESS(status)) {
      composed.toUTF8String(bytes);
    } else {
      bytes.assign(cluster);
    }
    emit(bytes, start, end);
  }
  result.origin.push_back(static_cast<std::uint32_t>(original.size()));
}

std::string fold(std::string_view text) {
  bool ascii = true;
  for (char ch : text) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
  std::string out;
  if (ascii) {
    out.reserve(text.size());
    for (char ch : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString unicode = nfkd().normalize(to_unicode(text), status);
  icu::UnicodeString stripped;
  for (int32_t k = 0; k < unicode.length();) {
    UChar32 c = unicode.char32At(k);
    k += U16_LENGTH(c);
    if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK) continue;
    stripped.append(c);
  }
  stripped.foldCase();
  stripped.toUTF8String(out);
  return out;
}

AnalyzedText analyze(std::string_view original) {
  AnalyzedText analyzed;
  analyzed.normalized = normalize(original);
  tokenize_into(analyzed.normalized.text, analyzed.tokens, analyzed.folds);
  analyzed.sentences = split_sentences(analyzed.normalized.text);
  return analyzed;
}

}  // namespace kgrep
