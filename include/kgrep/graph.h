// kgrep graph stage: the knowledge graph.
//
// Collects entity mentions and facts from any number of documents, in any
// order, and builds a Boost.Graph adjacency_list with one vertex per entity id
// and one edge per (subject, relation, object). Everything the builder keeps is
// merged with order-independent operations (sums, min/max, sorted sets, a
// best-evidence total order), and `build` lays vertices out by id and edges by
// (subject, relation, object), so the same facts always give the same graph.
// The builder is not thread-safe; use one per thread and `merge` them.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kgrep/core.h"
#include "kgrep/relate.h"

namespace kgrep {

struct NodeProperties {
  std::string id;
  std::string label;
  std::string type;
  std::vector<std::string> aliases;
  std::map<std::string, std::string> attributes;
  long mentions = 0;  // document_mentions summed, plus counts known without their documents (GraphML)
  bool discovered = false;
  // Each document's mentions, sorted by document id, one pair a document;
  // empty from GraphML. A vector rather than a map: a corpus-sized facts
  // stream holds millions of these pairs, read once and written once.
  std::vector<std::pair<std::string, long>> document_mentions;
};

// One statement behind an edge: a sentence of a document read by a rule.
// Statements are values: two equal ones are the same statement seen twice
// (one document read twice, or merged twice) and count once.
struct Support {
  Evidence evidence;
  std::string role;
  double confidence = 0;
  friend bool operator==(const Support&, const Support&) = default;
};
// The order statements are kept and written in: document, sentence, rule,
// role, then the rest.
bool operator<(const Support& a, const Support& b);

struct EdgeProperties {
  std::string relation;
  std::vector<std::string> roles;  // sorted, distinct
  double weight = 0;               // supporting mentions
  double confidence = 0;           // the best supporting rule's confidence
  std::string first_seen;          // ISO date or empty
  std::string last_seen;
  std::vector<std::string> docs;   // sorted, distinct document ids
  Evidence evidence;               // the best supporting sentence (see EvidenceOrder)
  std::vector<std::string> rules;  // sorted, distinct rule ids
  // Every statement behind the edge, sorted and distinct; `weight` is their
  // number plus any weight known without its statements (read from GraphML).
  std::vector<Support> support;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NodeProperties, EdgeProperties>;

struct KnowledgeGraph {
  Graph graph;
  // When known: the documents behind the mention totals, each counted once
  // (document_id_hash of their ids, sorted, distinct). A facts stream of
  // `extract --mention-totals` carries them, so that such streams of disjoint
  // shards add up exactly without per-document counts.
  std::optional<std::vector<std::uint64_t>> document_hashes;
  [[nodiscard]] std::size_t node_count() const { return boost::num_vertices(graph); }
  [[nodiscard]] std::size_t edge_count() const { return boost::num_edges(graph); }
};

// What the builder knows of an entity before it is mentioned.
struct EntityRecord {
  std::string id;
  std::string label;
  std::string type;
  std::vector<std::string> aliases;
  std::map<std::string, std::string> attributes;
  bool discovered = false;
};

class GraphBuilder {
 public:
  // `keep_document_mentions`: whether the graph keeps each document's mention
  // counts (node.document_mentions), which only a facts stream writes. Without
  // them a builder's memory does not grow with the number of documents read.
  explicit GraphBuilder(bool keep_document_mentions = true) : keep_document_mentions_(keep_document_mentions) {}
  // Registers an entity (first registration of an id wins for label and type;
  // aliases are unioned). Entities appear in the graph only once mentioned.
  void add_entity(const EntityRecord& entity);
  // Mentions of an entity in one document. A second count for the same
  // entity and document is that document read again: the larger count stays.
  void add_document_mentions(const std::string& entity_id, const std::string& doc_id, long count);
  // Mentions known without their documents: always added.
  void add_mentions(const std::string& entity_id, long count);
  // The mention counts of one document, by entity id. A document read again
  // adds nothing: with per-document counts kept, the larger count of each
  // entity stays (as add_document_mentions); without, its first reading stays.
  void add_document(const std::string& doc_id, const std::map<std::string, long>& counts);
  // A hint that add_document(doc_id, ...) comes soon: its place in the table
  // of documents counted is fetched into the cache meanwhile (a miss for
  // nearly every document of a large input otherwise).
  void prefetch_document(const std::string& doc_id) const;
  // Adds a fact as one statement (see Support): the same statement twice
  // counts once. Unknown subject or object ids are registered as bare nodes.
  void add_fact(const Fact& fact);
  void merge(const GraphBuilder& other);
  // Adds a built graph: each node's entity record (none for a bare node:
  // label = id, no type) and mentions, each edge's statements, and whatever
  // the graph knows without statements (a GraphML edge's weight, documents,
  // dates and best evidence) as one more contribution. Statements and
  // per-document mentions already added count once, so adding a graph built
  // from some of this builder's documents again changes nothing (when the
  // graph came from a facts stream; GraphML has no statements).
  void add_graph(const KnowledgeGraph& graph);

  // The ids build() makes nodes of, sorted: every entity mentioned and every
  // fact's subject and object.
  [[nodiscard]] std::set<std::string> node_ids() const;
  // Vertices in node_ids() order.
  [[nodiscard]] KnowledgeGraph build() const;
  // Without per-document counts: the hashes of the documents add_document
  // counted (see KnowledgeGraph::document_hashes).
  [[nodiscard]] std::vector<std::uint64_t> counted_document_hashes() const;

 private:
  struct EdgeAccumulator {
    std::set<Support> support;
    std::set<std::string> roles;
    long weight_without_support = 0;
    double confidence = 0;
    std::string first_seen;
    std::string last_seen;
    std::set<std::string> docs;
    Evidence evidence;
    double evidence_confidence = -1;
    std::set<std::string> rules;
  };
  void merge_edge(const std::tuple<std::string, std::string, std::string>& key, const EdgeAccumulator& edge);

  std::map<std::string, EntityRecord> entities_;
  // No order of these reaches the output: they are summed, looked up, and their ids sorted.
  std::unordered_map<std::string, long> mentions_;
  // Per-document counts, kept as a log of (entity, document, count) numbers
  // and sorted once by build(): a corpus of a million documents adds millions
  // of pairs, which a map of maps keyed by string paid a search and a node for.
  struct DocumentMention {
    std::uint32_t entity;
    std::uint32_t document;
    long count;
  };
  struct Interned {
    Interned() = default;
    Interned(const Interned& other);  // points `names` into its own map
    Interned& operator=(const Interned& other);
    Interned(Interned&&) noexcept = default;  // a moved map keeps its nodes
    Interned& operator=(Interned&&) noexcept = default;
    ~Interned() = default;
    std::unordered_map<std::string, std::uint32_t> numbers;
    std::vector<const std::string*> names;  // by number; point into `numbers`, whose keys stay put
    std::uint32_t number_of(const std::string& name);
  };
  // The log sorted by entity, then document id, then count downwards; ranks
  // stand for documents, `document_by_rank` names them.
  std::vector<DocumentMention> sorted_document_mentions(std::vector<const std::string*>& document_by_rank) const;
  Interned mentioned_entities_;
  Interned documents_;
  std::vector<DocumentMention> document_mentions_;
  bool keep_document_mentions_ = true;
  // Without per-document counts: a 64-bit hash of each document id counted,
  // so a document read twice counts once (ids are told apart by their hashes,
  // which is safe well past 10^9 documents), in an open-addressing table of
  // 16 bytes or less a document.
  struct DocumentHashes {
    std::vector<std::uint64_t> slots;  // 0: empty
    std::size_t count = 0;
    bool insert(std::uint64_t hash);  // false when already there
  };
  DocumentHashes counted_documents_;
  std::map<std::tuple<std::string, std::string, std::string>, EdgeAccumulator> edges_;
};

}  // namespace kgrep

namespace kgrep {

// What to keep of a graph on export. Empty sets and zero thresholds keep all.
struct GraphFilter {
  std::set<std::string> types;      // entity types to keep
  std::set<std::string> relations;  // relations to keep
  double min_weight = 0;
  double min_confidence = 0;
  std::string since;      // keep edges seen on or after (ISO date prefix); undated edges are dropped
  std::string until;      // keep edges seen on or before
  std::string around;     // entity id, label or alias: keep its neighbourhood only
  std::size_t depth = 1;  // hops from `around`, following edges either way
};

// Applies `filter`: nodes of other types go with their edges; edges failing a
// relation, weight, confidence or date test go; when an edge test is set,
// nodes left without edges go too; with `around`, only nodes within `depth`
// hops of that entity stay. Vertex and edge order are kept, so the result is
// as canonical as the input. Throws kgrep::Error when `around` names no node
// (listing near matches).
KnowledgeGraph filter_graph(const KnowledgeGraph& graph, const GraphFilter& filter);

// Whether an ISO date ("YYYY", "YYYY-MM" or "YYYY-MM-DD") lies on or after /
// on or before `bound`, compared on their common prefix.
bool on_or_after(const std::string& date, const std::string& bound);
bool on_or_before(const std::string& date, const std::string& bound);

// The vertex an entity id, label or alias names (case and accents folded), or
// nullopt.
std::optional<Graph::vertex_descriptor> find_vertex(const KnowledgeGraph& graph, std::string_view name);

}  // namespace kgrep
