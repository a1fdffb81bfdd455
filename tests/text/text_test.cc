// Tests of the text stage: normalisation with its offset map, UTF-8
// validation, folding, tokens (the word boundary rule) and sentences.
#include "kgrep/text.h"

#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

// Spans print as {begin, end} in failure messages.
namespace Catch {
template <>
struct StringMaker<kgrep::Span> {
  static std::string convert(const kgrep::Span& span) {
    // A stream, not operator+: GCC 12 gives a false -Wrestrict on chained
    // std::string concatenation at -O3 (GCC bug 105329).
    std::ostringstream out;
    out << '{' << span.begin << ", " << span.end << '}';
    return out.str();
  }
};
}  // namespace Catch

namespace {

std::string_view slice(std::string_view text, kgrep::Span span) { return text.substr(span.begin, span.size()); }

// Every normalised text must map each byte, plus the end, to an original byte.
void check_origin_shape(const kgrep::NormalizedText& normalized, std::string_view original) {
  if (normalized.origin.empty()) {  // the identity map, for ASCII only
    CHECK(normalized.origin_end.empty());
    CHECK(normalized.text.size() == original.size());
    for (unsigned char ch : original) REQUIRE(ch < 0x80);
    return;
  }
  REQUIRE(normalized.origin.size() == normalized.text.size() + 1);
  CHECK(normalized.origin.back() == original.size());
  for (std::size_t k = 1; k < normalized.origin.size(); ++k) CHECK(normalized.origin[k - 1] <= normalized.origin[k]);
}

}  // namespace

TEST_CASE("normalize folds typographic quotes, dashes and spaces to ASCII and drops soft hyphens", "[text]") {
  struct Case {
    std::string original;
    std::string normalized;
  };
  const auto c = GENERATE(values<Case>({
      {"Meta\u2019s plan", "Meta's plan"},
      {"\u2018Llama\u2019", "'Llama'"},
      {"\u201CHi\u201D", "\"Hi\""},
      {"2020\u20132021", "2020-2021"},
      {"OpenAI\u2014Microsoft", "OpenAI-Microsoft"},
      {"Mistral\u00A0AI", "Mistral AI"},
      {"Open\u00ADAI", "OpenAI"},
      {"plain ASCII text.", "plain ASCII text."},
  }));
  CAPTURE(c.original);
  const kgrep::NormalizedText normalized = kgrep::normalize(c.original);
  CHECK(normalized.text == c.normalized);
  check_origin_shape(normalized, c.original);
  // The whole normalised text comes from the whole original.
  CHECK(normalized.to_original({0, normalized.text.size()}) == kgrep::Span{0, c.original.size()});
}

TEST_CASE("to_original maps a span of normalised text to the exact original bytes", "[text]") {
  const std::string original = "Meta\u2019s plan";  // the apostrophe is 3 bytes
  const kgrep::NormalizedText normalized = kgrep::normalize(original);
  REQUIRE(normalized.text == "Meta's plan");
  const std::size_t at = normalized.text.find("Meta's");
  REQUIRE(at == 0);
  const kgrep::Span span = normalized.to_original({at, at + 6});
  CHECK(span == kgrep::Span{0, 8});
  CHECK(slice(original, span) == "Meta\u2019s");

  const kgrep::Span plan = normalized.to_original({7, 11});
  CHECK(plan == kgrep::Span{9, 13});
  CHECK(slice(original, plan) == "plan");
}

TEST_CASE("to_original maps text between folded quotes and across dropped soft hyphens", "[text]") {
  const std::string quoted = "\u201CHi\u201D";  // 3 + 2 + 3 bytes
  const kgrep::NormalizedText normalized_quoted = kgrep::normalize(quoted);
  CHECK(normalized_quoted.to_original({1, 3}) == kgrep::Span{3, 5});
  CHECK(slice(quoted, normalized_quoted.to_original({0, 4})) == quoted);

  const std::string hyphenated = "Join Open\u00ADAI now";  // soft hyphen is 2 bytes
  const kgrep::NormalizedText normalized = kgrep::normalize(hyphenated);
  REQUIRE(normalized.text == "Join OpenAI now");
  const kgrep::Span span = normalized.to_original({5, 11});
  CHECK(span == kgrep::Span{5, 13});
  CHECK(slice(hyphenated, span) == "Open\u00ADAI");
}

TEST_CASE("to_original leaves out invisible characters dropped just outside the span", "[text]") {
  // NOTE: at the time of writing the first check fails: to_original takes the
  // end from origin[end], the origin of the NEXT kept byte, so a dropped
  // zero-width space or soft hyphen right after the span is counted in
  // (reported as a bug).
  const std::string trailing = "OpenAI\u200B is";  // U+200B ZERO WIDTH SPACE, 3 bytes
  const kgrep::NormalizedText normalized = kgrep::normalize(trailing);
  REQUIRE(normalized.text == "OpenAI is");
  CHECK(normalized.to_original({0, 6}) == kgrep::Span{0, 6});

  const std::string leading = "\u200BOpenAI is";
  const kgrep::NormalizedText normalized_leading = kgrep::normalize(leading);
  REQUIRE(normalized_leading.text == "OpenAI is");
  CHECK(normalized_leading.to_original({0, 6}) == kgrep::Span{3, 9});
}

TEST_CASE("normalize composes a combining sequence and maps it to both original code points", "[text]") {
  // NOTE: at the time of writing this fails: src/text/normalize.cc copies an
  // ASCII base letter straight through, so a following combining mark is
  // normalised on its own and never composed with it (reported as a bug).
  const std::string original = "Cafe\u0301 noir";  // "e" + U+0301 COMBINING ACUTE ACCENT (2 bytes)
  const kgrep::NormalizedText normalized = kgrep::normalize(original);
  CHECK(normalized.text == "Caf\u00E9 noir");
  check_origin_shape(normalized, original);
  const std::size_t at = normalized.text.find("\u00E9");
  REQUIRE(at != std::string::npos);
  CHECK(at == 3);
  const kgrep::Span span = normalized.to_original({at, at + 2});
  CHECK(span == kgrep::Span{3, 6});
  CHECK(slice(original, span) == "e\u0301");
  CHECK(slice(original, normalized.to_original({0, at + 2})) == "Cafe\u0301");
}

TEST_CASE("normalize composes a combining mark after a non-ASCII base letter", "[text]") {
  const std::string original = "\u00C5\u0301ngstr\u00F6m";  // Å + U+0301 -> Ǻ
  const kgrep::NormalizedText normalized = kgrep::normalize(original);
  CHECK(normalized.text == "\u01FAngstr\u00F6m");
  check_origin_shape(normalized, original);
  CHECK(normalized.to_original({0, 2}) == kgrep::Span{0, 4});
}

TEST_CASE("normalize maps every byte of an expanded ligature to the start of its source character", "[text]") {
  const std::string original = "x\uFB01y";  // U+FB01 LATIN SMALL LIGATURE FI, 3 bytes
  const kgrep::NormalizedText normalized = kgrep::normalize(original);
  CHECK(normalized.text == "xfiy");
  CHECK(normalized.origin == std::vector<std::uint32_t>{0, 1, 1, 4, 5});
  CHECK(slice(original, normalized.to_original({1, 3})) == "\uFB01");
}

TEST_CASE("is_valid_utf8 accepts well-formed UTF-8 and reports the first bad byte otherwise", "[text]") {
  struct Case {
    std::string bytes;
    bool valid;
    std::size_t bad_offset;
  };
  const auto c = GENERATE(values<Case>({
      {"", true, 0},
      {"plain ASCII", true, 0},
      {"caf\xC3\xA9", true, 0},           // 2-byte é
      {"\xE2\x82\xAC 5", true, 0},        // 3-byte €
      {"\xF0\x9F\x98\x80!", true, 0},     // 4-byte emoji
      {"\xF4\x8F\xBF\xBF", true, 0},      // U+10FFFF, the last code point
      {"ab\xC0\xAF", false, 2},           // overlong "/"
      {"\xE0\x80\xAF", false, 0},         // overlong 3-byte "/"
      {"x\xED\xA0\x80y", false, 1},       // UTF-16 surrogate U+D800
      {"abc\xE2\x82", false, 3},          // truncated at the end
      {"\xE2\x82x", false, 0},            // truncated by an ASCII byte
      {"\x80", false, 0},                 // stray continuation byte
      {"ok \xF4\x90\x80\x80", false, 3},  // above U+10FFFF
      {"\xC3\xA9\xFF", false, 2},         // 0xFF is never valid
  }));
  CAPTURE(c.bytes);
  std::size_t bad_offset = 999;
  CHECK(kgrep::is_valid_utf8(c.bytes, &bad_offset) == c.valid);
  if (c.valid) {
    CHECK(bad_offset == 999);  // untouched
  } else {
    CHECK(bad_offset == c.bad_offset);
  }
  CHECK(kgrep::is_valid_utf8(c.bytes) == c.valid);  // the offset is optional
}

TEST_CASE("fold lower-cases, strips diacritics and applies full case folding", "[text]") {
  struct Case {
    std::string text;
    std::string folded;
  };
  const auto c = GENERATE(values<Case>({
      {"\u00C9COLE", "ecole"},
      {"T\u00FClu", "tulu"},
      {"Stra\u00DFe", "strasse"},
      {"OpenAI", "openai"},
      {"Z.ai", "z.ai"},
      {"\u6DF1\u5EA6", "\u6DF1\u5EA6"},
  }));
  CAPTURE(c.text);
  CHECK(kgrep::fold(c.text) == c.folded);
}

namespace {

struct ExpectedToken {
  std::string text;  // the token's bytes in the normalised text
  std::string folded;
  bool space_before;
  bool is_word;
};

}  // namespace

TEST_CASE("tokenize splits at the word boundary rule and records white space before each token", "[text]") {
  struct Case {
    std::string input;
    std::vector<ExpectedToken> tokens;
  };
  const auto c = GENERATE(values<Case>({
      {"OpenAI's", {{"OpenAI", "openai", true, true}, {"'", "'", false, false}, {"s", "s", false, true}}},
      {"OpenAI\u2019s", {{"OpenAI", "openai", true, true}, {"'", "'", false, false}, {"s", "s", false, true}}},
      {"S&P 500",
       {{"S", "s", true, true}, {"&", "&", false, false}, {"P", "p", false, true}, {"500", "500", true, true}}},
      {"Claude-3", {{"Claude", "claude", true, true}, {"-", "-", false, false}, {"3", "3", false, true}}},
      {"DeepMind.", {{"DeepMind", "deepmind", true, true}, {".", ".", false, false}}},
      {"OpenAI-topman",
       {{"OpenAI", "openai", true, true}, {"-", "-", false, false}, {"topman", "topman", false, true}}},
      {"Z.ai", {{"Z", "z", true, true}, {".", ".", false, false}, {"ai", "ai", false, true}}},
      {"Z. ai", {{"Z", "z", true, true}, {".", ".", false, false}, {"ai", "ai", true, true}}},
      {"priv\u00E9leven", {{"priv\u00E9leven", "priveleven", true, true}}},
      {"\u6DF1\u5EA6\u6C42\u7D22",
       {{"\u6DF1", "\u6DF1", true, true},
        {"\u5EA6", "\u5EA6", false, true},
        {"\u6C42", "\u6C42", false, true},
        {"\u7D22", "\u7D22", false, true}}},
      {"  GPT-4o\t(mini)",
       {{"GPT", "gpt", true, true},
        {"-", "-", false, false},
        {"4o", "4o", false, true},
        {"(", "(", true, false},
        {"mini", "mini", false, true},
        {")", ")", false, false}}},
      {"", {}},
  }));
  CAPTURE(c.input);
  const kgrep::NormalizedText normalized = kgrep::normalize(c.input);
  const kgrep::TokenizedText tokens_tokenized = kgrep::tokenize(normalized.text);
  const std::vector<kgrep::Token>& tokens = tokens_tokenized.tokens;
  REQUIRE(tokens.size() == c.tokens.size());
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    CAPTURE(k);
    CHECK(slice(normalized.text, tokens[k].span) == c.tokens[k].text);
    CHECK(tokens[k].folded == c.tokens[k].folded);
    CHECK(tokens[k].space_before == c.tokens[k].space_before);
    CHECK(tokens[k].is_word == c.tokens[k].is_word);
  }
}

TEST_CASE("normalize turns C0 controls but tab, LF and CR into spaces, wherever they are", "[text]") {
  // Blocks of sixteen bytes with and without a control, and a tail.
  const std::string text =
      "abcdefghijklmnop\x01"
      "bcdefghijklmno\x1F"
      "qrstuvwxyz\tABCDEFG\nHIJKLMN\rOPQRSTUVWXYZ012345\x7F\x02"
      "z";
  std::string expected = text;
  for (char& ch : expected)
    if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ch = ' ';
  CHECK(kgrep::normalize(text).text == expected);
  // The same where the text is not all ASCII, through the path that maps offsets.
  CHECK(kgrep::normalize(text + "\u00E9").text == expected + "\u00E9");
  CHECK(kgrep::normalize("\u00E9" + text).text == "\u00E9" + expected);
  CHECK(expected.find('\x01') == std::string::npos);
  CHECK(expected.find('\t') != std::string::npos);
}

TEST_CASE("An ASCII text keeps every byte in place and maps spans to themselves", "[text]") {
  const std::string original = "Ai2 \x01hired\tNathan Lambert.\r\n";
  const kgrep::NormalizedText normalized = kgrep::normalize(original);
  CHECK(normalized.text == "Ai2  hired\tNathan Lambert.\r\n");
  CHECK(normalized.origin.empty());
  CHECK(normalized.to_original(kgrep::Span{11, 25}) == kgrep::Span{11, 25});
  CHECK(normalized.to_original(kgrep::Span{4, 4}) == kgrep::Span{4, 4});
  // One byte past ASCII and every byte is mapped again.
  const kgrep::NormalizedText accented = kgrep::normalize(original + "\u00E9");
  CHECK(accented.text == "Ai2  hired\tNathan Lambert.\r\n\u00E9");  // the ASCII copy begun is not kept
  CHECK(accented.origin.size() == accented.text.size() + 1);
  CHECK(accented.to_original(kgrep::Span{11, 25}) == kgrep::Span{11, 25});
}

TEST_CASE("A token's hash is token_hash of its folded text, ASCII or not, whatever its length", "[text]") {
  // Lengths around the hash's eight-byte words, tokens with sixteen bytes of
  // text after their start and tokens near the end (folded by different
  // code); upper case, accents and ß fold first.
  const kgrep::TokenizedText tokens_tokenized = kgrep::tokenize(
      "A ab ABCDEFG ABCDEFGH abcdefghi ABCDEFGHIJKLMNOP AbCdEfGhIjKlMnOpQ T\u00FClu \u00C9COLE Stra\u00DFe 3.5 -");
  const std::vector<kgrep::Token>& tokens = tokens_tokenized.tokens;
  REQUIRE(tokens.size() == 14);
  std::set<std::uint64_t> distinct;
  for (const kgrep::Token& token : tokens) {
    CHECK(token.hash == kgrep::token_hash(token.folded));
    distinct.insert(token.hash);
  }
  CHECK(distinct.size() == tokens.size());
  CHECK(kgrep::token_hash("abcdefgh") != kgrep::token_hash("abcdefg"));
  CHECK(kgrep::token_hash("") != kgrep::token_hash(std::string(1, '\0')));
}

TEST_CASE("tokenize gives byte spans in the normalised text", "[text]") {
  const kgrep::TokenizedText tokens_tokenized = kgrep::tokenize("T\u00FClu 3");
  const std::vector<kgrep::Token>& tokens = tokens_tokenized.tokens;
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].span == kgrep::Span{0, 5});
  CHECK(tokens[0].folded == "tulu");
  CHECK(tokens[1].span == kgrep::Span{6, 7});
}

namespace {

std::vector<std::string> sentences_of(std::string_view text) {
  std::vector<std::string> out;
  for (const kgrep::Span& span : kgrep::split_sentences(text)) out.emplace_back(slice(text, span));
  return out;
}

}  // namespace

TEST_CASE("split_sentences splits two sentences and trims the space between them", "[text]") {
  const std::string text = "OpenAI hired her. Meta lost him.";
  const std::vector<kgrep::Span> spans = kgrep::split_sentences(text);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == kgrep::Span{0, 17});
  CHECK(spans[1] == kgrep::Span{18, 32});
  CHECK(sentences_of(text) == std::vector<std::string>{"OpenAI hired her.", "Meta lost him."});
}

TEST_CASE("split_sentences does not break after the abbreviation Mr.", "[text]") {
  CHECK(sentences_of("Mr. Smith left. He joined.") == std::vector<std::string>{"Mr. Smith left.", "He joined."});
}

TEST_CASE("split_sentences always ends a sentence at a line break", "[text]") {
  CHECK(sentences_of("Headline without a stop\nBody starts here. Second one.") ==
        std::vector<std::string>{"Headline without a stop", "Body starts here.", "Second one."});
  CHECK(sentences_of("- Mistral AI\n- Ai2\n") == std::vector<std::string>{"- Mistral AI", "- Ai2"});
}

TEST_CASE("split_sentences trims white space and skips empty lines", "[text]") {
  const std::string text = "  Padded sentence.   \n\n \t \n  Next one.  ";
  const std::vector<kgrep::Span> spans = kgrep::split_sentences(text);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == kgrep::Span{2, 18});
  CHECK(slice(text, spans[1]) == "Next one.");
  CHECK(kgrep::split_sentences("").empty());
  CHECK(kgrep::split_sentences(" \n\t\n").empty());
}

TEST_CASE("analyze runs normalize, tokenize and split_sentences on the same text", "[text]") {
  const kgrep::AnalyzedText analyzed = kgrep::analyze("Meta\u2019s plan. It works.");
  CHECK(analyzed.normalized.text == "Meta's plan. It works.");
  CHECK(analyzed.tokens.size() == 8);
  REQUIRE(analyzed.sentences.size() == 2);
  CHECK(analyzed.sentences[0] == kgrep::Span{0, 12});
  CHECK(analyzed.sentences[1] == kgrep::Span{13, 22});
}

// Lines the ASCII shortcut decides without ICU sit beside lines that ICU
// splits; each expectation is what ICU's rules give.
TEST_CASE("split_sentences keeps a line whole where no sentence rule can break it", "[text]") {
  const auto c = GENERATE(values<std::pair<std::string, std::vector<std::string>>>({
      {"prices rose 5.93 pct in Jan", {"prices rose 5.93 pct in Jan"}},
      {"the deal, e.g. with Ai2, closed", {"the deal, e.g. with Ai2, closed"}},
      {"He left (for good).\")  ", {"He left (for good).\")"}},
      {"Is it?! Yes", {"Is it?!", "Yes"}},
      {"Roanoke, Va.; Montgomery, Ala.; and San", {"Roanoke, Va.", "; Montgomery, Ala.; and San"}},
      {"joined Z.ai, then left", {"joined Z.ai, then left"}},
      {"He left. )", {"He left.", ")"}},
      {"one.Two", {"one.Two"}},
      {"U.S.A-based lab", {"U.S.A-based lab"}},
      {"Caf\u00E9 opened. It closed.", {"Caf\u00E9 opened.", "It closed."}},
      // Past the first sixteen bytes, where the shortcut looks sixteen at a time.
      {"prices of crude oil rose 5.93 pct in January from December",
       {"prices of crude oil rose 5.93 pct in January from December"}},
      {"the committee said on Tuesday it agreed terms. Shares rose",
       {"the committee said on Tuesday it agreed terms.", "Shares rose"}},
      {"the lab opened an office in Z\u00FCrich, then one in Paris",
       {"the lab opened an office in Z\u00FCrich, then one in Paris"}},
      {"the two sides met for three long hours and talked? Yes",
       {"the two sides met for three long hours and talked?", "Yes"}},
  }));
  CAPTURE(c.first);
  CHECK(sentences_of(c.first) == c.second);
}

TEST_CASE("tokenize gives ASCII and non-ASCII words the same folding", "[text]") {
  const kgrep::TokenizedText tokens_tokenized = kgrep::tokenize("OpenAI's T\u00FClu-3 \u00C9COLE");
  const std::vector<kgrep::Token>& tokens = tokens_tokenized.tokens;
  std::vector<std::string> folded;
  for (const kgrep::Token& token : tokens) folded.emplace_back(token.folded);
  CHECK(folded == std::vector<std::string>{"openai", "'", "s", "tulu", "-", "3", "ecole"});
  CHECK(tokens[3].is_word);
  CHECK_FALSE(tokens[4].is_word);
  CHECK(tokens[6].space_before);
  CHECK_FALSE(tokens[5].space_before);
}
