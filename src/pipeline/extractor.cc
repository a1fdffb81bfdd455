#include <algorithm>
#include <set>

#include "kgrep/pipeline.h"
#include "kgrep/resolve.h"

namespace kgrep {

Extractor::Extractor(RulePack pack)
    : pack_(std::move(pack)), gazetteer_(pack_), patterns_(pack_), relations_(pack_), known_links_(pack_) {}

DocumentResult Extractor::process(const Document& document) const {
  DocumentResult result;
  result.document_id = document.id;
  // Sentences are found only once there is something to relate: the matchers
  // read tokens alone, and most news names no entity of a pack at all.
  AnalyzedText text;
  text.normalized = normalize(document.text);
  text.tokens = tokenize(text.normalized.text);
  std::vector<Mention> candidates;
  gazetteer_.find(text, candidates);
  patterns_.find(text, candidates);
  // Without a candidate and an author there is no mention to add, resolve or relate.
  if (candidates.empty() && document.author.empty()) return result;
  text.sentences = split_sentences(text.normalized.text);
  result.mentions = select_mentions(std::move(candidates));
  add_name_variants(text, result.mentions);
  add_references(text, find_author(document, text, result.mentions, gazetteer_), result.mentions);
  relations_.find(document, text, result.mentions, result.facts);

  known_links_.find(document, text, result.mentions, result.facts);
  return result;
}

void Extractor::register_entities(GraphBuilder& builder) const {
  for (const EntityRule& entity : pack_.entities) {
    EntityRecord record;
    record.id = entity.id;
    record.label = entity.name;
    record.type = entity.type;
    record.aliases = entity.aliases;
    record.aliases.insert(record.aliases.end(), entity.case_sensitive_aliases.begin(),
                          entity.case_sensitive_aliases.end());
    record.attributes = entity.attributes;
    builder.add_entity(record);
  }
}

void Extractor::collect(const DocumentResult& result, GraphBuilder& builder) const {
  std::map<std::string, long> counts;
  for (const Mention& mention : result.mentions) {
    // A pronoun is no mention of a name: it counts toward facts, not mentions.
    if (is_reference(mention)) continue;
    ++counts[mention.entity_id];
    if (mention.discovered) {
      EntityRecord record;
      record.id = mention.entity_id;
      record.label = mention.name;
      record.type = mention.type;
      record.attributes = mention.attributes;
      record.discovered = true;
      builder.add_entity(record);
    }
  }
  for (const auto& [id, count] : counts) builder.add_document_mentions(id, result.document_id, count);
  for (const Fact& fact : result.facts) builder.add_fact(fact);
}

}  // namespace kgrep
