// kgrep resolve stage: what a document says about names beyond the rules.
//
// `add_name_variants` runs between entity matching and relation matching: once
// a document has named a person in full ("Mira Murati"), a later capitalised
// surname alone ("Murati said…") is a mention of the same person, unless two
// people of the document share that surname. It only ever adds mentions in
// gaps, so rule matches always win. Pure and thread-safe.
#pragma once

#include <optional>
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

// Facts resting on a resolved reference keep this share of their rule's confidence.
inline constexpr double kReferenceConfidence = 0.8;

}  // namespace kgrep
