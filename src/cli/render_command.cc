#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/export_args.h"

namespace kgrep::cli {

int run_render(const std::vector<std::string>& args) {
  const ParsedArgs parsed = parse_args(args, export_option_specs());
  if (parsed.positional.size() != 1)
    throw Error("usage: kgrep render GRAPH.graphml -o OUT.svg|OUT.png|OUT.gexf|... [FILTERS]");
  const ExportArgs exports = read_export_args(parsed, GraphFormat::kSvg);
  if (exports.outputs.size() == 1 && exports.outputs[0].first == "-" &&
      (exports.outputs[0].second == GraphFormat::kSvg || exports.outputs[0].second == GraphFormat::kPng))
    throw Error("kgrep render draws into a file: give -o OUT.svg or -o OUT.png");
  const KnowledgeGraph graph = filter_graph(read_graph_file(parsed.positional[0]), exports.filter);
  for (const auto& file : write_outputs(graph, exports)) {
    if (file != "-")
      fmt::print(stderr, "kgrep: wrote {} ({} nodes, {} edges)\n", file, graph.node_count(), graph.edge_count());
  }
  return kExitOk;
}

}  // namespace kgrep::cli
