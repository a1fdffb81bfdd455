#include <fmt/format.h>
#include <re2/re2.h>

#include "kgrep/relate.h"

namespace kgrep {

struct ModifierSet::Impl {
  struct Compiled {
    const ModifierRule* rule;
    std::unique_ptr<RE2> re;
  };
  std::vector<ModifierRule> rules;
  std::vector<Compiled> compiled;
};

ModifierSet::ModifierSet(const RulePack& pack) : impl_(std::make_unique<Impl>()) {
  impl_->rules = pack.modifiers;
  std::vector<Diagnostic> errors;
  for (const ModifierRule& rule : impl_->rules) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);
    auto re = std::make_unique<RE2>(rule.regex, options);
    if (!re->ok()) {
      errors.push_back(Diagnostic{Severity::kError, "R008", rule.loc,
                                  fmt::format("modifier '{}' cannot be compiled: {}", rule.id, re->error())});
      continue;
    }
    impl_->compiled.push_back(Impl::Compiled{&rule, std::move(re)});
  }
  if (!errors.empty()) throw Error(std::move(errors));
}

ModifierSet::~ModifierSet() = default;

ModifierEffect ModifierSet::effect(const Document& document, std::string_view window) const {
  ModifierEffect result;
  for (const auto& [rule, re] : impl_->compiled) {
    if (!language_applies(rule->lang, document)) continue;
    if (!RE2::PartialMatch(re2::StringPiece(window.data(), window.size()), *re)) continue;
    if (rule->drop) {
      result.drop = true;
      result.rule_id = rule->id;
      return result;
    }
    result.confidence *= rule->confidence;
    if (result.rule_id.empty()) result.rule_id = rule->id;
  }
  return result;
}

}  // namespace kgrep
