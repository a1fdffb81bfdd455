// Output and filter options shared by `extract` and `render` (internal to the CLI).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/args.h"
#include "kgrep/graph.h"
#include "kgrep/io.h"

namespace kgrep::cli {

struct ExportArgs {
  // Every output with its format, decided before any work so a typo costs nothing.
  std::vector<std::pair<std::string, GraphFormat>> outputs;
  GraphFilter filter;
  ExportOptions options;
};

// -o/--output, --format, the filters (--type, --relation, --min-weight,
// --min-confidence, --since, --until, --around, --depth) and --dot-clusters,
// --static.
std::vector<OptionSpec> export_option_specs();
// Option values, checked: a number in [low, high], a date as YYYY, YYYY-MM or
// YYYY-MM-DD. Throw kgrep::Error naming `option`.
double parse_number(const std::string& option, const std::string& value, double low, double high);
std::string parse_date(const std::string& option, const std::string& value);
// Throws kgrep::Error for bad values. `default_format` applies without -o.
ExportArgs read_export_args(const ParsedArgs& parsed, GraphFormat default_format = GraphFormat::kGraphml);
// Writes every output; returns the files written ("-" for stdout).
std::vector<std::string> write_outputs(const KnowledgeGraph& graph, const ExportArgs& exports);

}  // namespace kgrep::cli
