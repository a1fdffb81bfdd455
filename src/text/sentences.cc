#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kgrep/text.h"

namespace kgrep {

namespace {

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

// ICU break iterators are expensive to create and not thread-safe, so each
// thread keeps its own clone of one prototype.
icu::BreakIterator* thread_sentence_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    // "ss=standard" suppresses breaks after common abbreviations ("Mr.", "U.S.").
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      created.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    }
    return created;
  }();
  return iterator.get();
}

void push_trimmed(std::string_view text, std::size_t begin, std::size_t end, std::vector<Span>& out) {
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  if (begin < end) out.push_back(Span{begin, end});
}

// The first byte from `at` on that is_one_sentence must look at: a
// terminator, a CR or a non-ASCII byte (or the end). Sixteen bytes at a time
// where SSE2 is there: lines are mostly letters and spaces.
std::size_t next_notable(std::string_view line, std::size_t at) {
#if defined(__SSE2__)
  const __m128i full_stop = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), question = _mm_set1_epi8('?');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  for (; at + 16 <= line.size(); at += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + at));
    const __m128i terminator =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, full_stop), _mm_cmpeq_epi8(bytes, bang)),
                     _mm_or_si128(_mm_cmpeq_epi8(bytes, question), _mm_cmpeq_epi8(bytes, carriage_return)));
    // movemask of the bytes themselves: their high bits, i.e. non-ASCII.
    const auto notable = static_cast<unsigned>(_mm_movemask_epi8(terminator) | _mm_movemask_epi8(bytes));
    if (notable != 0) return at + static_cast<std::size_t>(__builtin_ctz(notable));
  }
#endif
  while (at < line.size()) {
    const char ch = line[at];
    if (static_cast<unsigned char>(ch) >= 0x80 || ch == '\r' || ch == '.' || ch == '!' || ch == '?') break;
    ++at;
  }
  return at;
}

// Whether ICU's sentence rules (UAX #29) can put no break inside `line`, so
// that the line, trimmed, is one sentence; decided for ASCII without ICU. A
// break can only follow a terminator ('.', '!', '?') and the closing
// punctuation and spaces after it. None can follow a full stop directly
// followed by a digit (rule SB6), a lower-case letter (SB8), a comma, colon,
// hyphen or another terminator (SB8a; a semicolon is no SContinue in ICU 72:
// "Va.; Ala." breaks after "Va."); nor a terminator whose
// closing run reaches the end of the line, whose only break is the line's end.
// Anything else (a full stop before a space or a capital, '!' or '?' inside
// the line, a CR, any non-ASCII character) is left to ICU, which also knows
// the abbreviations ("Mr.", "U.S.") that suppress a break.
bool is_one_sentence(std::string_view line) {
  auto is_terminator = [](char ch) { return ch == '.' || ch == '!' || ch == '?'; };
  auto is_close = [](char ch) {
    return ch == '"' || ch == '\'' || ch == '(' || ch == ')' || ch == '[' || ch == ']' || ch == '{' || ch == '}';
  };
  std::size_t end = line.size();
  while (end > 0 && is_space(line[end - 1])) --end;
  std::size_t final_run = end;
  while (final_run > 0 && (is_terminator(line[final_run - 1]) || is_close(line[final_run - 1]))) --final_run;
  for (std::size_t k = next_notable(line, 0); k < line.size(); k = next_notable(line, k + 1)) {
    const char ch = line[k];
    if (static_cast<unsigned char>(ch) >= 0x80 || ch == '\r') return false;
    if (!is_terminator(ch) || k >= final_run) continue;
    const char next = line[k + 1];  // k < final_run <= size - 1
    const bool held = ch == '.' && ((next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') || next == ',' ||
                                    next == ':' || next == '-');
    if (!held && !is_terminator(next)) return false;
  }
  return true;
}

}  // namespace

std::vector<Span> split_sentences(std::string_view normalized) {
  std::vector<Span> sentences;
  icu::BreakIterator* iterator = thread_sentence_iterator();
  // ICU treats a single line break inside a paragraph as a hard break already;
  // we split on line breaks ourselves so that bullet lists and headlines never
  // run into the next sentence whatever ICU's rules say.
  std::size_t line_start = 0;
  while (line_start <= normalized.size()) {
    std::size_t line_end = normalized.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = normalized.size();
    std::string_view line = normalized.substr(line_start, line_end - line_start);
    if (iterator == nullptr || is_one_sentence(line)) {
      push_trimmed(normalized, line_start, line_end, sentences);
    } else if (!line.empty()) {
      UErrorCode status = U_ZERO_ERROR;
      UText local = UTEXT_INITIALIZER;
      UText* utext = utext_openUTF8(&local, line.data(), static_cast<int64_t>(line.size()), &status);
      iterator->setText(utext, status);
      int32_t begin = iterator->first();
      for (int32_t end = iterator->next(); end != icu::BreakIterator::DONE; end = iterator->next()) {
        push_trimmed(normalized, line_start + static_cast<std::size_t>(begin),
                     line_start + static_cast<std::size_t>(end), sentences);
        begin = end;
      }
      utext_close(utext);
    }
    line_start = line_end + 1;
  }
  return sentences;
}

}  // namespace kgrep
