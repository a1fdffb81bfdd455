#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

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
  bool strict = false;          // the first skipped document stops the run
  bool discover = false;        // unlisted names in relation slots become entities
  bool mention_totals = false;  // facts stream: totals and document hashes, not per-document counts
  std::size_t max_document_bytes = SourceOptions{}.max_document_bytes;
  ExportArgs exports;
  SourceOptions shard;  // range_begin, range_end, ids_relative_to
};

// "START:END" byte offsets (END empty: to the end of the file).
void parse_byte_range(const std::string& value, SourceOptions& shard) {
  const auto colon = value.find(':');
  auto offset = [&](const std::string& text, std::size_t& out) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 18) return false;
    out = static_cast<std::size_t>(std::stoull(text));
    return true;
  };
  const bool ok = colon != std::string::npos && offset(value.substr(0, colon), shard.range_begin) &&
                  (colon + 1 == value.size() || offset(value.substr(colon + 1), shard.range_end)) &&
                  shard.range_begin <= shard.range_end;
  if (!ok) throw Error(fmt::format("--byte-range needs START:END byte offsets (END may be left out), not '{}'", value));
}

ExtractArgs parse_extract_args(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = {
      {"--rules", "", true},   {"--gazetteer", "", true},         {"--threads", "-j", true}, {"--quiet", "-q", false},
      {"--strict", "", false}, {"--max-document-size", "", true}, {"--discover", "", false}};
  for (auto& spec : export_option_specs()) specs.push_back(std::move(spec));
  // For sharding one corpus over many runs (tools/kgrep-dask).
  specs.push_back({"--byte-range", "", true});
  specs.push_back({"--ids-relative-to", "", true});
  specs.push_back({"--mention-totals", "", false});
  const ParsedArgs parsed = parse_args(args, specs);
  ExtractArgs result;
  if (parsed.has("--byte-range")) parse_byte_range(parsed.last("--byte-range"), result.shard);
  result.shard.ids_relative_to = parsed.last("--ids-relative-to");
  result.rule_dirs = parsed.all("--rules");
  result.gazetteers = parsed.all("--gazetteer");
  result.inputs = parsed.positional;
  result.quiet = parsed.has("--quiet");
  result.strict = parsed.has("--strict");
  result.discover = parsed.has("--discover");
  result.mention_totals = parsed.has("--mention-totals");
  if (parsed.has("--max-document-size"))
    result.max_document_bytes = parse_byte_size("--max-document-size", parsed.last("--max-document-size"));
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
  // The lists are read while another thread compiles the relations.
  Extractor extractor(
      load_rules_or_throw(options.rule_dirs),
      [&](RulePack& pack) { add_gazetteers_or_throw(pack, options.gazetteers); },
      options.threads == 0 ? std::thread::hardware_concurrency() : options.threads);
  extractor.set_discovery(options.discover);
  // Per-document mention counts only where an output writes them.
  GraphBuilder builder(!options.mention_totals &&
                       std::any_of(options.exports.outputs.begin(), options.exports.outputs.end(),
                                   [](const auto& output) { return output.second == GraphFormat::kFacts; }));
  ExtractOptions extract_options;
  extract_options.threads = options.threads;
  extract_options.source.range_begin = options.shard.range_begin;
  extract_options.source.range_end = options.shard.range_end;
  extract_options.source.ids_relative_to = options.shard.ids_relative_to;
  extract_options.source.max_document_bytes = options.max_document_bytes;
  ProgressLine progress(options.quiet ? 0 : input_bytes(options.inputs));
  if (!options.quiet) extract_options.progress = [&](const ExtractProgress& done) { progress.update(done); };
  std::size_t warnings = 0;
  const ExtractSummary summary =
      extract_graph(extractor, options.inputs, extract_options, builder, [&](const Diagnostic& diagnostic) {
        progress.clear();
        if (options.strict) {
          // Thrown before any output is written: exit 2 and nothing touched.
          Diagnostic stop = diagnostic;
          stop.severity = Severity::kError;
          if (const auto cut = stop.message.rfind("; "); cut != std::string::npos && stop.message.ends_with("skipped"))
            stop.message.resize(cut);
          stop.message += "; --strict stops here";
          throw Error(std::vector<Diagnostic>{std::move(stop)});
        }
        ++warnings;
        fmt::print(stderr, "kgrep: {}\n", format_diagnostic(diagnostic));
      });
  progress.clear();
  KnowledgeGraph built = builder.build();
  if (options.mention_totals) built.document_hashes = builder.counted_document_hashes();
  const KnowledgeGraph graph = filter_graph(built, options.exports.filter);
  const std::vector<std::string> written = write_outputs(graph, options.exports);
  if (!options.quiet) {
    fmt::print(stderr, "kgrep: {} documents ({} skipped), {:.1f} KB; {} mentions, {} facts -> {} nodes, {} edges\n",
               summary.source.documents, summary.source.skipped, static_cast<double>(summary.source.bytes) / 1024.0,
               summary.mentions, summary.facts, graph.node_count(), graph.edge_count());
    for (const auto& file : written) {
      if (file != "-") fmt::print(stderr, "kgrep: wrote {}\n", file);
    }
  }
  // Something was left out of the graph: say so to scripts, after writing the rest.
  return summary.source.skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace kgrep::cli
