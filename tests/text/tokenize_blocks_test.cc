// tokenize() reads runs of 64 ASCII bytes by bit masks; one character at a
// time must give the very same tokens, wherever blocks start and end.
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "support/test_support.h"
#include "text/tokenize_detail.h"

namespace {

std::vector<std::string> described(const std::vector<kgrep::Token>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (const kgrep::Token& token : tokens) {
    out.push_back(std::to_string(token.span.begin) + "-" + std::to_string(token.span.end) + " [" +
                  std::string(token.folded) + "] " + std::to_string(token.hash) + (token.space_before ? " s" : "") +
                  (token.is_word ? " w" : ""));
  }
  return out;
}

void check_both_ways(const std::string& text) {
  std::vector<kgrep::Token> by_blocks, by_character;
  kgrep::FoldedText folds_by_blocks, folds_by_character;
  kgrep::text_detail::tokenize_into(text, by_blocks, folds_by_blocks, true);
  kgrep::text_detail::tokenize_into(text, by_character, folds_by_character, false);
  CHECK(described(by_blocks) == described(by_character));
}

}  // namespace

TEST_CASE("Tokens by blocks of ASCII are the tokens of one character at a time, on random texts", "[text]") {
  std::mt19937 random(11);
  // Letters, digits, every kind of white space, punctuation, control bytes
  // and characters outside ASCII (a letter, an ideograph, a space, a dash).
  const std::vector<std::string> pieces{
      "a", "Z", "q",    "7",    "0", " ", "\t", "\n", "\r",       "\f",           "\v",       ".",
      "'", "-", "\x01", "\x7F", "_", "@", "[",  "`",  "\xC3\xA9", "\xE4\xB8\xAD", "\xC2\xA0", "\xE2\x80\x94"};
  for (int round = 0; round < 3000; ++round) {
    const std::size_t length = random() % 3 == 0 ? random() % 400 : 60 + random() % 10;
    std::string text;
    // Mostly words and spaces, as in prose, so that blocks are read.
    while (text.size() < length) {
      const std::size_t pick = random() % 10 < 7 ? random() % 6 : random() % pieces.size();
      if (pick < 4 && random() % 2 == 0) text += std::string(1 + random() % 12, pieces[pick][0]);
      text += pieces[pick];
    }
    INFO("round " << round);
    check_both_ways(text);
  }
}

TEST_CASE("Tokens by blocks of ASCII are the tokens of one character at a time, on the sample documents", "[text]") {
  std::size_t documents = 0;
  kgrep::testing::read_sample_documents([&](kgrep::Document&& document) {
    INFO("document " << document.id);
    check_both_ways(kgrep::normalize(document.text).text);
    ++documents;
  });
  CHECK(documents > 60);
}

TEST_CASE("Tokens by blocks of ASCII around the block's last byte", "[text]") {
  // A word ending just before, at and after byte 63 of the first block, one
  // filling the block whole, one running on into a second block or into a
  // letter outside ASCII, and a mark or a space on the last byte.
  for (std::size_t word_end = 56; word_end <= 72; ++word_end) {
    for (const std::string_view after : {" x", ". Y", "\xC3\xA9t\xC3\xA9 z", ",", ""}) {
      for (const std::size_t word_start : {std::size_t{0}, std::size_t{50}, word_end - 1}) {
        std::string text(word_start, ' ');
        for (std::size_t k = 0; k + 1 < word_start; k += 7) text[k] = static_cast<char>('a' + k % 26);
        text += std::string(word_end - word_start, 'W');
        text += after;
        text += std::string(70, 'b');
        INFO("word [" << word_start << ", " << word_end << ") then '" << after << "'");
        check_both_ways(text);
      }
    }
  }
}
