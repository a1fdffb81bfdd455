#include <algorithm>
#include <set>

#include "kgrep/pipeline.h"
#include "kgrep/resolve.h"

namespace kgrep {

Extractor::Extractor(RulePack pack) : pack_(std::move(pack)), gazetteer_(pack_), patterns_(pack_), relations_(pack_) {}

DocumentResult Extractor::process(const Document& document) const {
  DocumentResult result;
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

  // A pattern's link ("Claude Opus 4.8" is developed by Anthropic) becomes a
  // fact only where the sentence also names the developer and no relation
  // rule related the two anywhere in the document: a fact must be traceable
  // to a sentence that states it, not to the rule pack's own knowledge.
  std::set<std::pair<std::string, std::string>> related;
  for (const Fact& fact : result.facts) related.emplace(fact.subject, fact.object);
  std::size_t sentence = 0;
  for (std::size_t k = 0; k < result.mentions.size(); ++k) {
    const Mention& mention = result.mentions[k];
    while (sentence < text.sentences.size() && text.sentences[sentence].end <= mention.span.begin) ++sentence;
    if (!mention.link || mention.link->from == mention.entity_id) continue;
    if (sentence == text.sentences.size() || !text.sentences[sentence].contains(mention.span)) continue;
    if (related.count({mention.link->from, mention.entity_id})) continue;
    const Span normalized = text.sentences[sentence];
    // The developer must be named in the sentence: look at the mentions around this one.
    bool developer_named = false;
    for (std::size_t j = k; j-- > 0 && result.mentions[j].span.begin >= normalized.begin;)
      developer_named = developer_named || result.mentions[j].entity_id == mention.link->from;
    for (std::size_t j = k + 1; j < result.mentions.size() && result.mentions[j].span.end <= normalized.end; ++j)
      developer_named = developer_named || result.mentions[j].entity_id == mention.link->from;
    if (!developer_named) continue;
    const Span original = text.normalized.to_original(normalized);
    Fact fact;
    fact.subject = mention.link->from;
    fact.relation = mention.link->relation;
    fact.object = mention.entity_id;
    fact.evidence.doc_id = document.id;
    fact.evidence.date = document.date;
    fact.evidence.sentence = original;
    fact.evidence.sentence_text = collapse_whitespace(
        std::string_view(document.text).substr(fact.evidence.sentence.begin, fact.evidence.sentence.size()));
    fact.evidence.rule_id = mention.rule_id;
    result.facts.push_back(std::move(fact));
  }
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
  for (const auto& [id, count] : counts) builder.add_mentions(id, count);
  for (const Fact& fact : result.facts) builder.add_fact(fact);
}

}  // namespace kgrep
