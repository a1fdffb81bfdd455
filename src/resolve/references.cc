#include <algorithm>
#include <array>
#include <cstdint>

#include "kgrep/resolve.h"

namespace kgrep {

namespace {

struct ReferenceForm {
  std::array<std::string_view, 3> tokens;  // folded tokens, "" past the end
  std::string_view type;                   // the type it refers to; "author" for first person
  // "they" is people as often as a company: it stands for an organisation
  // only where neither its sentence nor the one before names a person.
  bool only_without_people = false;
};

// Deliberately short: each form is one that news text uses for an entity
// named in the sentence or the one before.
constexpr ReferenceForm kForms[] = {
    {{"the", "company", ""}, "Organization"},
    {{"the", "lab", ""}, "Organization"},
    {{"the", "startup", ""}, "Organization"},
    {{"the", "firm", ""}, "Organization"},
    {{"it", "", ""}, "Organization"},
    {{"its", "", ""}, "Organization"},
    {{"their", "", ""}, "Organization"},
    {{"they", "", ""}, "Organization", true},
    {{"het", "bedrijf", ""}, "Organization"},
    {{"het", "lab", ""}, "Organization"},
    {{"he", "", ""}, "Person"},
    {{"she", "", ""}, "Person"},
    {{"hij", "", ""}, "Person"},
    {{"ze", "", ""}, "Person"},
    {{"zij", "", ""}, "Person"},
    {{"i", "", ""}, "author"},
    {{"my", "", ""}, "author"},
};

// Most tokens of a text begin no form: longer than any first word, or
// starting with another letter. Those are passed over without comparing them
// to every form.
constexpr std::size_t kLongestFirstWord = [] {
  std::size_t longest = 0;
  for (const ReferenceForm& form : kForms) longest = std::max(longest, form.tokens[0].size());
  return longest;
}();
constexpr std::array<bool, 256> kFirstLetters = [] {
  std::array<bool, 256> letters{};
  for (const ReferenceForm& form : kForms) letters[static_cast<unsigned char>(form.tokens[0][0])] = true;
  return letters;
}();

bool may_begin_form(std::string_view folded) {
  return !folded.empty() && folded.size() <= kLongestFirstWord && kFirstLetters[static_cast<unsigned char>(folded[0])];
}

// A first word of at most eight bytes as one integer, so that the common short
// words of a text ("the", "its", "het") are told from the forms without a
// string comparison each.
constexpr std::uint64_t packed_word(std::string_view word) {
  std::uint64_t packed = 0;
  for (std::size_t k = 0; k < word.size() && k < 8; ++k)
    packed |= std::uint64_t{static_cast<unsigned char>(word[k])} << (8 * k);
  return packed;
}
static_assert(kLongestFirstWord <= 8);
constexpr auto kPackedFirstWords = [] {
  std::array<std::uint64_t, std::size(kForms)> packed{};
  for (std::size_t k = 0; k < std::size(kForms); ++k) packed[k] = packed_word(kForms[k].tokens[0]);
  return packed;
}();

// The forms' first words by token hash (Token::hash), in a 256-bit table: a
// token whose hash hits no bit, nearly every token of a text, is passed over
// with one lookup.
class FirstWordFilter {
 public:
  FirstWordFilter() {
    for (const ReferenceForm& form : kForms) {
      const std::uint64_t hash = token_hash(form.tokens[0]);
      bits_[(hash >> 6) & 3] |= std::uint64_t{1} << (hash & 63);
    }
  }
  [[nodiscard]] bool may_begin_form(std::uint64_t hash) const { return (bits_[(hash >> 6) & 3] >> (hash & 63)) & 1; }

 private:
  std::array<std::uint64_t, 4> bits_{};
};

std::size_t form_length(const ReferenceForm& form) {
  std::size_t length = 0;
  while (length < form.tokens.size() && !form.tokens[length].empty()) ++length;
  return length;
}

// Index of the sentence holding `offset`, or npos.
std::size_t sentence_of(const std::vector<Span>& sentences, std::size_t offset) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), offset,
                             [](std::size_t value, const Span& s) { return value < s.begin; });
  if (it == sentences.begin()) return std::string::npos;
  --it;
  return offset < it->end ? static_cast<std::size_t>(it - sentences.begin()) : std::string::npos;
}

// The first mention of `type` inside `sentence`, scanning back from the end of
// `mentions` (sorted by start) only as far as the sentence reaches, so the
// cost is bounded by the mentions of the sentence, not of the document.
std::optional<Mention> first_in(const std::vector<Mention>& mentions, const Span& sentence, std::string_view type) {
  const Mention* first = nullptr;
  for (auto it = mentions.rbegin(); it != mentions.rend() && it->span.end > sentence.begin; ++it) {
    if (sentence.contains(it->span) && it->type == type) first = &*it;
  }
  return first ? std::optional<Mention>(*first) : std::nullopt;
}

}  // namespace

std::optional<Mention> find_author(const Document& document, const AnalyzedText& text,
                                   const std::vector<Mention>& mentions, const EntityMatcher& names) {
  if (!document.author.empty()) {
    const AnalyzedText author = analyze(document.author);
    std::vector<Mention> found;
    names.find(author, found);
    found = select_mentions(std::move(found));
    if (found.size() == 1 && found[0].type == "Person") return found[0];
    return std::nullopt;
  }
  // A byline: a short line near the top that is exactly one person's name.
  // (Most documents name no person: their lines need no reading.)
  if (std::none_of(mentions.begin(), mentions.end(), [](const Mention& mention) { return mention.type == "Person"; }))
    return std::nullopt;
  const std::string& normalized = text.normalized.text;
  std::size_t line_start = 0;
  for (int line = 0; line < 12 && line_start < normalized.size(); ++line) {
    std::size_t line_end = normalized.find('\n', line_start);
    if (line_end == std::string::npos) line_end = normalized.size();
    std::size_t begin = line_start, end = line_end;
    while (begin < end && (normalized[begin] == ' ' || normalized[begin] == '\t')) ++begin;
    while (end > begin && (normalized[end - 1] == ' ' || normalized[end - 1] == '\t' || normalized[end - 1] == '\r'))
      --end;
    for (const Mention& mention : mentions) {
      if (mention.span.begin == begin && mention.span.end == end && mention.type == "Person") return mention;
    }
    line_start = line_end + 1;
  }
  return std::nullopt;
}

bool is_reference(const Mention& mention) {
  return mention.rule_id == "resolve:reference" || mention.rule_id == "resolve:author";
}

void add_references(const AnalyzedText& text, const std::optional<Mention>& author, std::vector<Mention>& mentions) {
  const auto& tokens = text.tokens;
  const std::string& normalized = text.normalized.text;
  std::vector<Mention> result;
  result.reserve(mentions.size());
  std::size_t next_mention = 0;
  static const FirstWordFilter first_words;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    // Copy the rule mentions that start before this token.
    while (next_mention < mentions.size() && mentions[next_mention].span.begin <= tokens[k].span.begin) {
      result.push_back(std::move(mentions[next_mention++]));
    }
    if (!first_words.may_begin_form(tokens[k].hash) || !may_begin_form(tokens[k].folded)) continue;
    if (!result.empty() && result.back().span.end > tokens[k].span.begin) continue;  // inside a mention
    const std::uint64_t first_word = packed_word(tokens[k].folded);
    for (std::size_t f = 0; f < std::size(kForms); ++f) {
      if (kPackedFirstWords[f] != first_word) continue;
      const ReferenceForm& form = kForms[f];
      const std::size_t length = form_length(form);
      if (k + length > tokens.size()) continue;
      bool matches = true;
      for (std::size_t t = 1; t < length && matches; ++t) matches = tokens[k + t].folded == form.tokens[t];
      if (!matches) continue;
      const Span span{tokens[k].span.begin, tokens[k + length - 1].span.end};
      if (next_mention < mentions.size() && mentions[next_mention].span.begin < span.end) break;
      std::optional<Mention> antecedent;
      if (form.type == "author") {
        // Only the capital pronoun: a lone lower-case "i" is a list marker or a typo.
        if (form.tokens[0] == "i" && normalized[span.begin] != 'I') break;
        antecedent = author;
      } else {
        const std::size_t sentence = sentence_of(text.sentences, span.begin);
        if (sentence == std::string::npos) break;
        const Span current = text.sentences[sentence];
        auto in = [&](const Span& s, const Mention& m) { return s.contains(m.span) && m.type == form.type; };
        // Persons: the nearest one before in the sentence; organisations: the first one.
        if (form.type == "Person") {
          for (auto it = result.rbegin(); it != result.rend() && it->span.begin >= current.begin; ++it) {
            if (in(current, *it)) {
              antecedent = *it;
              break;
            }
          }
        } else {
          antecedent = first_in(result, current, form.type);
        }
        if (!antecedent && sentence > 0) antecedent = first_in(result, text.sentences[sentence - 1], form.type);
        // Mentions before the pronoun are in `result`; those after it still in `mentions`.
        const auto names_people = [&](const Span& s) {
          if (first_in(result, s, "Person")) return true;
          for (std::size_t m = next_mention; m < mentions.size() && mentions[m].span.begin < s.end; ++m) {
            if (s.contains(mentions[m].span) && mentions[m].type == "Person") return true;
          }
          return false;
        };
        if (antecedent && form.only_without_people &&
            (names_people(current) || (sentence > 0 && names_people(text.sentences[sentence - 1]))))
          antecedent.reset();
      }
      if (antecedent) {
        Mention reference = *antecedent;
        reference.span = span;
        reference.rule_id = form.type == "author" ? "resolve:author" : "resolve:reference";
        reference.link.reset();
        result.push_back(std::move(reference));
      }
      break;
    }
  }
  while (next_mention < mentions.size()) result.push_back(std::move(mentions[next_mention++]));
  mentions = std::move(result);
}

}  // namespace kgrep
