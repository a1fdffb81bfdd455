#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_set>

#include "kgrep/pipeline.h"
#include "kgrep/resolve.h"
#include "match/pack_screen.h"

namespace kgrep {

namespace {

// What the screen and the relation matcher read of a pack: its patterns,
// relations, modifiers, and the entities with attributes.
RulePack screen_and_relation_inputs(const RulePack& pack) {
  RulePack inputs;
  inputs.patterns = pack.patterns;
  inputs.relations = pack.relations;
  inputs.modifiers = pack.modifiers;
  std::copy_if(pack.entities.begin(), pack.entities.end(), std::back_inserter(inputs.entities),
               [](const EntityRule& entity) { return !entity.attributes.empty(); });
  return inputs;
}

// What `extend` may not change, counted.
std::array<std::size_t, 4> screen_and_relation_counts(const RulePack& pack) {
  return {pack.patterns.size(), pack.relations.size(), pack.modifiers.size(),
          static_cast<std::size_t>(std::count_if(pack.entities.begin(), pack.entities.end(),
                                                 [](const EntityRule& entity) { return !entity.attributes.empty(); }))};
}

}  // namespace

Extractor::Extractor(RulePack pack, unsigned build_threads) : Extractor(std::move(pack), {}, build_threads) {}

Extractor::ScreenAndRelations Extractor::build(const RulePack& pack) {
  auto screen = match_detail::pack_screen(pack);
  RelationMatcher relations(pack, screen);
  return ScreenAndRelations{std::move(screen), std::move(relations)};
}

Extractor::Extractor(RulePack pack, const std::function<void(RulePack&)>& extend, unsigned build_threads)
    : pack_(std::move(pack)),
      // Started, from a copy of its own so that `extend` may grow pack_
      // meanwhile; the future waits for it should anything below throw.
      // Deferred, it is built from pack_ itself when taken, on this thread.
      screen_and_relations_built_(
          build_threads > 1
              ? std::async(std::launch::async, [inputs = screen_and_relation_inputs(pack_)] { return build(inputs); })
              : std::async(std::launch::deferred, [this] { return build(pack_); })),
      extended_([&] {
        if (!extend) return false;
        const auto before = screen_and_relation_counts(pack_);
        extend(pack_);
        if (screen_and_relation_counts(pack_) != before)
          throw std::logic_error("Extractor: `extend` changed what the screen and the relations read of the pack");
        return true;
      }()),
      gazetteer_(pack_),
      built_(screen_and_relations_built_.get()),
      patterns_(pack_, built_.screen),
      known_links_(pack_) {}

DocumentResult Extractor::process(const Document& document) const {
  // A worker thread's text buffers serve document after document.
  thread_local AnalyzedText text;
  return run(document, text, nullptr);
}

ExplainedDocument Extractor::explain(const Document& document) const {
  ExplainedDocument explained;
  explained.result = run(document, explained.text, &explained.trace);
  if (explained.text.sentences.empty()) explained.text.sentences = split_sentences(explained.text.normalized.text);
  return explained;
}

DocumentResult Extractor::run(const Document& document, AnalyzedText& text, std::vector<RuleTrace>* trace) const {
  DocumentResult result;
  result.document_id = document.id;
  // Sentences are found only once there is something to relate: the matchers
  // read tokens alone, and most news names no entity of a pack at all.
  normalize_into(document.text, text.normalized);
  tokenize_into(text.normalized.text, text.tokens, text.folds);
  text.sentences.clear();
  // One scan for the literals of patterns and relations alike.
  thread_local core_detail::AtomScan scan;
  built_.screen->scan(text.normalized.text, scan, true);
  std::vector<Mention> candidates;
  gazetteer_.find(text, candidates);
  patterns_.find(text, candidates, scan);
  // Without a candidate and an author there is no mention to add, resolve or relate.
  if (candidates.empty() && document.author.empty()) return result;
  result.mentions = select_mentions(std::move(candidates));
  add_name_variants(text, result.mentions);
  const std::optional<Mention> author = find_author(document, text, result.mentions, gazetteer_);
  // Sentences, pronouns and relation regexes cost more than finding the
  // names, and most documents that name something state nothing a rule
  // relates: their names are all they give. (Explain and discovery read every sentence.)
  if (!trace && !discover_ && !built_.relations.may_state_facts(document, text, result.mentions, author, &scan) &&
      !known_links_.may_state_facts(text, result.mentions, author))
    return result;
  text.sentences = split_sentences(text.normalized.text);
  add_references(text, author, result.mentions);
  built_.relations.find(document, text, result.mentions, result.facts, trace, &scan);
  if (discover_) discover(document, text, scan, result);

  known_links_.find(document, text, result.mentions, result.facts, trace);
  date_facts(document, text, result.facts);
  return result;
}

void Extractor::discover(const Document& document, const AnalyzedText& text, const core_detail::AtomScan& scan,
                         DocumentResult& result) const {
  std::vector<Mention> names = find_unlisted_names(text, result.mentions);
  if (names.empty()) return;
  // The second pass reads only the sentences that hold an unlisted name.
  AnalyzedText holding;
  holding.normalized = text.normalized;
  std::size_t next = 0;
  for (const Span& sentence : text.sentences) {
    while (next < names.size() && names[next].span.end <= sentence.begin) ++next;
    if (next < names.size() && sentence.contains(names[next].span)) holding.sentences.push_back(sentence);
  }
  std::set<std::string> name_ids;
  for (const Mention& name : names) name_ids.insert(name.entity_id);
  std::set<std::tuple<std::string, std::string, std::string>> known;
  for (const Fact& fact : result.facts) known.emplace(fact.subject, fact.relation, fact.object);
  std::map<std::string, std::string> typed;  // discovered id -> the type of the first slot it filled
  // Every name as a person, every name as an organisation, then each as its
  // words suggest, so that "Jane Roe left OpenAI to join Acme Robotics" finds both.
  for (const char* type : {"Person", "Organization", ""}) {
    std::vector<Mention> merged = result.mentions;
    for (Mention name : names) {
      if (*type) name.type = type;
      merged.push_back(std::move(name));
    }
    std::sort(merged.begin(), merged.end(),
              [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
    std::vector<Fact> found;
    // The same text as the document's, so its scan serves.
    built_.relations.find(document, holding, merged, found, nullptr, &scan);
    for (Fact& fact : found) {
      const bool subject_new = name_ids.count(fact.subject) > 0, object_new = name_ids.count(fact.object) > 0;
      if (!subject_new && !object_new) continue;
      if (!known.emplace(fact.subject, fact.relation, fact.object).second) continue;
      for (const std::string* id : {&fact.subject, &fact.object}) {
        if (!name_ids.count(*id)) continue;
        const auto name =
            std::find_if(names.begin(), names.end(), [&](const Mention& m) { return m.entity_id == *id; });
        typed.emplace(*id, *type ? std::string(type) : name->type);
      }
      result.facts.push_back(std::move(fact));
    }
  }
  for (Mention& name : names) {
    const auto type = typed.find(name.entity_id);
    if (type == typed.end()) continue;
    name.type = type->second;
    result.mentions.push_back(std::move(name));
  }
  std::sort(result.mentions.begin(), result.mentions.end(),
            [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
}

void date_facts(const Document& document, const AnalyzedText& text, std::vector<Fact>& facts) {
  if (facts.empty()) return;
  const std::optional<CalendarDate> article = article_date(document, text.normalized.text);
  const std::string& normalized = text.normalized.text;
  std::map<std::size_t, std::vector<FoundDate>> sentence_dates;  // sentence start -> its dates (offsets in the text)
  for (Fact& fact : facts) {
    auto sentence = std::upper_bound(text.sentences.begin(), text.sentences.end(), fact.statement.begin,
                                     [](std::size_t at, const Span& s) { return at < s.begin; });
    if (sentence == text.sentences.begin()) continue;
    --sentence;
    auto [known, added] = sentence_dates.try_emplace(sentence->begin);
    if (added) {
      known->second = find_dates(std::string_view(normalized).substr(sentence->begin, sentence->size()), article);
      for (FoundDate& date : known->second) {
        date.span.begin += sentence->begin;
        date.span.end += sentence->begin;
      }
    }
    // In "Ai2 released Olmo 3 last November, and Nvidia released Nemotron
    // earlier this month" each release has the date nearest to its words.
    const FoundDate* nearest = nullptr;
    std::size_t best = 0;
    for (const FoundDate& date : known->second) {
      const std::size_t distance = date.span.end <= fact.statement.begin   ? fact.statement.begin - date.span.end
                                   : date.span.begin >= fact.statement.end ? date.span.begin - fact.statement.end
                                                                           : 0;
      if (!nearest || distance < best) nearest = &date, best = distance;
    }
    fact.evidence.date = nearest ? nearest->date.iso() : article ? article->iso() : std::string();
  }
}

void Extractor::register_entities(GraphBuilder& builder) const {
  // Only entities that become nodes: a list of a million names would
  // otherwise be copied into the builder, to be read for a few of them.
  const std::set<std::string> node_ids = builder.node_ids();
  if (node_ids.empty()) return;
  const std::unordered_set<std::string_view> wanted(node_ids.begin(), node_ids.end());
  for (const EntityRule& entity : pack_.entities) {
    if (!wanted.count(entity.id)) continue;
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
  builder.add_document(result.document_id, counts);
  for (const Fact& fact : result.facts) builder.add_fact(fact);
}

}  // namespace kgrep
