#include <fmt/format.h>

#include <cstdlib>

#include "cli/args.h"
#include "cli/commands.h"
#include "kgrep/io.h"
#include "kgrep/pipeline.h"

namespace kgrep::cli {

namespace {

struct ExtractArgs {
  std::vector<std::string> rule_dirs;
  std::vector<std::string> outputs;  // none: graphml on stdout
  std::string format;                // forced format, or empty
  std::vector<std::string> inputs;
  unsigned threads = 1;
  bool quiet = false;
};

ExtractArgs parse_extract_args(const std::vector<std::string>& args) {
  const ParsedArgs parsed = parse_args(args, {{"--rules", "", true},
                                              {"--output", "-o", true},
                                              {"--format", "", true},
                                              {"--threads", "-j", true},
                                              {"--quiet", "-q", false}});
  ExtractArgs result;
  result.rule_dirs = parsed.all("--rules");
  result.outputs = parsed.all("--output");
  result.format = parsed.last("--format");
  result.inputs = parsed.positional;
  result.quiet = parsed.has("--quiet");
  if (parsed.has("--threads")) {
    const std::string value = parsed.last("--threads");
    char* end = nullptr;
    const long threads = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || threads < 0 || threads > 1024)
      throw Error(fmt::format("-j needs a thread count from 0 (all cores) to 1024, not '{}'", value));
    result.threads = static_cast<unsigned>(threads);
  }
  if (result.inputs.empty()) throw Error("usage: kgrep extract [OPTIONS] INPUT... (give files, directories or -)");
  if (!result.format.empty() && result.outputs.size() > 1)
    throw Error("--format applies to one output; with several -o the format comes from each file's extension");
  return result;
}

}  // namespace

int run_extract(const std::vector<std::string>& args) {
  const ExtractArgs options = parse_extract_args(args);
  // Decide every output format before reading anything, so a typo costs nothing.
  std::vector<std::pair<std::string, GraphFormat>> outputs;
  if (options.outputs.empty()) {
    outputs.emplace_back("-", options.format.empty() ? GraphFormat::kGraphml : parse_graph_format(options.format));
  }
  for (const std::string& output : options.outputs) {
    const bool forced = !options.format.empty() || output == "-";
    outputs.emplace_back(output, forced ? parse_graph_format(options.format.empty() ? "graphml" : options.format)
                                        : graph_format_for_path(output));
  }

  const RulePack pack = load_rules_or_throw(options.rule_dirs);
  const Extractor extractor(pack);
  GraphBuilder builder;
  ExtractOptions extract_options;
  extract_options.threads = options.threads;
  std::size_t warnings = 0;
  const ExtractSummary summary =
      extract_graph(extractor, options.inputs, extract_options, builder, [&](const Diagnostic& diagnostic) {
        ++warnings;
        fmt::print(stderr, "kgrep: {}\n", format_diagnostic(diagnostic));
      });
  const KnowledgeGraph graph = builder.build();
  for (const auto& [path, format] : outputs) {
    write_output_atomically(path, [&](std::ostream& out) { write_graph(graph, format, out); });
  }
  if (!options.quiet) {
    fmt::print(stderr, "kgrep: {} documents ({} skipped), {:.1f} KB; {} mentions, {} facts -> {} nodes, {} edges\n",
               summary.source.documents, summary.source.skipped, static_cast<double>(summary.source.bytes) / 1024.0,
               summary.mentions, summary.facts, graph.node_count(), graph.edge_count());
    for (const auto& [path, format] : outputs) {
      if (path != "-") fmt::print(stderr, "kgrep: wrote {}\n", path);
    }
  }
  return kExitOk;
}

}  // namespace kgrep::cli
