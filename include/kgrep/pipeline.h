// kgrep pipeline: the stages wired together.
//
// `Extractor` runs one document through normalise/segment -> entities ->
// name variants -> relations and returns what the graph needs. `extract_graph`
// streams inputs through it on N threads and merges results into a
// GraphBuilder; because the builder's merge is order-independent and its
// output canonical, the graph is byte-identical whatever the thread count or
// input order.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "kgrep/graph.h"
#include "kgrep/match.h"
#include "kgrep/relate.h"
#include "kgrep/rules.h"
#include "kgrep/source.h"

namespace kgrep {

struct DocumentResult {
  std::string document_id;        // mentions are counted per document (see GraphBuilder)
  std::vector<Mention> mentions;  // selected, sorted
  std::vector<Fact> facts;
};

// One document as the extractor saw it, for `kgrep rules explain`: its
// analysed text, mentions, facts, and every candidate fact with its fate.
struct ExplainedDocument {
  AnalyzedText text;
  DocumentResult result;
  std::vector<RuleTrace> trace;
};

class Extractor {
 public:
  // Compiles the pack's matchers; throws kgrep::Error on engine failures.
  // Relation regexes are compiled when a document first needs them, so
  // process() throws such an error for one that RE2 rejects (a pack read by
  // load_rule_sources() has had its regexes checked already).
  // Takes the pack by value: move a large one in (a list of a million names
  // is worth not copying).
  // With `build_threads` of 2 or more, the screen of literals is built on a
  // thread of its own beside the rest.
  explicit Extractor(RulePack pack, unsigned build_threads = 1);
  // The same, with `extend` run on the pack first, on this thread, while the
  // other one (with `build_threads` of 2 or more) builds the screen and the
  // relation matcher from the pack as it was. `extend` may add entities without
  // attributes and aliases of those there (gazetteer lists: see
  // add_gazetteer_lists), which neither reads; std::logic_error if it changes
  // how many patterns, relations, modifiers or entities with attributes there are.
  // What `extend` throws is thrown here.
  Extractor(RulePack pack, const std::function<void(RulePack&)>& extend, unsigned build_threads);
  // With discovery on, a capitalised name the pack does not list becomes an
  // entity (discovered = true) where it fills a Person or Organization slot of
  // a relation rule ("Jane Roe left OpenAI"). Off by default: it costs a
  // second relation pass over sentences holding such names.
  void set_discovery(bool on) { discover_ = on; }
  // Thread-safe.
  [[nodiscard]] DocumentResult process(const Document& document) const;
  // What process() does, with its workings kept (slower: sentences are split
  // even without a mention).
  [[nodiscard]] ExplainedDocument explain(const Document& document) const;
  // Adds one document's result to `builder`.
  void collect(const DocumentResult& result, GraphBuilder& builder) const;
  // Registers the entities of the pack that `builder` has nodes for (see
  // GraphBuilder::node_ids): call it once every result is collected.
  void register_entities(GraphBuilder& builder) const;

 private:
  struct ScreenAndRelations {
    // The patterns' and relations' literals, looked for once a document.
    std::shared_ptr<const core_detail::RegexScreen> screen;
    RelationMatcher relations;
  };
  static ScreenAndRelations build(const RulePack& pack);
  // The members in the order they are built: what reads only the pack's
  // patterns, relations and modifiers is started first, from a copy of
  // those; then `extend` (when given) grows the pack, and the matchers that
  // read all of it follow.
  RulePack pack_;
  std::future<ScreenAndRelations> screen_and_relations_built_;  // taken by built_
  bool extended_ = false;  // whether `extend` ran: its initializer runs it, here in the order
  GazetteerMatcher gazetteer_;
  ScreenAndRelations built_;
  PatternMatcher patterns_;
  KnownLinkMatcher known_links_;

  bool discover_ = false;

  DocumentResult run(const Document& document, AnalyzedText& text, std::vector<RuleTrace>* trace) const;
  // `scan`: the screen's scan of text.normalized.text, with hits.
  void discover(const Document& document, const AnalyzedText& text, const core_detail::AtomScan& scan,
                DocumentResult& result) const;
};

// Sets each fact's evidence date: the date its sentence states ("in
// February 2025", "last week"), else the article's (article_date); empty when
// neither is known.
void date_facts(const Document& document, const AnalyzedText& text, std::vector<Fact>& facts);

struct ExtractProgress {
  std::size_t documents = 0;  // documents extracted and merged into the graph
  std::size_t bytes = 0;      // input bytes read (read ahead of extraction by a few batches)
};

struct ExtractOptions {
  unsigned threads = 1;                // 0: one per core
  std::size_t batch_size = 256;        // a thread takes this many documents (or files to read) at a time,
  std::size_t batch_bytes = 1u << 20;  // or fewer holding this many bytes of text
  // With more than one thread and one JSON Lines file as the input, each
  // thread reads ranges of the file this long itself, rather than one thread
  // reading for all (which costs a core's share of the run); 0: never.
  std::size_t range_bytes = 1u << 20;
  SourceOptions source;
  // Called on the calling thread after each batch is merged; empty: no calls.
  std::function<void(const ExtractProgress&)> progress;
};

struct ExtractSummary {
  SourceTotals source;
  std::size_t mentions = 0;  // of names, not pronouns
  std::size_t facts = 0;
};

// Reads `inputs` (streaming: memory holds a few batches a thread, not the
// corpus), extracts each document on `threads` worker threads created once,
// and merges the results into `builder` in input order on the calling thread.
// With more than one thread, the threads also read: ranges of a lone JSON
// Lines file, or the text, Markdown and HTML files of folders and lists.
// Warnings reach `diagnostics` on the calling thread in input order, with the
// same locations whatever the threads and ranges.
ExtractSummary extract_graph(const Extractor& extractor, const std::vector<std::string>& inputs,
                             const ExtractOptions& options, GraphBuilder& builder, const DiagnosticSink& diagnostics);

}  // namespace kgrep
