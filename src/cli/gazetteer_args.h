// --gazetteer TYPE=FILE, shared by `extract` and `rules check` (internal to the CLI).
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "kgrep/rules.h"

namespace kgrep::cli {

// Adds the name lists of `specs` ("TYPE=FILE" each) to `pack`. Prints every
// diagnostic to stderr; throws kgrep::Error when a spec or a line is bad, in
// which case nothing was added.
inline void add_gazetteers_or_throw(RulePack& pack, const std::vector<std::string>& specs) {
  if (specs.empty()) return;
  std::vector<GazetteerList> lists;
  for (const std::string& spec : specs) lists.push_back(read_gazetteer_list(spec));
  const std::vector<Diagnostic> diagnostics = add_gazetteer_lists(pack, lists);
  std::size_t errors = 0;
  for (const Diagnostic& diagnostic : diagnostics) {
    fmt::print(stderr, "{}\n", format_diagnostic(diagnostic));
    errors += diagnostic.severity == Severity::kError;
  }
  if (errors > 0) throw Error(fmt::format("the name lists have {} error(s); nothing was extracted", errors));
}

}  // namespace kgrep::cli
