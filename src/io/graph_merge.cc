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

}  // namespace

MergeResult merge_graphs(const std::vector<KnowledgeGraph>& graphs) {
  // Twins (the same graph as GraphML shows it) count once; of twins the one
  // that says most is kept: the longest facts stream, then the greatest, so
  // the choice never depends on the order of the inputs. Inputs are grouped
  // by a hash of their GraphML and compared in full only on a hash match, so
  // no input's text is held for long.
  std::multimap<std::uint64_t, std::size_t> by_hash;  // GraphML hash -> index of a kept input
  std::vector<bool> kept(graphs.size(), false);
  for (std::size_t k = 0; k < graphs.size(); ++k) {
    const std::uint64_t hash = graphml_hash(graphs[k]);
    bool twin_found = false;
    for (auto [it, end] = by_hash.equal_range(hash); it != end && !twin_found; ++it) {
      if (as_text(graphs[it->second], write_graphml) != as_text(graphs[k], write_graphml)) continue;
      twin_found = true;
      const std::string mine = as_text(graphs[k], write_facts);
      const std::string theirs = as_text(graphs[it->second], write_facts);
      const bool says_more = mine.size() != theirs.size() ? mine.size() > theirs.size() : mine > theirs;
      if (says_more) {
        kept[it->second] = false;
        kept[k] = true;
        it->second = k;
      }
    }
    if (!twin_found) {
      by_hash.emplace(hash, k);
      kept[k] = true;
    }
  }
  MergeResult result;
  GraphBuilder builder;
  std::map<std::string, std::size_t> inputs_of_document;
  for (std::size_t k = 0; k < graphs.size(); ++k) {
    if (!kept[k]) continue;
    ++result.distinct_inputs;
    const KnowledgeGraph& graph = graphs[k];
    builder.add_graph(graph);
    std::set<std::string> documents;
    for (auto edge : boost::make_iterator_range(boost::edges(graph.graph)))
      documents.insert(graph.graph[edge].docs.begin(), graph.graph[edge].docs.end());
    for (const auto& document : documents) ++inputs_of_document[document];
  }
  for (const auto& [document, count] : inputs_of_document)
    if (count > 1) result.shared_documents.push_back(document);
  result.graph = builder.build();
  return result;
}

}  // namespace kgrep
