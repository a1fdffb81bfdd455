#include <algorithm>
#include <set>

#include "kgrep/resolve.h"

namespace kgrep {

namespace {

// Capitalised words that open sentences and clauses, name days and months,
// or stand for people: never the start of an unlisted name.
const std::set<std::string, std::less<>>& not_name_words() {
  static const std::set<std::string, std::less<>> words = {
      "the",       "a",       "an",        "in",      "on",       "at",       "but",   "and",    "or",      "if",
      "when",      "while",   "after",     "before",  "since",    "as",       "for",   "from",   "with",    "by",
      "to",        "of",      "this",      "that",    "these",    "those",    "its",   "his",    "her",     "their",
      "our",       "my",      "your",      "he",      "she",      "it",       "they",  "we",     "you",     "i",
      "de",        "het",     "een",       "op",      "maar",     "en",       "toen",  "als",    "ook",     "nu",
      "daar",      "dit",     "dat",       "die",     "deze",     "hij",      "zij",   "ze",     "wij",     "wat",
      "der",       "das",     "den",       "dem",     "ein",      "eine",     "und",   "le",     "la",      "les",
      "un",        "une",     "et",        "ceo",     "cto",      "cfo",      "ai",    "monday", "tuesday", "wednesday",
      "thursday",  "friday",  "saturday",  "sunday",  "january",  "february", "march", "april",  "may",     "june",
      "july",      "august",  "september", "october", "november", "december", "mr",    "mrs",    "ms",      "dr",
      "meanwhile", "however", "according", "here",    "there",    "what",     "why",   "how",    "who",     "where",
  };
  return words;
}

// Last words that make a name an organisation's ("Acme Robotics", "Vexa Labs").
bool looks_like_organization(std::string_view last_word) {
  static const std::set<std::string, std::less<>> words = {
      "labs",         "lab",       "robotics",      "ai",
      "inc",          "corp",      "corporation",   "technologies",
      "systems",      "capital",   "ventures",      "partners",
      "group",        "institute", "university",    "research",
      "intelligence", "holdings",  "networks",      "dynamics",
      "computing",    "cloud",     "bank",          "foundation",
      "fund",         "ltd",       "llc",           "gmbh",
      "bv",           "sa",        "company",       "studio",
      "studios",      "software",  "semiconductor", "semiconductors",
      "analytics",    "energy",    "motors",        "media"};
  return words.count(last_word) > 0;
}

bool capitalised(std::string_view normalized, const Token& token) {
  if (!token.is_word || token.span.size() < 2) return false;
  const char first = normalized[token.span.begin];
  return first >= 'A' && first <= 'Z';
}

}  // namespace

std::vector<Mention> find_unlisted_names(const AnalyzedText& text, const std::vector<Mention>& mentions) {
  const std::string& normalized = text.normalized.text;
  std::vector<Mention> names;
  std::size_t next_mention = 0;
  const auto& tokens = text.tokens;
  for (std::size_t k = 0; k < tokens.size();) {
    // A run of up to four capitalised words, one space apart, outside every mention.
    std::size_t end = k;
    while (end < tokens.size() && end - k < 4 && capitalised(normalized, tokens[end]) &&
           (end == k || (tokens[end].space_before && normalized[tokens[end].span.begin - 1] == ' ' &&
                         tokens[end].span.begin == tokens[end - 1].span.end + 1))) {
      ++end;
    }
    std::size_t begin = k;
    while (begin < end && not_name_words().count(tokens[begin].folded)) ++begin;
    while (end > begin && not_name_words().count(tokens[end - 1].folded)) --end;
    const std::size_t advance = std::max(end, k + 1);
    // One capitalised word is a place or a common noun at least as often as a
    // name ("uit Albanië"), even at a sentence's start; a name needs two.
    if (end >= begin + 2) {
      const Span span{tokens[begin].span.begin, tokens[end - 1].span.end};
      while (next_mention < mentions.size() && mentions[next_mention].span.end <= span.begin) ++next_mention;
      const bool overlaps = next_mention < mentions.size() && mentions[next_mention].span.begin < span.end;
      if (!overlaps) {
        Mention name;
        name.span = span;
        name.name = normalized.substr(span.begin, span.size());
        name.entity_id = slugify(name.name);
        name.rule_id = "resolve:discovered";
        name.discovered = true;
        name.type = looks_like_organization(tokens[end - 1].folded) ? "Organization" : "Person";
        if (!name.entity_id.empty()) names.push_back(std::move(name));
      }
    }
    k = advance;
  }
  return names;
}

}  // namespace kgrep
