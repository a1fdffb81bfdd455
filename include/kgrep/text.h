// kgrep text stage: normalisation, tokens and sentences.
//
// Sits between loading and matching. `normalize` produces the text every later
// stage reads (NFKC, typographic quotes/apostrophes/dashes folded to ASCII,
// invisible characters dropped) together with a map from each normalised byte
// back to the original bytes, so spans found later can be reported in the
// original document. All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kgrep/core.h"

namespace kgrep {

struct NormalizedText {
  std::string text;
  // origin[i] is the original byte offset of normalised byte i; origin has
  // text.size() + 1 entries, the last one being the original length. Both
  // maps are empty when every byte is where it was (an ASCII original).
  std::vector<std::uint32_t> origin;
  // origin_end[i] is the original end offset of the character that produced
  // normalised byte i, so a span never takes in characters dropped after it.
  std::vector<std::uint32_t> origin_end;

  // Maps a half-open span of `text` to the half-open span of original bytes
  // that produced it.
  [[nodiscard]] Span to_original(Span normalized) const;
};

// Normalises valid UTF-8 (see the stage comment). Combining sequences are
// composed; a character that expands ("ﬁ" -> "fi") maps every output byte to
// the start of its source character.
NormalizedText normalize(std::string_view original);
// The same into `result`, whose buffers are reused: a thread that reads
// document after document allocates them once.
void normalize_into(std::string_view original, NormalizedText& result);

// Returns true when `text` is well-formed UTF-8 (no overlongs, surrogates or
// truncated sequences); otherwise stores the offset of the first bad byte.
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

// Case-folds and strips diacritics: "Tülu" -> "tulu", "ÉCOLE" -> "ecole".
std::string fold(std::string_view text);

// Word tokens for the gazetteer. A token is a maximal run of letters, marks and
// digits (an ideograph or kana is a token of its own), or any single other
// non-space character. `space_before` records whether white space separated it
// from the previous token, so "Z.ai" never matches "Z. ai".
struct Token {
  Span span;                // in the normalised text
  std::string_view folded;  // fold() of the token text, held by the FoldedText it was made with
  std::uint64_t hash = 0;   // token_hash(folded)
  bool space_before = false;
  bool is_word = false;
};

// Where tokens' folded texts live, so that a token owns no string: the text
// with ASCII letters lower-cased byte for byte (ASCII tokens are views into
// it, at their own offsets) and the folded forms of the other tokens. A move
// keeps the views valid; a copy would not, so there is none.
struct FoldedText {
  std::vector<char> lowered;
  std::vector<char> others;

  FoldedText() = default;
  FoldedText(FoldedText&&) = default;
  FoldedText& operator=(FoldedText&&) = default;
  FoldedText(const FoldedText&) = delete;
  FoldedText& operator=(const FoldedText&) = delete;
  ~FoldedText() = default;
};

struct TokenizedText {
  FoldedText folds;
  std::vector<Token> tokens;
};
TokenizedText tokenize(std::string_view normalized);
// A hash of a folded token for the gazetteer's tables (not a fingerprint:
// equal hashes are compared as text where it matters).
std::uint64_t token_hash(std::string_view folded);
// The same into `tokens` and `folds`, whose buffers are reused.
void tokenize_into(std::string_view normalized, std::vector<Token>& tokens, FoldedText& folds);

// Sentence spans of the normalised text (ICU sentence rules with the standard
// abbreviation suppressions), trimmed of surrounding white space, in order.
// A line break always ends a sentence.
std::vector<Span> split_sentences(std::string_view normalized);

// A document ready for matching: normalised text, its tokens and sentences.
struct AnalyzedText {
  NormalizedText normalized;
  FoldedText folds;  // what the tokens' folded texts point into
  std::vector<Token> tokens;
  std::vector<Span> sentences;
};
AnalyzedText analyze(std::string_view original);

}  // namespace kgrep
