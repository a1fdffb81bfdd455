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
  GraphFilter filter;
  ExportOptions export_options;
};

double parse_number(const std::string& option, const std::string& value, double low, double high) {
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(number >= low && number <= high))
    throw Error(fmt::format("{} needs a number from {} to {}, not '{}'", option, low, high, value));
  return number;
}

std::string parse_date(const std::string& option, const std::string& value) {
  const bool shape = (value.size() == 4 || value.size() == 7 || value.size() == 10) &&
                     value.find_first_not_of("0123456789-") == std::string::npos;
  if (!shape) throw Error(fmt::format("{} needs a date as YYYY, YYYY-MM or YYYY-MM-DD, not '{}'", option, value));
  return value;
}

ExtractArgs parse_extract_args(const std::vector<std::string>& args) {
  const ParsedArgs parsed = parse_args(args, {{"--rules", "", true},
                                              {"--output", "-o", true},
                                              {"--format", "", true},
                                              {"--threads", "-j", true},
                                              {"--quiet", "-q", false},
                                              {"--type", "", true},
                                              {"--relation", "", true},
                                              {"--min-weight", "", true},
                                              {"--min-confidence", "", true},
                                              {"--since", "", true},
                                              {"--until", "", true},
                                              {"--around", "", true},
                                              {"--depth", "", true},
                                              {"--dot-clusters", "", false},
                                              {"--static", "", false}});
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
  for (const auto& type : parsed.all("--type")) {
    if (!is_entity_type(type)) throw Error(fmt::format("--type '{}' is no entity type", type));
    result.filter.types.insert(type);
  }
  for (const auto& relation : parsed.all("--relation")) result.filter.relations.insert(relation);
  if (parsed.has("--min-weight"))
    result.filter.min_weight = parse_number("--min-weight", parsed.last("--min-weight"), 0, 1e12);
  if (parsed.has("--min-confidence"))
    result.filter.min_confidence = parse_number("--min-confidence", parsed.last("--min-confidence"), 0, 1);
  if (parsed.has("--since")) result.filter.since = parse_date("--since", parsed.last("--since"));
  if (parsed.has("--until")) result.filter.until = parse_date("--until", parsed.last("--until"));
  result.filter.around = parsed.last("--around");
  if (parsed.has("--depth")) {
    if (result.filter.around.empty()) throw Error("--depth goes with --around NAME");
    result.filter.depth = static_cast<std::size_t>(parse_number("--depth", parsed.last("--depth"), 0, 100));
  }
  result.export_options.dot.clusters = parsed.has("--dot-clusters");
  result.export_options.gexf.dynamic = !parsed.has("--static");
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
  const KnowledgeGraph graph = filter_graph(builder.build(), options.filter);
  std::vector<std::string> written;
  for (const auto& [path, format] : outputs) {
    for (auto& file : write_graph_file(graph, format, path, options.export_options)) written.push_back(std::move(file));
  }
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
