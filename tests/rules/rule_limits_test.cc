// The limits of a rule pack are errors placed at the rule that crosses them,
// not runs that exhaust memory: RE2's compile budget (R019, from RE2's own
// error code) and the number of regex rules (R020).
#include <catch2/catch.hpp>
#include <string>

#include "kgrep/rules.h"

namespace {

std::vector<std::string> messages(const kgrep::RuleLoadResult& result) {
  std::vector<std::string> lines;
  for (const auto& diagnostic : result.diagnostics) lines.push_back(kgrep::format_diagnostic(diagnostic));
  return lines;
}

std::string patterns(std::size_t count) {
  std::string toml;
  for (std::size_t k = 0; k < count; ++k) {
    toml += "[[pattern]]\nid = \"p" + std::to_string(k) + "\"\ntype = \"Model\"\nregex = 'Model" + std::to_string(k) +
            "'\n\n";
  }
  return toml;
}

}  // namespace

TEST_CASE("A regex over RE2's memory budget is R019 at the regex, not a failed run", "[rules][limits]") {
  const std::string toml =
      "[[pattern]]\n"
      "id = \"huge\"\n"
      "type = \"Model\"\n"
      "regex = '(?:\\pL\\pN?\\pL[\\pL\\pN]{1,3}\\b){200}'\n";
  const kgrep::RuleLoadResult result = kgrep::load_rule_sources({{"huge.toml", toml}});
  CHECK_FALSE(result.pack);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK_THAT(messages(result)[0],
             Catch::StartsWith("huge.toml:4:10: error[R019]: the regex needs more than RE2's memory budget of 8 MB "
                               "to compile (pattern too large - compile failed)"));
}

TEST_CASE("A relation whose placeholders expand past the budget is R019 too", "[rules][limits]") {
  const std::string toml =
      "[[relation]]\nid = \"wide\"\n"
      "regex = '(?:\\pL{0,50}{Organization+}){0,19}{Person:subject} joined {Organization:object}'\n"
      "relation = \"joined\"\n";
  const kgrep::RuleLoadResult result = kgrep::load_rule_sources({{"wide.toml", toml}});
  CHECK_FALSE(result.pack);
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK_THAT(messages(result)[0], Catch::StartsWith("wide.toml:3:10: error[R019]: "));
}

TEST_CASE("More regex rules than the limit are R020 at the first one over it", "[rules][limits]") {
  const kgrep::RuleLoadResult at_limit = kgrep::load_rule_sources({{"a.toml", patterns(kgrep::kMaxRegexRules)}});
  CHECK(at_limit.pack);
  const kgrep::RuleLoadResult over = kgrep::load_rule_sources({{"a.toml", patterns(kgrep::kMaxRegexRules + 1)}});
  CHECK_FALSE(over.pack);
  REQUIRE(over.diagnostics.size() == 1);
  CHECK(messages(over)[0] ==
        "a.toml:50001:1: error[R020]: the pack holds 10001 patterns, relations and modifiers, over the limit of "
        "10000: every one runs on every document");
}
