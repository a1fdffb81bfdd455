#include <fmt/format.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/export_args.h"
#include "kgrep/io.h"

namespace kgrep::cli {

int run_merge(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = export_option_specs();
  specs.push_back({"--quiet", "-q", false});
  const ParsedArgs parsed = parse_args(args, specs);
  if (parsed.positional.empty())
    throw Error("usage: kgrep merge [-o OUT]... [--format F] [FILTERS] GRAPH|FACTS... (GraphML or facts streams)");
  const ExportArgs exports = read_export_args(parsed);

  std::vector<KnowledgeGraph> inputs;
  inputs.reserve(parsed.positional.size());  // graphs are costly to move
  for (const std::string& path : parsed.positional) inputs.push_back(read_graph_file(path));
  const MergeResult merged = merge_graphs(inputs);
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
