// kgrep resolve stage: what a document says about names beyond the rules.
//
// `add_name_variants` runs between entity matching and relation matching: once
// a document has named a person in full ("Mira Murati"), a later capitalised
// surname alone ("Murati said…") is a mention of the same person, unless two
// people of the document share that surname. It only ever adds mentions in
// gaps, so rule matches always win. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgrep/match.h"
#include "kgrep/text.h"

namespace kgrep {

// Adds surname-only mentions of persons named in full earlier in `text`;
// `mentions` stays sorted and non-overlapping.
void add_name_variants(const AnalyzedText& text, std::vector<Mention>& mentions);

}  // namespace kgrep

namespace kgrep {

// Who "I" and "my" are in a document: the Person entity named by its `author`
// metadata, else by a byline (a line within the first twelve that names one
// person and nothing else). Returns the mention standing for the author, or
// nullopt when there is none.
std::optional<Mention> find_author(const Document& document, const AnalyzedText& text,
                                   const std::vector<Mention>& mentions, const EntityMatcher& names);

// Adds mentions for references to an entity named just before:
// - "the company", "the lab", "the startup", "it", "its", "their", "het
//   bedrijf" -> the first Organization earlier in the sentence, else the first
//   Organization of the previous sentence;
// - "he", "she", "hij", "ze", "zij" -> the nearest Person earlier in the
//   sentence, else the first Person of the previous sentence;
// - "I", "my" -> the author (see find_author), when there is one.
// References resolve in reading order, so a resolved one can serve as the next
// one's antecedent. Added mentions have rule id "resolve:reference" (or
// "resolve:author"); relation facts that use them get lower confidence.
void add_references(const AnalyzedText& text, const std::optional<Mention>& author, std::vector<Mention>& mentions);

// Whether a mention stands for a pronoun or description resolved by add_references.
bool is_reference(const Mention& mention);

// Capitalised names the pack does not list: runs of up to four capitalised
// words outside every mention of `mentions` (sorted), without the words that
// open sentences ("The", "Het"), a single word opening a sentence, days and
// months; a name has at least two words. Each is a Mention with id
// slugify(name), rule id "resolve:discovered", discovered = true, and a type
// guessed from its last word ("Labs", "Robotics": Organization; else Person);
// a relation slot gives it its final type.
std::vector<Mention> find_unlisted_names(const AnalyzedText& text, const std::vector<Mention>& mentions);

// Facts resting on a resolved reference keep this share of their rule's confidence.
inline constexpr double kReferenceConfidence = 0.8;

// A calendar date to the day, or to the month when `day` is 0: the two
// precisions the graph's dates have (a year alone is no date here).
struct CalendarDate {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  [[nodiscard]] std::string iso() const;  // "2026-03-10" or "2026-03"
  friend bool operator==(const CalendarDate&, const CalendarDate&) = default;
};

// "YYYY-MM-DD" or "YYYY-MM" naming a real day or month; nullopt otherwise.
std::optional<CalendarDate> parse_iso_date(std::string_view text);

struct FoundDate {
  CalendarDate date;
  Span span;  // the words that state it, in the searched text
};

// The first date `text` states, in English, Dutch, German or French: absolute
// ("14 February 2025", "February 14, 2025", "Feb. 2025", "2025-02-14",
// "14 februari 2025") or, given the article's date, relative to it ("on June
// 9", "yesterday", "last week", "on Tuesday", "in March", "last October",
// "earlier this month", "vorige maand", "dinsdag"). A day without a year is the
// latest such day not after the article.
// "Since January" is no date: it starts a period that runs to the article.
std::optional<FoundDate> find_date(std::string_view text, const std::optional<CalendarDate>& article);
// Every date `text` states, in order; where two readings overlap, the longer.
std::vector<FoundDate> find_dates(std::string_view text, const std::optional<CalendarDate>& article);

// The article's date: the document's metadata; else a line among the first
// five that holds only a date ("16 January 2026", "Published: Jan. 16, 2026");
// else a dateline opening the text ("PARIS, March 3, 2026 -").
std::optional<CalendarDate> article_date(const Document& document, std::string_view normalized);

}  // namespace kgrep
