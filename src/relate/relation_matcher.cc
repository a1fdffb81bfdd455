#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "core/regex_screen.h"
#include "kgrep/relate.h"
#include "kgrep/resolve.h"
#include "match/pack_screen.h"
#include "relate/loose_screen.h"

namespace kgrep {

namespace {

constexpr int64_t kRelationMemoryBudget = 64 << 20;

// A relation's regex, compiled the first time a sentence may match it: a run
// needs few of a pack's relations (15 of the default pack's 68 over the
// benchmark's Reuters news), and compiling them all was a quarter of the
// start-up with a name list, a third without. A pack's regexes were compiled
// once already when it was loaded, to check them, unless it is the default
// pack, whose tests compile them.
struct LazyRegex {
  std::once_flag compiled;
  std::unique_ptr<const RE2> re;
  std::map<std::string, int> groups;  // placeholder or "role" -> capture group
};

struct CompiledRelation {
  const RelationRule* rule;
  std::unique_ptr<LazyRegex> regex;  // a pointer: std::once_flag cannot move
  bool single_mention = false;       // an emit takes a side from an attribute
  // Per emit, the types each of its placeholder sides accepts, as a mask of
  // type_bit()s (0: any type): a sentence or document naming none of one
  // side's types cannot give that emit a fact.
  std::vector<std::vector<std::uint32_t>> emit_side_masks;
  // An emit takes a side's entity from an attribute ("model.developer"):
  // the only way to a fact in a document that names one entity alone.
  bool attribute_side = false;
};

// `relation`'s regex, compiled on first use by whichever thread needs it.
// Throws kgrep::Error if RE2 cannot compile it within its memory budget.
const LazyRegex& regex_of(const CompiledRelation& relation) {
  LazyRegex& lazy = *relation.regex;
  std::call_once(lazy.compiled, [&] {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(relation.rule->case_sensitive);
    options.set_max_mem(kRelationMemoryBudget);
    auto re = std::make_unique<const RE2>(relation.rule->compiled_regex, options);
    if (re->ok()) lazy.groups = {re->NamedCapturingGroups().begin(), re->NamedCapturingGroups().end()};
    lazy.re = std::move(re);
  });
  if (!lazy.re->ok())
    throw Error(std::vector<Diagnostic>{
        Diagnostic{Severity::kError, "R008", relation.rule->loc,
                   fmt::format("relation '{}' cannot be compiled: {}", relation.rule->id, lazy.re->error())}});
  return lazy;
}

// A bit per entity type of kEntityTypes, and one for any other type.
std::uint32_t type_bit(std::string_view type) {
  for (std::size_t k = 0; k < std::size(kEntityTypes); ++k)
    if (kEntityTypes[k] == type) return std::uint32_t{1} << k;
  return std::uint32_t{1} << 31;
}

// Whether some emit of `relation` has, for each side it binds, a mention of an
// accepted type among `types` (the type_bit()s a sentence or document names).
bool can_emit(const CompiledRelation& relation, std::uint32_t types) {
  return std::any_of(relation.emit_side_masks.begin(), relation.emit_side_masks.end(), [&](const auto& sides) {
    return std::all_of(sides.begin(), sides.end(),
                       [&](std::uint32_t accepted) { return accepted == 0 || (accepted & types) != 0; });
  });
}

// Titles captured by a (?P<role>...) group: acronyms upper case, words lower
// case, so "ceo", "Ceo" and "CEO" are one role.
std::string canonical_role(std::string_view captured) {
  std::string role;
  for (char ch : captured) role += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  static constexpr std::string_view kAcronyms[] = {"ceo", "cto", "cfo", "coo", "cso", "cpo", "vp", "svp", "evp"};
  for (auto acronym : kAcronyms) {
    if (role == acronym) {
      for (char& ch : role) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      break;
    }
  }
  return role;
}

// The primary language subtag, lower case: "EN", "en-US", "nl_BE" -> "en", "nl".
std::string primary_language(std::string_view tag) {
  std::string language;
  for (char ch : tag) {
    if (ch == '-' || ch == '_') break;
    language += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return language;
}

// Where the clause holding offset `at` starts: after the last dash, semicolon,
// colon or ", but" before it. A negation in an earlier clause ("is not
// drawing only from Meta — it is recruiting from OpenAI") does not reach it.
std::size_t clause_start(std::string_view sentence, std::size_t at) {
  static constexpr std::string_view kSeparators[] = {" - ", " -- ", "; ", ": ", ", but ", ", maar "};
  std::size_t start = 0;
  const std::string_view before = sentence.substr(0, at);
  for (std::string_view separator : kSeparators) {
    const std::size_t found = before.rfind(separator);
    if (found != std::string_view::npos) start = std::max(start, found + separator.size());
  }
  return start;
}

RuleTrace trace_of(const Fact& fact, std::size_t sentence, std::string outcome) {
  return RuleTrace{sentence, fact.evidence.rule_id, describe_fact(fact), fact.confidence, std::move(outcome)};
}

// Removes facts[first + k] for every k with a reason in `drop`, keeping the
// order; the reasons go to `trace`.
void erase_flagged(std::vector<Fact>& facts, std::size_t first, const std::vector<std::string>& drop,
                   std::size_t sentence, std::vector<RuleTrace>* trace) {
  std::size_t kept = first;
  for (std::size_t k = first; k < facts.size(); ++k) {
    if (!drop[k - first].empty()) {
      if (trace) trace->push_back(trace_of(facts[k], sentence, drop[k - first]));
      continue;
    }
    if (kept != k) facts[kept] = std::move(facts[k]);
    ++kept;
  }
  facts.resize(kept);
}

}  // namespace

std::string describe_fact(const Fact& fact) {
  std::string text = fact.subject + " " + fact.relation + " " + fact.object;
  if (!fact.role.empty()) text += "/" + fact.role;
  return text;
}

bool language_applies(std::string_view lang, const Document& document) {
  if (lang.empty() || document.lang.empty()) return true;
  return primary_language(document.lang) == primary_language(lang);
}

Evidence sentence_evidence(const Document& document, const AnalyzedText& text, Span sentence, std::string rule_id) {
  Evidence evidence;
  const Span original = text.normalized.to_original(sentence);
  evidence.doc_id = document.id;
  evidence.date = document.date;
  evidence.sentence = original;
  evidence.sentence_text = collapse_whitespace(std::string_view(document.text).substr(original.begin, original.size()));
  evidence.rule_id = std::move(rule_id);
  return evidence;
}

std::string sentence_template(std::string_view normalized, Span sentence, const std::vector<Mention>& mentions) {
  std::string result;
  result.reserve(sentence.size() + 8 * mentions.size());
  std::size_t pos = sentence.begin;
  for (std::size_t k = 0; k < mentions.size(); ++k) {
    result.append(normalized.substr(pos, mentions[k].span.begin - pos));
    result += placeholder_token(mentions[k].type, k);
    pos = mentions[k].span.end;
  }
  result.append(normalized.substr(pos, sentence.end - pos));
  return result;
}

struct RelationMatcher::Impl {
  // The relations and the entities' attributes, not the pack: with a list of a
  // million names, a copy of the pack would cost more than every regex.
  explicit Impl(const RulePack& pack) : rules(pack.relations), modifiers(pack) {
    for (const EntityRule& entity : pack.entities)
      if (!entity.attributes.empty()) entity_attributes.emplace(entity.id, entity.attributes);
  }
  std::vector<RelationRule> rules;
  ModifierSet modifiers;
  // Tells matchers apart for answers kept per thread (an address may be reused).
  const std::uint64_t serial = next_serial();
  static std::uint64_t next_serial() {
    static std::atomic<std::uint64_t> made{0};
    return ++made;
  }
  std::vector<CompiledRelation> relations;
  std::map<std::string, const RelationRule*> by_id;
  // Entities with attributes (the first of an id): what a side "placeholder.attribute" reads.
  std::map<std::string, std::map<std::string, std::string>> entity_attributes;
  bool any_single_mention_rule = false;
  // Each relation's regex loosened (relaxed_regex) in the pack's screen
  // (match_detail::pack_screen): whether it may match a document, and which
  // relations may match within a sentence, told from the document's one scan.
  std::unique_ptr<relate_detail::LooseScreen> screen;

  // The entity id a side "placeholder.attribute" stands for, or "" when the
  // bound entity has no such attribute. A pattern's develops-link is its
  // mentions' developer.
  std::string entity_attribute(const Mention& mention, const std::string& attribute) const {
    if (attribute.empty()) return mention.entity_id;
    if (auto found = mention.attributes.find(attribute); found != mention.attributes.end()) return found->second;
    if (auto entity = entity_attributes.find(mention.entity_id); entity != entity_attributes.end()) {
      if (auto found = entity->second.find(attribute); found != entity->second.end()) return found->second;
    }
    if (attribute == "developer" && mention.link && mention.link->relation == "develops") return mention.link->from;
    return {};
  }

  // The entity a "context:Type" side stands for in sentence `index`: the last
  // named (not pronoun) mention of `type` in the kContextSentences sentences
  // before it; "" when the sentence itself names another entity of that type
  // than `other_side` (the entities bound to the fact's other side) and the
  // context's (the text has moved on), or there is none. `first_mention` is
  // the index of the sentence's first mention.
  static std::string context_entity(const AnalyzedText& text, std::size_t index, const std::vector<Mention>& mentions,
                                    std::size_t first_mention, const std::vector<Mention>& inside,
                                    const std::string& type, const std::set<std::string>& other_side) {
    const std::size_t oldest = index >= kContextSentences ? index - kContextSentences : 0;
    const std::size_t reach = text.sentences[oldest].begin;
    std::string found;
    for (std::size_t k = first_mention; k > 0 && mentions[k - 1].span.begin >= reach; --k) {
      const Mention& mention = mentions[k - 1];
      if (mention.type == type && !is_reference(mention) && !other_side.count(mention.entity_id)) {
        found = mention.entity_id;
        break;
      }
    }
    for (const Mention& mention : inside) {
      if (mention.type == type && !other_side.count(mention.entity_id) && mention.entity_id != found) return {};
    }
    return found;
  }

  // A context side is a fallback: among facts[first..], one with a context
  // side gives way to a fact of the same relation and named side that names
  // its other side in the sentence.
  static void drop_superseded_context_facts(std::vector<Fact>& facts, std::size_t first,
                                            const std::vector<int>& context_side, std::size_t sentence,
                                            std::vector<RuleTrace>* trace) {
    std::vector<std::string> drop(facts.size() - first);
    for (std::size_t k = first; k < facts.size(); ++k) {
      const int side = context_side[k - first];
      if (side == 0) continue;
      for (std::size_t j = first; j < facts.size(); ++j) {
        if (context_side[j - first] != 0 || facts[j].relation != facts[k].relation) continue;
        if ((side == 2 && facts[j].subject == facts[k].subject) || (side == 1 && facts[j].object == facts[k].object))
          drop[k - first] = "dropped: " + facts[j].evidence.rule_id + " names that side in the sentence itself";
      }
    }
    erase_flagged(facts, first, drop, sentence, trace);
  }

  // Removes, among facts[first..], those whose rule names in `unless` a
  // relation that another of these facts states between the same entities.
  void drop_redundant_facts(std::vector<Fact>& facts, std::size_t first, std::size_t sentence,
                            std::vector<RuleTrace>* trace) const {
    std::vector<std::string> drop(facts.size() - first);
    for (std::size_t k = first; k < facts.size(); ++k) {
      // Two rules stating one fact in one sentence are one statement: it counts once.
      for (std::size_t j = first; j < k && drop[k - first].empty(); ++j) {
        if (!drop[j - first].empty() || facts[j].subject != facts[k].subject ||
            facts[j].relation != facts[k].relation || facts[j].object != facts[k].object ||
            facts[j].role != facts[k].role)
          continue;
        facts[j].confidence = std::max(facts[j].confidence, facts[k].confidence);
        drop[k - first] = "merged: " + facts[j].evidence.rule_id + " states the same fact in this sentence";
      }
      if (!drop[k - first].empty()) continue;
      const RelationRule* rule = by_id.at(facts[k].evidence.rule_id);
      for (std::size_t j = first; j < facts.size() && !rule->unless.empty(); ++j) {
        if (j == k || facts[j].subject != facts[k].subject || facts[j].object != facts[k].object) continue;
        if (std::find(rule->unless.begin(), rule->unless.end(), facts[j].relation) != rule->unless.end())
          drop[k - first] = "dropped: the sentence states " + facts[j].relation + " between them (unless)";
      }
    }
    erase_flagged(facts, first, drop, sentence, trace);
  }
};

RelationMatcher::RelationMatcher(const RulePack& pack) : RelationMatcher(pack, match_detail::pack_screen(pack)) {}

RelationMatcher::RelationMatcher(const RulePack& pack, std::shared_ptr<const core_detail::RegexScreen> screen)
    : impl_(std::make_unique<Impl>(pack)) {
  match_detail::require_pack_screen(pack, *screen, "RelationMatcher");
  impl_->screen = std::make_unique<relate_detail::LooseScreen>(std::move(screen), pack.patterns.size());
  for (const auto& rule : impl_->rules) {
    impl_->by_id.emplace(rule.id, &rule);
    const bool single_mention = std::any_of(rule.emits.begin(), rule.emits.end(), [](const RelationEmit& emit) {
      return !emit.subject_attribute.empty() || !emit.object_attribute.empty() || !emit.subject_context.empty() ||
             !emit.object_context.empty();
    });
    impl_->any_single_mention_rule = impl_->any_single_mention_rule || single_mention;
    std::vector<std::vector<std::uint32_t>> emit_side_masks;
    for (const RelationEmit& emit : rule.emits) {
      auto& masks = emit_side_masks.emplace_back();
      for (const std::string* side : {&emit.subject, &emit.object}) {
        const auto placeholder = std::find_if(rule.placeholders.begin(), rule.placeholders.end(),
                                              [&](const Placeholder& p) { return !side->empty() && p.name == *side; });
        if (placeholder == rule.placeholders.end()) continue;
        std::uint32_t mask = 0;
        for (const std::string& type : placeholder->types) mask |= type_bit(type);
        masks.push_back(mask);
      }
    }
    const bool attribute_side = std::any_of(rule.emits.begin(), rule.emits.end(), [](const RelationEmit& emit) {
      return !emit.subject_attribute.empty() || !emit.object_attribute.empty();
    });
    impl_->relations.push_back(CompiledRelation{&rule, std::make_unique<LazyRegex>(), single_mention,
                                                std::move(emit_side_masks), attribute_side});
  }
}

RelationMatcher::RelationMatcher(RelationMatcher&&) noexcept = default;
RelationMatcher::~RelationMatcher() = default;

bool RelationMatcher::may_state_facts(const Document& document, const AnalyzedText& text,
                                      const std::vector<Mention>& named, const std::optional<Mention>& author,
                                      const core_detail::AtomScan* scan) const {
  const Impl& impl = *impl_;
  std::uint32_t types = author ? type_bit(author->type) : 0;
  for (const Mention& mention : named) types |= type_bit(mention.type);
  // A fact's two sides are different entities. Pronouns and the context stand
  // for named ones, so with one entity named (however often) only a side
  // read from an attribute can be the other.
  const std::string* first_id = author ? &author->entity_id : named.empty() ? nullptr : &named[0].entity_id;
  const bool one_entity =
      std::all_of(named.begin(), named.end(), [&](const Mention& m) { return m.entity_id == *first_id; });
  // The relations that may apply depend on these alone, and document after
  // document names the same types: the last answer is kept. (A tag with no
  // primary subtag, "-x", is not the same as no tag: see language_applies.)
  struct Shortlist {
    std::uint64_t matcher = 0;
    std::uint32_t types = 0;
    bool one_entity = false;
    bool tagged = false;
    std::string language;
    std::vector<std::size_t> relations;
  };
  thread_local Shortlist last;
  const bool tagged = !document.lang.empty();
  const std::string language = primary_language(document.lang);
  if (last.matcher != impl.serial || last.types != types || last.one_entity != one_entity || last.tagged != tagged ||
      last.language != language) {
    last.matcher = impl.serial;
    last.types = types;
    last.one_entity = one_entity;
    last.tagged = tagged;
    last.language = language;
    last.relations.clear();
    for (std::size_t k = 0; k < impl.relations.size(); ++k) {
      const CompiledRelation& relation = impl.relations[k];
      if (one_entity && !relation.attribute_side) continue;
      if (!language_applies(relation.rule->lang, document) || !can_emit(relation, types)) continue;
      last.relations.push_back(k);
    }
  }
  const std::vector<std::size_t>& possible = last.relations;
  if (possible.empty()) return false;
  return scan ? impl.screen->any_matches(text.normalized.text, *scan, possible)
              : impl.screen->any_matches(text.normalized.text, possible);
}

void RelationMatcher::find(const Document& document, const AnalyzedText& text, const std::vector<Mention>& mentions,
                           std::vector<Fact>& out, std::vector<RuleTrace>* trace,
                           const core_detail::AtomScan* scan) const {
  const std::string& normalized = text.normalized.text;
  thread_local core_detail::AtomScan own_scan;
  if (scan == nullptr) {
    impl_->screen->scan(normalized, own_scan);
    scan = &own_scan;
  }
  // A relation that matches a sentence's template has its loosened regex
  // match the sentence's text, and so the atoms that regex needs are there.
  core_detail::SpanScans sentence_scans(impl_->screen->screen(), *scan);
  std::size_t first_mention = 0;
  std::vector<Mention> inside;
  std::vector<re2::StringPiece> groups;
  std::vector<int> context_side;  // per fact of the sentence: 0 none, 1 subject, 2 object from the context
  std::vector<std::size_t> run;   // the relations that may match the sentence
  for (std::size_t index = 0; index < text.sentences.size(); ++index) {
    const Span& sentence = text.sentences[index];
    while (first_mention < mentions.size() && mentions[first_mention].span.begin < sentence.begin) ++first_mention;
    inside.clear();
    for (std::size_t k = first_mention; k < mentions.size() && mentions[k].span.end <= sentence.end; ++k)
      inside.push_back(mentions[k]);
    // Most relations need a subject and an object mention; only a side the
    // pack supplies ("model.developer") lets one mention state a fact.
    if (inside.empty() || (inside.size() < 2 && !impl_->any_single_mention_rule)) continue;
    const std::size_t sentence_facts = out.size();
    context_side.clear();
    const std::string sentence_text = sentence_template(normalized, sentence, inside);
    std::optional<Evidence> evidence;  // made for the sentence's first fact
    const re2::StringPiece input(sentence_text);
    std::uint32_t types = 0;
    for (const Mention& mention : inside) types |= type_bit(mention.type);
    impl_->screen->may_match_within(sentence_scans.within(sentence.begin, sentence.end), run);
    for (const std::size_t matching : run) {
      const CompiledRelation& relation = impl_->relations[matching];
      const RelationRule& rule = *relation.rule;
      if (!language_applies(rule.lang, document)) continue;
      if (inside.size() < 2 && !relation.single_mention) continue;
      if (!can_emit(relation, types)) continue;
      const LazyRegex& regex = regex_of(relation);
      const int group_count = regex.re->NumberOfCapturingGroups() + 1;
      groups.assign(static_cast<std::size_t>(group_count), re2::StringPiece());
      std::size_t pos = 0;
      while (pos <= sentence_text.size() &&
             regex.re->Match(input, pos, sentence_text.size(), RE2::UNANCHORED, groups.data(), group_count)) {
        const auto begin = static_cast<std::size_t>(groups[0].data() - sentence_text.data());
        const std::size_t end = begin + groups[0].size();
        pos = std::max(end, pos + 1);
        const std::size_t clause = clause_start(sentence_text, begin);
        const ModifierEffect modifier =
            rule.modifiers
                ? impl_->modifiers.effect(document, std::string_view(sentence_text).substr(clause, end - clause))
                : ModifierEffect{};
        if (modifier.drop && !trace) continue;
        auto members = [&](const std::string& name) {
          const auto group = regex.groups.find(name);
          if (group == regex.groups.end()) return std::vector<std::size_t>{};
          return placeholder_indices(groups[static_cast<std::size_t>(group->second)]);
        };
        std::string role = rule.role;
        if (auto role_group = regex.groups.find("role"); role_group != regex.groups.end()) {
          const auto& captured = groups[static_cast<std::size_t>(role_group->second)];
          if (captured.data() != nullptr && !captured.empty()) role = canonical_role(captured);
        }
        for (const RelationEmit& emit : rule.emits) {
          // A context side binds no placeholder: it is one "member" standing for the context's entity.
          const std::vector<std::size_t> context_member{inside.size()};
          const auto subjects = emit.subject_context.empty() ? members(emit.subject) : context_member;
          const auto objects = emit.object_context.empty() ? members(emit.object) : context_member;
          std::set<std::string> named_side;
          for (std::size_t member : emit.subject_context.empty() ? subjects : objects) {
            if (member < inside.size()) named_side.insert(inside[member].entity_id);
          }
          for (std::size_t subject : subjects) {
            for (std::size_t object : objects) {
              const bool subject_from_context = !emit.subject_context.empty();
              const bool object_from_context = !emit.object_context.empty();
              if ((subject >= inside.size() && !subject_from_context) ||
                  (object >= inside.size() && !object_from_context))
                continue;
              std::string subject_id = subject_from_context
                                           ? std::string()
                                           : impl_->entity_attribute(inside[subject], emit.subject_attribute);
              std::string object_id =
                  object_from_context ? std::string() : impl_->entity_attribute(inside[object], emit.object_attribute);
              if (subject_from_context)
                subject_id = Impl::context_entity(text, index, mentions, first_mention, inside, emit.subject_context,
                                                  named_side);
              if (object_from_context)
                object_id =
                    Impl::context_entity(text, index, mentions, first_mention, inside, emit.object_context, named_side);
              if (subject_id.empty() || object_id.empty() || subject_id == object_id) continue;
              Fact fact;
              fact.subject = std::move(subject_id);
              fact.relation = emit.relation;
              fact.object = std::move(object_id);
              fact.role = role;
              fact.confidence = rule.confidence * modifier.confidence;
              // A side taken from a pronoun or from the context is a guess the sentence does not spell out.
              if (subject_from_context || object_from_context || is_reference(inside[subject]) ||
                  is_reference(inside[object]))
                fact.confidence *= kReferenceConfidence;
              if (modifier.drop) {
                fact.evidence.rule_id = rule.id;
                trace->push_back(trace_of(fact, sentence.begin, "dropped: negated (" + modifier.rule_id + ")"));
                continue;
              }
              if (trace && !modifier.rule_id.empty())
                trace->push_back(trace_of(fact, sentence.begin, "hedged (" + modifier.rule_id + ")"));
              if (!evidence) evidence = sentence_evidence(document, text, sentence, {});
              fact.evidence = *evidence;
              fact.evidence.rule_id = rule.id;
              fact.statement = subject_from_context ? inside[object].span : inside[subject].span;
              if (!subject_from_context && !object_from_context) {
                fact.statement.begin = std::min(fact.statement.begin, inside[object].span.begin);
                fact.statement.end = std::max(fact.statement.end, inside[object].span.end);
              }
              out.push_back(std::move(fact));
              context_side.push_back(subject_from_context ? 1 : object_from_context ? 2 : 0);
            }
          }
        }
      }
    }
    Impl::drop_superseded_context_facts(out, sentence_facts, context_side, sentence.begin, trace);
    impl_->drop_redundant_facts(out, sentence_facts, sentence.begin, trace);
    if (trace) {
      for (std::size_t k = sentence_facts; k < out.size(); ++k) {
        const bool from_context = context_side.size() > k - sentence_facts && context_side[k - sentence_facts] != 0;
        trace->push_back(trace_of(out[k], sentence.begin, from_context ? "fact (one side from the context)" : "fact"));
      }
    }
  }
}

}  // namespace kgrep
