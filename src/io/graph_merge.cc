#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <streambuf>

#include "kgrep/io.h"

namespace kgrep {

namespace {

std::string as_text(const KnowledgeGraph& graph, void (*writer)(const KnowledgeGraph&, std::ostream&)) {
  std::ostringstream out;
  writer(graph, out);
  return out.str();
}

// FNV-1a over the bytes written, so a graph's GraphML can be fingerprinted
// without holding it.
class HashingBuffer : public std::streambuf {
 public:
  [[nodiscard]] std::uint64_t hash() const { return hash_; }

 protected:
  int_type overflow(int_type ch) override {
    if (ch != traits_type::eof()) add(static_cast<char>(ch));
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* text, std::streamsize count) override {
    for (std::streamsize k = 0; k < count; ++k) add(text[k]);
    return count;
  }

 private:
  void add(char ch) {
    hash_ ^= static_cast<unsigned char>(ch);
    hash_ *= 0x100000001b3ULL;
  }
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::uint64_t graphml_hash(const KnowledgeGraph& graph) {
  HashingBuffer buffer;
  std::ostream out(&buffer);
  write_graphml(graph, out);
  return buffer.hash();
}

// Edges hold every statement behind their weight (none known as a total only).
bool edges_have_statements(const KnowledgeGraph& knowledge) {
  const Graph& graph = knowledge.graph;
  for (auto edge : boost::make_iterator_range(boost::edges(graph)))
    if (graph[edge].weight != static_cast<double>(graph[edge].support.size())) return false;
  return true;
}

// Whether the graph knows every statement and per-document mention behind its
// totals (a facts stream of version 2); GraphML knows only the totals.
bool has_statements(const KnowledgeGraph& knowledge) {
  const Graph& graph = knowledge.graph;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    long documented = 0;
    for (const auto& [doc, count] : graph[vertex].document_mentions) documented += count;
    if (documented != graph[vertex].mentions) return false;
  }
  return edges_have_statements(knowledge);
}

std::set<std::string> documents_of(const KnowledgeGraph& knowledge) {
  const Graph& graph = knowledge.graph;
  std::set<std::string> documents;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph)))
    for (const auto& [doc, count] : graph[vertex].document_mentions) documents.insert(doc);
  for (auto edge : boost::make_iterator_range(boost::edges(graph)))
    documents.insert(graph[edge].docs.begin(), graph[edge].docs.end());
  return documents;
}

// The documents of a kept graph of totals only that another kept input
// names too. Only graphs of totals can count a document twice, so with none
// (shards' facts streams) the document ids, a set as large as the corpus,
// are not gathered at all.
std::vector<std::string> documents_counted_twice(const std::vector<const KnowledgeGraph*>& graphs,
                                                 const std::vector<bool>& kept, const std::vector<bool>& complete) {
  std::vector<std::string> shared;
  bool totals_kept = false;
  for (std::size_t k = 0; k < graphs.size(); ++k) totals_kept = totals_kept || (kept[k] && !complete[k]);
  if (!totals_kept) return shared;
  std::map<std::string, std::size_t> inputs_of_document;
  std::set<std::string> documents_in_totals;
  for (std::size_t k = 0; k < graphs.size(); ++k) {
    if (!kept[k]) continue;
    for (const auto& document : documents_of(*graphs[k])) {
      ++inputs_of_document[document];
      if (!complete[k]) documents_in_totals.insert(document);
    }
  }
  for (const auto& [document, count] : inputs_of_document)
    if (count > 1 && documents_in_totals.count(document)) shared.push_back(document);
  return shared;
}

// Mention totals of distinct documents add up: the union of the inputs'
// document hashes, or SharedDocumentsError when two inputs hold a document.
std::vector<std::uint64_t> disjoint_union(const std::vector<const KnowledgeGraph*>& graphs) {
  std::vector<std::pair<std::uint64_t, std::size_t>> all;  // hash, input
  std::size_t total = 0;
  for (const KnowledgeGraph* graph : graphs) total += graph->document_hashes->size();
  all.reserve(total);
  for (std::size_t k = 0; k < graphs.size(); ++k)
    for (const std::uint64_t hash : *graphs[k]->document_hashes) all.emplace_back(hash, k);
  std::sort(all.begin(), all.end());
  std::vector<std::uint64_t> hashes;
  hashes.reserve(all.size());
  std::size_t shared = 0;
  std::pair<std::size_t, std::size_t> first_pair;
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (k > 0 && all[k].first == all[k - 1].first) {
      if (shared++ == 0) first_pair = {all[k - 1].second, all[k].second};
      continue;
    }
    hashes.push_back(all[k].first);
  }
  if (shared > 0) {
    throw SharedDocumentsError(fmt::format(
        "inputs {} and {} (counting from 1) both read a document, {} document(s) in all: their mention totals "
        "(extract --mention-totals) cannot be added exactly; merge the streams with per-document counts instead",
        first_pair.first + 1, first_pair.second + 1, shared));
  }
  return hashes;
}

}  // namespace

MergeResult merge_graphs(const std::vector<KnowledgeGraph>& graphs) {
  std::vector<const KnowledgeGraph*> held;
  held.reserve(graphs.size());
  for (const KnowledgeGraph& graph : graphs) held.push_back(&graph);
  return merge_graphs(held);
}

MergeResult merge_graphs(const std::vector<const KnowledgeGraph*>& graphs) {
  // Graphs with statements need no care: a statement or a document's mentions
  // seen twice count once. A graph of totals only (GraphML) is dropped when
  // another input is the same graph as GraphML shows it: a graph with
  // statements if there is one, else the twin that says most (the longest
  // facts stream, then the greatest), so the choice never depends on the order
  // of the inputs. GraphML is hashed first and compared in full only on a
  // hash match, so no input's text is held for long.
  const bool all_hashed = !graphs.empty() && std::all_of(graphs.begin(), graphs.end(), [](const KnowledgeGraph* graph) {
    return graph->document_hashes.has_value() && edges_have_statements(*graph);
  });
  if (all_hashed) {
    std::vector<std::uint64_t> hashes = disjoint_union(graphs);
    GraphBuilder builder;
    for (const KnowledgeGraph* graph : graphs) builder.add_graph(*graph);
    MergeResult result{builder.build(), graphs.size(), {}};
    result.graph.document_hashes = std::move(hashes);
    return result;
  }
  std::vector<bool> complete(graphs.size());
  for (std::size_t k = 0; k < graphs.size(); ++k) complete[k] = has_statements(*graphs[k]);
  std::vector<bool> kept(graphs.size(), true);
  if (std::find(complete.begin(), complete.end(), false) != complete.end()) {
    std::vector<std::uint64_t> hashes(graphs.size());
    for (std::size_t k = 0; k < graphs.size(); ++k) hashes[k] = graphml_hash(*graphs[k]);
    auto same_graphml = [&](std::size_t a, std::size_t b) {
      return hashes[a] == hashes[b] && as_text(*graphs[a], write_graphml) == as_text(*graphs[b], write_graphml);
    };
    for (std::size_t k = 0; k < graphs.size(); ++k) {
      if (complete[k]) continue;
      for (std::size_t other = 0; other < graphs.size() && kept[k]; ++other) {
        if (other == k || !same_graphml(k, other)) continue;
        if (complete[other]) {
          kept[k] = false;
          continue;
        }
        const std::string mine = as_text(*graphs[k], write_facts);
        const std::string theirs = as_text(*graphs[other], write_facts);
        // Of equal twins the first stays.
        const bool says_less =
            mine.size() != theirs.size() ? mine.size() < theirs.size() : mine < theirs || (mine == theirs && other < k);
        if (says_less) kept[k] = false;
      }
    }
  }
  GraphBuilder builder;
  std::size_t distinct_inputs = 0;
  for (std::size_t k = 0; k < graphs.size(); ++k) {
    if (!kept[k]) continue;
    ++distinct_inputs;
    builder.add_graph(*graphs[k]);
  }
  // Built in place: Boost's adjacency_list cannot be moved, only copied.
  return {builder.build(), distinct_inputs, documents_counted_twice(graphs, kept, complete)};
}

}  // namespace kgrep
