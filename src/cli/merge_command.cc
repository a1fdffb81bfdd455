#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/export_args.h"
#include "kgrep/io.h"

namespace kgrep::cli {

namespace {

// Reads the graphs on up to one thread per core: the last merge of
// tools/kgrep-dask reads a corpus's facts streams while the cores are
// otherwise idle. The first input's error (in the order given) is reported,
// whichever thread met its own first.
std::vector<std::unique_ptr<const KnowledgeGraph>> read_graph_files(const std::vector<std::string>& paths) {
  std::vector<std::unique_ptr<const KnowledgeGraph>> graphs(paths.size());
  std::vector<std::exception_ptr> errors(paths.size());
  std::atomic<std::size_t> next{0};
  auto read_next = [&] {
    for (std::size_t k = next++; k < paths.size(); k = next++) {
      try {
        // Constructed in place: a KnowledgeGraph cannot be moved, only copied.
        graphs[k].reset(new KnowledgeGraph(read_graph_file(paths[k])));
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  };
  const std::size_t helpers =
      std::min<std::size_t>(paths.size(), std::max(1u, std::thread::hardware_concurrency())) - 1;
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < helpers; ++k) threads.emplace_back(read_next);
  read_next();
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
  return graphs;
}

}  // namespace

int run_merge(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = export_option_specs();
  specs.push_back({"--quiet", "-q", false});
  const ParsedArgs parsed = parse_args(args, specs);
  if (parsed.positional.empty())
    throw Error("usage: kgrep merge [-o OUT]... [--format F] [FILTERS] GRAPH|FACTS... (GraphML or facts streams)");
  const ExportArgs exports = read_export_args(parsed);

  const std::vector<std::unique_ptr<const KnowledgeGraph>> inputs = read_graph_files(parsed.positional);
  std::vector<const KnowledgeGraph*> graphs;
  for (const auto& input : inputs) graphs.push_back(input.get());
  std::optional<MergeResult> merge_result;
  try {
    merge_result.emplace(merge_graphs(graphs));
  } catch (const SharedDocumentsError& error) {
    fmt::print(stderr, "kgrep: error: {}\n", error.what());
    return kExitSharedDocuments;
  }
  const MergeResult& merged = *merge_result;
  if (!merged.shared_documents.empty()) {
    fmt::print(stderr,
               "kgrep: warning: {} document id(s) are in an input without statements (GraphML) and in another "
               "input too (first: '{}'); their facts count once per input: merge facts streams, which keep every "
               "statement, to count each once\n",
               merged.shared_documents.size(), merged.shared_documents.front());
  }
  // filter_graph copies the graph even when it keeps everything.
  const GraphFilter& filter = exports.filter;
  const bool unfiltered = filter.types.empty() && filter.relations.empty() && filter.min_weight <= 0 &&
                          filter.min_confidence <= 0 && filter.since.empty() && filter.until.empty() &&
                          filter.around.empty();
  const KnowledgeGraph filtered = unfiltered ? KnowledgeGraph{} : filter_graph(merged.graph, filter);
  const KnowledgeGraph& graph = unfiltered ? merged.graph : filtered;
  const std::vector<std::string> written = write_outputs(graph, exports);
  if (!parsed.has("--quiet")) {
    fmt::print(stderr, "kgrep: merged {} inputs ({} distinct) -> {} nodes, {} edges\n", inputs.size(),
               merged.distinct_inputs, graph.node_count(), graph.edge_count());
    for (const auto& file : written)
      if (file != "-") fmt::print(stderr, "kgrep: wrote {}\n", file);
  }
  return kExitOk;
}

}  // namespace kgrep::cli
