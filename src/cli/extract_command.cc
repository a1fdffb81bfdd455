#include <fmt/format.h>

#include <cstdlib>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/export_args.h"
#include "cli/gazetteer_args.h"
#include "cli/progress_line.h"
#include "kgrep/io.h"
#include "kgrep/pipeline.h"

namespace kgrep::cli {

namespace {

struct ExtractArgs {
  std::vector<std::string> rule_dirs;
  std::vector<std::string> gazetteers;  // TYPE=FILE
  std::vector<std::string> inputs;
  unsigned threads = 1;
  bool quiet = false;
  ExportArgs exports;
};

ExtractArgs parse_extract_args(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = {
      {"--rules", "", true}, {"--gazetteer", "", true}, {"--threads", "-j", true}, {"--quiet", "-q", false}};
  for (auto& spec : export_option_specs()) specs.push_back(std::move(spec));
  const ParsedArgs parsed = parse_args(args, specs);
  ExtractArgs result;
  result.rule_dirs = parsed.all("--rules");
  result.gazetteers = parsed.all("--gazetteer");
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
  result.exports = read_export_args(parsed);
  if (result.inputs.empty()) throw Error("usage: kgrep extract [OPTIONS] INPUT... (give files, directories or -)");
  return result;
}

}  // namespace

int run_extract(const std::vector<std::string>& args) {
  const ExtractArgs options = parse_extract_args(args);
  RulePack pack = load_rules_or_throw(options.rule_dirs);
  add_gazetteers_or_throw(pack, options.gazetteers);
  const Extractor extractor(std::move(pack));
  GraphBuilder builder;
  ExtractOptions extract_options;
  extract_options.threads = options.threads;
  ProgressLine progress(options.quiet ? 0 : input_bytes(options.inputs));
  if (!options.quiet) extract_options.progress = [&](const ExtractProgress& done) { progress.update(done); };
  std::size_t warnings = 0;
  const ExtractSummary summary =
      extract_graph(extractor, options.inputs, extract_options, builder, [&](const Diagnostic& diagnostic) {
        ++warnings;
        progress.clear();
        fmt::print(stderr, "kgrep: {}\n", format_diagnostic(diagnostic));
      });
  progress.clear();
  const KnowledgeGraph graph = filter_graph(builder.build(), options.exports.filter);
  const std::vector<std::string> written = write_outputs(graph, options.exports);
  if (!options.quiet) {
    fmt::print(stderr, "kgrep: {} documents ({} skipped), {:.1f} KB; {} mentions, {} facts -> {} nodes, {} edges\n",
               summary.source.documents, summary.source.skipped, static_cast<double>(summary.source.bytes) / 1024.0,
               summary.mentions, summary.facts, graph.node_count(), graph.edge_count());
    for (const auto& file : written) {
      if (file != "-") fmt::print(stderr, "kgrep: wrote {}\n", file);
    }
  }
  return kExitOk;
}

}  // namespace kgrep::cli
