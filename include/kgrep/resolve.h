// kgrep resolve stage: what a document says about names beyond the rules.
//
// `add_name_variants` runs between entity matching and relation matching: once
// a document has named a person in full ("Mira Murati"), a later capitalised
// surname alone ("Murati said…") is a mention of the same person, unless two
// people of the document share that surname. It only ever adds mentions in
// gaps, so rule matches always win. Pure and thread-safe.
#pragma once

#include <vector>

#include "kgrep/match.h"
#include "kgrep/text.h"

namespace kgrep {

// Adds surname-only mentions of persons named in full earlier in `text`;
// `mentions` stays sorted and non-overlapping.
void add_name_variants(const AnalyzedText& text, std::vector<Mention>& mentions);

}  // namespace kgrep
