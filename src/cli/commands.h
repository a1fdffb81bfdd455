// The subcommands: each parses its own arguments and returns an exit code.
#pragma once

#include <string>
#include <vector>

#include "kgrep/rules.h"

namespace kgrep::cli {

int run_extract(const std::vector<std::string>& args);
int run_rules(const std::vector<std::string>& args);
int run_rules_explain(const std::vector<std::string>& args);
int run_suggest(const std::vector<std::string>& args);
int run_render(const std::vector<std::string>& args);
int run_merge(const std::vector<std::string>& args);
int run_query(const std::vector<std::string>& args);

// Loads the packs named by --rules (a directory, or "default" for the embedded
// pack; none given: the default pack). Prints every diagnostic to stderr and
// throws kgrep::Error when the pack has errors.
RulePack load_rules_or_throw(const std::vector<std::string>& rule_dirs);

}  // namespace kgrep::cli
