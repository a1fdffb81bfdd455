#include <fmt/format.h>

#include <algorithm>
#include <bitset>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kgrep/relate.h"
#include "kgrep/resolve.h"
#include "kgrep/text.h"

namespace kgrep {

namespace {

// One fact the pack records about an entity, and the entity on its other side.
struct KnownLink {
  std::string subject;
  std::string relation;
  std::string object;
  std::string role;
  double confidence = 1.0;
  std::string rule_id;
};

std::string attribute_or_empty(const std::map<std::string, std::string>& attributes, const std::string& key) {
  const auto found = attributes.find(key);
  return found == attributes.end() ? std::string() : found->second;
}

RuleTrace link_trace(const KnownLink& link, std::size_t sentence, std::string outcome) {
  return RuleTrace{sentence, link.rule_id, link.subject + " " + link.relation + " " + link.object, link.confidence,
                   std::move(outcome)};
}

}  // namespace

struct KnownLinkMatcher::Impl {
  explicit Impl(const RulePack& pack) : modifiers(pack) {}
  ModifierSet modifiers;
  // Entity id -> its recorded links; asked of every name a document holds.
  std::unordered_map<std::string, std::vector<KnownLink>> by_entity;
  // A bit for each id of by_entity, by its length and three of its bytes:
  // most names a document holds have no record (every name of a --gazetteer
  // list), and this tells them without hashing the whole id.
  std::bitset<4096> recorded_ids;
  static std::size_t recorded_bit(std::string_view id) {
    if (id.empty()) return 0;
    const auto byte = [&](std::size_t at) { return static_cast<std::size_t>(static_cast<unsigned char>(id[at])); };
    return (id.size() * 0x9E37u ^ byte(0) * 0x85EBu ^ byte(id.size() / 2) * 0xC2B3u ^ byte(id.size() - 1) * 0x27D5u) %
           4096;
  }
  [[nodiscard]] bool has_record(const std::string& id) const {
    return recorded_ids.test(recorded_bit(id)) && by_entity.count(id) > 0;
  }
  // Folded names that may carry a recorded link: an entity's name and its
  // case-insensitive aliases. A short case-sensitive alias ("Opus") is an
  // ordinary word too often ("Opus 131") to stand for the pack's knowledge.
  std::unordered_map<std::string, std::set<std::string>> linkable_names;

  // The links of one mention: the pack's record of its entity, and for a
  // pattern mention ("Claude Opus 4.8") the pattern's link to its developer.
  std::vector<KnownLink> links_of(const Mention& mention, std::string_view surface) const {
    std::vector<KnownLink> links;
    if (const auto found = by_entity.find(mention.entity_id); found != by_entity.end()) {
      const auto names = linkable_names.find(mention.entity_id);
      if (names != linkable_names.end() && names->second.count(fold(surface))) links = found->second;
    }
    if (mention.link && mention.link->from != mention.entity_id) {
      links.push_back(
          KnownLink{mention.link->from, mention.link->relation, mention.entity_id, {}, 1.0, mention.rule_id});
    }
    return links;
  }
};

KnownLinkMatcher::KnownLinkMatcher(const RulePack& pack) : impl_(std::make_unique<Impl>(pack)) {
  for (const EntityRule& entity : pack.entities) {
    // Most entities (every name of a --gazetteer list) record nothing.
    if (entity.attributes.empty()) continue;
    std::vector<KnownLink> links;
    if (const std::string developer = attribute_or_empty(entity.attributes, "developer"); !developer.empty()) {
      links.push_back(KnownLink{developer, "develops", entity.id, {}, kKnownLinkConfidence, entity.id + ".developer"});
    }
    if (const std::string employer = attribute_or_empty(entity.attributes, "employer"); !employer.empty()) {
      links.push_back(KnownLink{entity.id, "works_at", employer, attribute_or_empty(entity.attributes, "role"),
                                kKnownLinkConfidence, entity.id + ".employer"});
    }
    if (links.empty()) continue;
    impl_->recorded_ids.set(Impl::recorded_bit(entity.id));
    auto& recorded = impl_->by_entity[entity.id];
    recorded.insert(recorded.end(), links.begin(), links.end());
    auto& names = impl_->linkable_names[entity.id];
    names.insert(fold(entity.name));
    for (const std::string& alias : entity.aliases) names.insert(fold(alias));
  }
}

KnownLinkMatcher::~KnownLinkMatcher() = default;

bool KnownLinkMatcher::may_state_facts(const AnalyzedText& text, const std::vector<Mention>& named,
                                       const std::optional<Mention>& author) const {
  // The ids named, sorted, made only once a name carries a record: most
  // documents name none that does.
  thread_local std::vector<std::string_view> ids;
  ids.clear();
  for (const Mention& mention : named) {
    if (!mention.link && !impl_->has_record(mention.entity_id)) continue;
    if (ids.empty()) {
      for (const Mention& other : named) ids.push_back(other.entity_id);
      if (author) ids.push_back(author->entity_id);
      std::sort(ids.begin(), ids.end());
    }
    const std::string_view surface =
        std::string_view(text.normalized.text).substr(mention.span.begin, mention.span.size());
    for (const KnownLink& link : impl_->links_of(mention, surface))
      if (std::binary_search(ids.begin(), ids.end(),
                             std::string_view(link.subject == mention.entity_id ? link.object : link.subject)))
        return true;
  }
  return false;
}

void KnownLinkMatcher::find(const Document& document, const AnalyzedText& text, const std::vector<Mention>& mentions,
                            std::vector<Fact>& facts, std::vector<RuleTrace>* trace) const {
  std::set<std::pair<std::string, std::string>> related;
  for (const Fact& fact : facts) related.emplace(fact.subject, fact.object);
  std::size_t first = 0;
  for (const Span& sentence : text.sentences) {
    while (first < mentions.size() && mentions[first].span.begin < sentence.begin) ++first;
    std::size_t last = first;
    while (last < mentions.size() && mentions[last].span.end <= sentence.end) ++last;
    if (last - first < 2) continue;
    // A sentence that negates or hedges names the two sides without
    // confirming the record ("Google did not build Gemini"); looked at only
    // when a record applies.
    std::optional<ModifierEffect> modifier;
    std::set<std::string> named;
    std::set<std::pair<std::string, std::string>> stated_here;
    for (std::size_t k = first; k < last; ++k) named.insert(mentions[k].entity_id);
    for (std::size_t k = first; k < last; ++k) {
      if (is_reference(mentions[k])) continue;  // the record is about a name, not a pronoun
      const std::string_view surface =
          std::string_view(text.normalized.text).substr(mentions[k].span.begin, mentions[k].span.size());
      for (const KnownLink& link : impl_->links_of(mentions[k], surface)) {
        const std::string& other = link.subject == mentions[k].entity_id ? link.object : link.subject;
        if (!named.count(other)) continue;
        if (related.count({link.subject, link.object})) {
          if (trace) {
            trace->push_back(
                link_trace(link, sentence.begin, "not used: a relation rule relates them in this document"));
          }
          continue;
        }
        if (!modifier) {
          modifier = impl_->modifiers.effect(
              document, std::string_view(text.normalized.text).substr(sentence.begin, sentence.size()));
        }
        if (modifier->drop) {
          if (trace) {
            trace->push_back(link_trace(link, sentence.begin, "dropped: negated (" + modifier->rule_id + ")"));
          }
          continue;
        }
        if (!stated_here.emplace(link.subject, link.object).second) continue;
        Fact fact;
        fact.subject = link.subject;
        fact.relation = link.relation;
        fact.object = link.object;
        fact.role = link.role;
        fact.confidence = link.confidence * modifier->confidence;
        fact.evidence = sentence_evidence(document, text, sentence, link.rule_id);
        fact.statement = mentions[k].span;
        if (trace)
          trace->push_back(RuleTrace{sentence.begin, link.rule_id, describe_fact(fact), fact.confidence,
                                     "fact (a record of the pack)"});
        facts.push_back(std::move(fact));
      }
    }
  }
}

}  // namespace kgrep
