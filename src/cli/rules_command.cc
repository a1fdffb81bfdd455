#include <fmt/format.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/gazetteer_args.h"
#include "kgrep/match.h"

namespace kgrep::cli {

RulePack load_rules_or_throw(const std::vector<std::string>& rule_dirs) {
  // All folders load as one pack, so ids and aliases are checked across them.
  std::vector<RuleSource> sources;
  for (const std::string& dir : rule_dirs) {
    auto more = dir == "default" ? default_rule_sources() : read_rule_directory(dir);
    sources.insert(sources.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  RuleLoadResult result = load_rule_sources(rule_dirs.empty() ? default_rule_sources() : sources);
  for (const auto& diagnostic : result.diagnostics) fmt::print(stderr, "{}\n", format_diagnostic(diagnostic));
  if (!result.pack) {
    std::size_t errors = 0;
    for (const auto& diagnostic : result.diagnostics) errors += diagnostic.severity == Severity::kError;
    throw Error(fmt::format("the rule pack has {} error(s); nothing was extracted", errors));
  }
  return std::move(*result.pack);
}

int run_rules(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "explain") return run_rules_explain(args);
  const ParsedArgs parsed = parse_args(args, {{"--rules", "", true}, {"--gazetteer", "", true}});
  if (parsed.positional.empty() || (parsed.positional[0] != "check" && parsed.positional[0] != "list")) {
    throw Error("usage: kgrep rules check|list|explain [--rules DIR]... [--gazetteer TYPE=FILE]... [INPUT...]");
  }
  RulePack pack = load_rules_or_throw(parsed.all("--rules"));
  add_gazetteers_or_throw(pack, parsed.all("--gazetteer"));
  if (parsed.positional[0] == "check") {
    const GazetteerMatcher gazetteer(pack);
    fmt::print("rules ok: {} entities ({} names and aliases), {} patterns, {} relations in {} files\n",
               pack.entities.size(), gazetteer.alias_count(), pack.patterns.size(), pack.relations.size(),
               pack.files.size());
    return kExitOk;
  }
  for (const EntityRule& entity : pack.entities) {
    std::string aliases;
    for (const auto& alias : entity.aliases) aliases += (aliases.empty() ? "" : "; ") + alias;
    for (const auto& alias : entity.case_sensitive_aliases) aliases += (aliases.empty() ? "" : "; ") + alias;
    fmt::print("{}\t{}\t{}\t{}\n", entity.id, entity.type, entity.name, aliases);
  }
  return kExitOk;
}

}  // namespace kgrep::cli
