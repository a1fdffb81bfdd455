#include <algorithm>
#include <map>

#include "kgrep/resolve.h"

namespace kgrep {

namespace {

bool starts_upper(std::string_view text) {
  if (text.empty()) return false;
  const auto lead = static_cast<unsigned char>(text[0]);
  // Non-ASCII initials ("Ł", "Ö") count as capitals: surnames in news are.
  return (lead >= 'A' && lead <= 'Z') || lead >= 0xC0;
}

}  // namespace

void add_name_variants(const AnalyzedText& text, std::vector<Mention>& mentions) {
  // surname (folded) -> the first full mention of the person it belongs to;
  // nullptr when two people of the document share the surname.
  std::map<std::string, const Mention*, std::less<>> surnames;
  std::map<std::string, std::size_t, std::less<>> first_seen;
  for (const Mention& mention : mentions) {
    if (mention.type != "Person") continue;
    const TokenizedText name = tokenize(normalize(mention.name).text);
    if (name.tokens.size() < 2 || !name.tokens.back().is_word) continue;
    const std::string surname(name.tokens.back().folded);
    auto [it, inserted] = surnames.emplace(surname, &mention);
    if (!inserted && it->second != nullptr && it->second->entity_id != mention.entity_id) it->second = nullptr;
    first_seen.emplace(surname, mention.span.end);
  }
  if (surnames.empty()) return;

  std::vector<Mention> added;
  std::size_t next_mention = 0;
  for (const Token& token : text.tokens) {
    while (next_mention < mentions.size() && mentions[next_mention].span.end <= token.span.begin) ++next_mention;
    if (next_mention < mentions.size() && mentions[next_mention].span.begin < token.span.end)
      continue;  // inside a mention
    if (!token.is_word) continue;
    const auto found = surnames.find(token.folded);
    if (found == surnames.end() || found->second == nullptr) continue;
    if (token.span.begin < first_seen.find(token.folded)->second) continue;
    if (!starts_upper(std::string_view(text.normalized.text).substr(token.span.begin, token.span.size()))) continue;
    Mention variant = *found->second;
    variant.span = token.span;
    variant.rule_id = "resolve:surname";
    variant.link.reset();
    added.push_back(std::move(variant));
  }
  if (added.empty()) return;
  mentions.insert(mentions.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
  std::sort(mentions.begin(), mentions.end(),
            [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
}

}  // namespace kgrep
