// libFuzzer target: one rule file's bytes through the TOML rule loader and,
// when the loader accepts them, through every matcher's compiler. A rule
// file is edited by hand, so anything may be in it: the loader must report
// diagnostics, never crash, and a pack it accepts must compile.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kgrep/pipeline.h"
#include "kgrep/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string content(reinterpret_cast<const char*>(data), size);
  kgrep::RuleLoadResult result = kgrep::load_rule_sources({kgrep::RuleSource{"fuzz.toml", content}});
  if (!result.pack) return 0;
  try {
    const kgrep::Extractor extractor(std::move(*result.pack));
  } catch (const kgrep::Error& error) {
    // The loader compiles every regex itself so that it can point at the
    // column: a pack it accepts that the matchers then reject is a bug.
    std::fprintf(stderr, "accepted pack does not compile: %s\n", error.what());
    std::abort();
  }
  return 0;
}
