#include "cli/export_args.h"

#include <fmt/format.h>

#include <cstdlib>

#include "kgrep/rules.h"

namespace kgrep::cli {

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

std::vector<OptionSpec> export_option_specs() {
  return {{"--output", "-o", true},   {"--format", "", true},        {"--type", "", true},
          {"--relation", "", true},   {"--min-weight", "", true},    {"--min-confidence", "", true},
          {"--since", "", true},      {"--until", "", true},         {"--around", "", true},
          {"--depth", "", true},      {"--dot-clusters", "", false}, {"--static", "", false},
          {"--csv-dialect", "", true}};
}

ExportArgs read_export_args(const ParsedArgs& parsed, GraphFormat default_format) {
  ExportArgs result;
  const std::vector<std::string> outputs = parsed.all("--output");
  const std::string format = parsed.last("--format");
  if (!format.empty() && outputs.size() > 1)
    throw Error("--format applies to one output; with several -o the format comes from each file's extension");
  if (outputs.empty()) result.outputs.emplace_back("-", format.empty() ? default_format : parse_graph_format(format));
  for (const std::string& output : outputs) {
    const bool forced = !format.empty() || output == "-";
    result.outputs.emplace_back(
        output, forced ? parse_graph_format(format.empty() ? "graphml" : format) : graph_format_for_path(output));
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
  result.options.dot.clusters = parsed.has("--dot-clusters");
  result.options.gexf.dynamic = !parsed.has("--static");
  if (parsed.has("--csv-dialect")) result.options.csv = parse_csv_dialect(parsed.last("--csv-dialect"));
  return result;
}

std::vector<std::string> write_outputs(const KnowledgeGraph& graph, const ExportArgs& exports) {
  // All outputs land together: a failure at the last one leaves the others as they were.
  OutputSet outputs;
  std::vector<std::string> written;
  for (const auto& [path, format] : exports.outputs) {
    for (auto& file : add_graph_file(outputs, graph, format, path, exports.options)) written.push_back(std::move(file));
  }
  outputs.commit();
  return written;
}

}  // namespace kgrep::cli
