#include <algorithm>
#include <cmath>
#include <limits>

#include "kgrep/graph.h"

namespace kgrep {

namespace {

// The best evidence of an edge: the highest confidence, then the smallest
// (document id, sentence start, rule id, text), so any merge order picks the same.
bool better_evidence(const Evidence& a, double a_confidence, const Evidence& b, double b_confidence) {
  if (a_confidence != b_confidence) return a_confidence > b_confidence;
  // The text settles ties between documents that share an id (two "a.txt" in
  // different folders), so input order never decides.
  return std::tie(a.doc_id, a.sentence.begin, a.rule_id, a.sentence_text) <
         std::tie(b.doc_id, b.sentence.begin, b.rule_id, b.sentence_text);
}

void widen_dates(std::string& first, std::string& last, const std::string& date_first, const std::string& date_last) {
  if (!date_first.empty() && (first.empty() || date_first < first)) first = date_first;
  if (!date_last.empty() && (last.empty() || date_last > last)) last = date_last;
}

}  // namespace

bool operator<(const Support& a, const Support& b) {
  const Evidence& x = a.evidence;
  const Evidence& y = b.evidence;
  return std::tie(x.doc_id, x.sentence.begin, x.sentence.end, x.rule_id, a.role, x.sentence_text, x.date,
                  a.confidence) <
         std::tie(y.doc_id, y.sentence.begin, y.sentence.end, y.rule_id, b.role, y.sentence_text, y.date, b.confidence);
}

void GraphBuilder::add_entity(const EntityRecord& entity) {
  auto [it, inserted] = entities_.emplace(entity.id, entity);
  EntityRecord& known = it->second;
  // Aliases are sorted even for an entity registered once, so that one
  // registration and several (shards merged) give the same list.
  if (inserted) {
    std::sort(known.aliases.begin(), known.aliases.end());
    known.aliases.erase(std::unique(known.aliases.begin(), known.aliases.end()), known.aliases.end());
    return;
  }
  // A listed entity beats a discovered one; otherwise keep the smaller label
  // so the result does not depend on the order documents arrive in.
  if ((known.discovered && !entity.discovered) ||
      (known.discovered == entity.discovered &&
       std::tie(entity.label, entity.type) < std::tie(known.label, known.type))) {
    std::vector<std::string> aliases = std::move(known.aliases);
    known = entity;
    aliases.insert(aliases.end(), entity.aliases.begin(), entity.aliases.end());
    known.aliases = std::move(aliases);
  } else {
    known.aliases.insert(known.aliases.end(), entity.aliases.begin(), entity.aliases.end());
  }
  std::sort(known.aliases.begin(), known.aliases.end());
  known.aliases.erase(std::unique(known.aliases.begin(), known.aliases.end()), known.aliases.end());
}

void GraphBuilder::add_mentions(const std::string& entity_id, long count) { mentions_[entity_id] += count; }

GraphBuilder::Interned::Interned(const Interned& other) : numbers(other.numbers), names(other.names.size()) {
  for (const auto& [name, number] : numbers) names[number] = &name;
}

GraphBuilder::Interned& GraphBuilder::Interned::operator=(const Interned& other) {
  if (this != &other) *this = Interned(other);
  return *this;
}

std::uint32_t GraphBuilder::Interned::number_of(const std::string& name) {
  if (names.size() == std::numeric_limits<std::uint32_t>::max())
    throw Error("more than 4,294,967,294 distinct documents or entities with per-document counts");
  const auto [it, added] = numbers.try_emplace(name, static_cast<std::uint32_t>(names.size()));
  if (added) names.push_back(&it->first);
  return it->second;
}

void GraphBuilder::add_document_mentions(const std::string& entity_id, const std::string& doc_id, long count) {
  // A document read twice is settled in build(), which keeps the larger count.
  document_mentions_.push_back({mentioned_entities_.number_of(entity_id), documents_.number_of(doc_id), count});
}

bool GraphBuilder::DocumentHashes::insert(std::uint64_t hash) {
  // 0, which document_id_hash never gives, marks an empty slot.
  if ((count + 1) * 2 > slots.size()) {
    std::vector<std::uint64_t> old(std::max<std::size_t>(1024, slots.size() * 2), 0);
    old.swap(slots);
    count = 0;
    for (const std::uint64_t kept : old)
      if (kept != 0) insert(kept);
  }
  const std::size_t mask = slots.size() - 1;
  // document_id_hash is well mixed; its low bits index the table.
  for (std::size_t k = hash & mask;; k = (k + 1) & mask) {
    if (slots[k] == hash) return false;
    if (slots[k] == 0) {
      slots[k] = hash;
      ++count;
      return true;
    }
  }
}

void GraphBuilder::prefetch_document(const std::string& doc_id) const {
  if (keep_document_mentions_ || counted_documents_.slots.empty()) return;
  __builtin_prefetch(&counted_documents_.slots[document_id_hash(doc_id) & (counted_documents_.slots.size() - 1)]);
}

void GraphBuilder::add_document(const std::string& doc_id, const std::map<std::string, long>& counts) {
  if (keep_document_mentions_) {
    const std::uint32_t document = documents_.number_of(doc_id);
    for (const auto& [id, count] : counts)
      document_mentions_.push_back({mentioned_entities_.number_of(id), document, count});
    return;
  }
  if (!counted_documents_.insert(document_id_hash(doc_id))) return;
  for (const auto& [id, count] : counts) add_mentions(id, count);
}

void GraphBuilder::add_fact(const Fact& fact) {
  EdgeAccumulator edge;
  edge.support.insert({fact.evidence, fact.role, fact.confidence});
  if (!fact.role.empty()) edge.roles.insert(fact.role);
  edge.confidence = fact.confidence;
  edge.first_seen = fact.evidence.date;
  edge.last_seen = fact.evidence.date;
  edge.docs.insert(fact.evidence.doc_id);
  edge.evidence = fact.evidence;
  edge.evidence_confidence = fact.confidence;
  edge.rules.insert(fact.evidence.rule_id);
  merge_edge({fact.subject, fact.relation, fact.object}, edge);
}

void GraphBuilder::merge_edge(const std::tuple<std::string, std::string, std::string>& key,
                              const EdgeAccumulator& edge) {
  auto [it, inserted] = edges_.emplace(key, edge);
  if (inserted) return;
  EdgeAccumulator& known = it->second;
  // Everything but the weight without statements is a union, a minimum or a
  // maximum, so a statement seen again changes nothing.
  known.support.insert(edge.support.begin(), edge.support.end());
  known.roles.insert(edge.roles.begin(), edge.roles.end());
  known.weight_without_support += edge.weight_without_support;
  known.confidence = std::max(known.confidence, edge.confidence);
  widen_dates(known.first_seen, known.last_seen, edge.first_seen, edge.last_seen);
  known.docs.insert(edge.docs.begin(), edge.docs.end());
  known.rules.insert(edge.rules.begin(), edge.rules.end());
  if (better_evidence(edge.evidence, edge.evidence_confidence, known.evidence, known.evidence_confidence)) {
    known.evidence = edge.evidence;
    known.evidence_confidence = edge.evidence_confidence;
  }
}

void GraphBuilder::merge(const GraphBuilder& other) {
  for (const auto& [id, entity] : other.entities_) add_entity(entity);
  for (const auto& [id, count] : other.mentions_) mentions_[id] += count;
  for (const DocumentMention& mention : other.document_mentions_)
    add_document_mentions(*other.mentioned_entities_.names[mention.entity], *other.documents_.names[mention.document],
                          mention.count);
  for (const auto& [key, edge] : other.edges_) merge_edge(key, edge);
}

void GraphBuilder::add_graph(const KnowledgeGraph& knowledge) {
  const Graph& graph = knowledge.graph;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    const bool bare = node.label == node.id && node.type.empty() && node.aliases.empty() && node.attributes.empty() &&
                      !node.discovered;
    if (!bare) add_entity({node.id, node.label, node.type, node.aliases, node.attributes, node.discovered});
    long without_documents = node.mentions;
    if (!node.document_mentions.empty()) {
      const std::uint32_t entity = mentioned_entities_.number_of(node.id);
      for (const auto& [doc, count] : node.document_mentions) {
        document_mentions_.push_back({entity, documents_.number_of(doc), count});
        without_documents -= count;
      }
    }
    if (without_documents != 0) add_mentions(node.id, without_documents);
  }
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    EdgeAccumulator accumulated;
    accumulated.support.insert(properties.support.begin(), properties.support.end());
    accumulated.roles.insert(properties.roles.begin(), properties.roles.end());
    accumulated.weight_without_support = std::lround(properties.weight) - static_cast<long>(properties.support.size());
    accumulated.confidence = properties.confidence;
    accumulated.first_seen = properties.first_seen;
    accumulated.last_seen = properties.last_seen;
    accumulated.docs.insert(properties.docs.begin(), properties.docs.end());
    accumulated.evidence = properties.evidence;
    // The best evidence is the one with the highest confidence, so its
    // confidence is the edge's.
    accumulated.evidence_confidence = properties.confidence;
    accumulated.rules.insert(properties.rules.begin(), properties.rules.end());
    merge_edge({graph[boost::source(edge, graph)].id, properties.relation, graph[boost::target(edge, graph)].id},
               accumulated);
  }
}

std::vector<std::uint64_t> GraphBuilder::counted_document_hashes() const {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(counted_documents_.count);
  for (const std::uint64_t slot : counted_documents_.slots)
    if (slot != 0) hashes.push_back(slot);
  std::sort(hashes.begin(), hashes.end());
  return hashes;
}

std::set<std::string> GraphBuilder::node_ids() const {
  std::set<std::string> ids;
  for (const auto& [id, count] : mentions_)
    if (count > 0) ids.insert(id);
  std::vector<bool> mentioned(mentioned_entities_.names.size(), false);
  for (const DocumentMention& mention : document_mentions_)
    if (mention.count > 0) mentioned[mention.entity] = true;
  for (std::size_t entity = 0; entity < mentioned.size(); ++entity)
    if (mentioned[entity]) ids.insert(*mentioned_entities_.names[entity]);
  for (const auto& [key, edge] : edges_) {
    ids.insert(std::get<0>(key));
    ids.insert(std::get<2>(key));
  }
  return ids;
}

std::vector<GraphBuilder::DocumentMention> GraphBuilder::sorted_document_mentions(
    std::vector<const std::string*>& document_by_rank) const {
  // Documents ranked by id once, so the log sorts on numbers alone.
  std::vector<std::uint32_t> by_rank(documents_.names.size());
  for (std::uint32_t k = 0; k < by_rank.size(); ++k) by_rank[k] = k;
  std::sort(by_rank.begin(), by_rank.end(),
            [&](std::uint32_t a, std::uint32_t b) { return *documents_.names[a] < *documents_.names[b]; });
  std::vector<std::uint32_t> rank_of(by_rank.size());
  document_by_rank.resize(by_rank.size());
  for (std::uint32_t rank = 0; rank < by_rank.size(); ++rank) {
    rank_of[by_rank[rank]] = rank;
    document_by_rank[rank] = documents_.names[by_rank[rank]];
  }
  std::vector<DocumentMention> sorted = document_mentions_;
  for (DocumentMention& mention : sorted) mention.document = rank_of[mention.document];
  // A document read twice: its largest count comes first and is the one kept.
  std::sort(sorted.begin(), sorted.end(), [](const DocumentMention& a, const DocumentMention& b) {
    return std::tie(a.entity, a.document, b.count) < std::tie(b.entity, b.document, a.count);
  });
  return sorted;
}

KnowledgeGraph GraphBuilder::build() const {
  const std::set<std::string> ids = node_ids();
  std::vector<const std::string*> document_by_rank;
  const std::vector<DocumentMention> sorted = sorted_document_mentions(document_by_rank);
  KnowledgeGraph result;
  std::map<std::string, Graph::vertex_descriptor> vertex_of;
  for (const std::string& id : ids) {
    NodeProperties node;
    node.id = id;
    if (auto entity = entities_.find(id); entity != entities_.end()) {
      node.label = entity->second.label;
      node.type = entity->second.type;
      node.aliases = entity->second.aliases;
      node.attributes = entity->second.attributes;
      node.discovered = entity->second.discovered;
    } else {
      node.label = id;
    }
    if (auto count = mentions_.find(id); count != mentions_.end()) node.mentions = count->second;
    if (auto entity = mentioned_entities_.numbers.find(id); entity != mentioned_entities_.numbers.end()) {
      auto mention = std::lower_bound(sorted.begin(), sorted.end(), entity->second,
                                      [](const DocumentMention& m, std::uint32_t number) { return m.entity < number; });
      for (; mention != sorted.end() && mention->entity == entity->second; ++mention) {
        const bool read_again = mention != sorted.begin() && std::prev(mention)->entity == mention->entity &&
                                std::prev(mention)->document == mention->document;
        if (read_again || mention->count <= 0) continue;
        node.document_mentions.emplace_back(*document_by_rank[mention->document], mention->count);
        node.mentions += mention->count;
      }
    }
    vertex_of[id] = boost::add_vertex(std::move(node), result.graph);
  }
  for (const auto& [key, accumulated] : edges_) {
    EdgeProperties edge;
    edge.relation = std::get<1>(key);
    edge.roles.assign(accumulated.roles.begin(), accumulated.roles.end());
    edge.weight =
        static_cast<double>(accumulated.weight_without_support) + static_cast<double>(accumulated.support.size());
    edge.confidence = accumulated.confidence;
    edge.first_seen = accumulated.first_seen;
    edge.last_seen = accumulated.last_seen;
    edge.docs.assign(accumulated.docs.begin(), accumulated.docs.end());
    edge.evidence = accumulated.evidence;
    edge.rules.assign(accumulated.rules.begin(), accumulated.rules.end());
    edge.support.assign(accumulated.support.begin(), accumulated.support.end());
    boost::add_edge(vertex_of.at(std::get<0>(key)), vertex_of.at(std::get<2>(key)), std::move(edge), result.graph);
  }
  return result;
}

}  // namespace kgrep
