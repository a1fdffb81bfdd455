#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

#include "kgrep/match.h"
#include "match/entity_table.h"
#include "match/pack_screen.h"

namespace kgrep {

namespace {

// A generous budget: patterns are few, and RE2 reports running out rather
// than silently failing to match.
constexpr int64_t kPatternMemoryBudget = 64 << 20;

std::string expand_template(std::string_view name_template, const std::vector<re2::StringPiece>& groups) {
  std::string name;
  for (std::size_t k = 0; k < name_template.size(); ++k) {
    const char ch = name_template[k];
    if (ch == '$' && k + 1 < name_template.size() && std::isdigit(static_cast<unsigned char>(name_template[k + 1]))) {
      const auto group = static_cast<std::size_t>(name_template[++k] - '0');
      if (group < groups.size() && groups[group].data() != nullptr)
        name.append(groups[group].data(), groups[group].size());
    } else {
      name += ch;
    }
  }
  // "Claude  Opus\n4" names the same entity as "Claude Opus 4".
  return collapse_whitespace(name);
}

struct CompiledPattern {
  const PatternRule* rule;
  std::unique_ptr<RE2> re;
};

}  // namespace

struct PatternMatcher::Impl {
  explicit Impl(const RulePack& pack) : rules(pack.patterns), entities(pack.entities, true) {}
  std::vector<PatternRule> rules;
  std::vector<CompiledPattern> patterns;
  // Name and type of each listed entity: a found name may be one of them. Not
  // the whole pack: with a list of a million names that copy would cost more
  // than every pattern together.
  match_detail::EntityTable entities;
  // All patterns in one automaton: where the screen lets two or more through,
  // one pass over the text tells which of them match anywhere, and only those
  // run with captures. Null when RE2 cannot build it; then every pattern runs.
  std::unique_ptr<RE2::Set> prefilter;
  // Before that pass, a scan for the patterns' literals ("GPT", "$", "Qwen"),
  // one of which each match of most patterns holds: most texts hold none.
  // Patterns are its first regexes; the pipeline shares it with the relation
  // matcher, so that a document is scanned once for both.
  std::shared_ptr<const core_detail::RegexScreen> screen;

  void build_prefilter() {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kPatternMemoryBudget);
    auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const auto& pattern : patterns) {
      const PatternRule& rule = *pattern.rule;
      if (set->Add(rule.case_sensitive ? rule.regex : "(?i:" + rule.regex + ")", nullptr) < 0) return;
    }
    if (set->Compile()) prefilter = std::move(set);
  }

  // Indices (into `patterns`) of the patterns worth running over `text`, in order.
  void patterns_to_run(std::string_view text, const core_detail::AtomScan& scan, std::vector<int>& run) const {
    run.clear();
    thread_local std::vector<std::size_t> screened;
    screen->may_match_among(0, patterns.size(), scan, screened);
    if (screened.empty()) return;
    // One pattern let through (most often the amounts): its own search finds
    // its matches, and a text it does not match is read once either way.
    if (screened.size() == 1) {
      run.push_back(static_cast<int>(screened[0]));
      return;
    }
    RE2::Set::ErrorInfo error{};
    if (prefilter && (prefilter->Match(text, &run, &error) || error.kind == RE2::Set::kNoError)) {
      std::sort(run.begin(), run.end());
      return;
    }
    // Out of memory or no prefilter: an engine limit must not look like "no match".
    run.resize(patterns.size());
    for (std::size_t k = 0; k < run.size(); ++k) run[k] = static_cast<int>(k);
  }
};

PatternMatcher::PatternMatcher(const RulePack& pack) : PatternMatcher(pack, match_detail::pack_screen(pack)) {}

PatternMatcher::PatternMatcher(const RulePack& pack, std::shared_ptr<const core_detail::RegexScreen> screen)
    : impl_(std::make_unique<Impl>(pack)) {
  match_detail::require_pack_screen(pack, *screen, "PatternMatcher");
  impl_->screen = std::move(screen);
  std::vector<Diagnostic> errors;
  for (const auto& rule : impl_->rules) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(rule.case_sensitive);
    options.set_max_mem(kPatternMemoryBudget);
    auto re = std::make_unique<RE2>(rule.regex, options);
    if (!re->ok()) {
      errors.push_back(Diagnostic{Severity::kError, "R008", rule.loc,
                                  fmt::format("pattern '{}' cannot be compiled: {}", rule.id, re->error())});
      continue;
    }
    impl_->patterns.push_back(CompiledPattern{&rule, std::move(re)});
  }
  if (!errors.empty()) throw Error(std::move(errors));
  impl_->build_prefilter();
}

PatternMatcher::~PatternMatcher() = default;

void PatternMatcher::find(const AnalyzedText& text, std::vector<Mention>& out) const {
  thread_local core_detail::AtomScan scan;
  impl_->screen->scan(text.normalized.text, scan, false);
  find(text, out, scan);
}

void PatternMatcher::find(const AnalyzedText& text, std::vector<Mention>& out,
                          const core_detail::AtomScan& scan) const {
  const std::string& normalized = text.normalized.text;
  thread_local std::vector<int> run;
  impl_->patterns_to_run(normalized, scan, run);
  if (run.empty()) return;
  // A mention must begin where a token begins and end where one ends. Tokens
  // are in order and never overlap, so both are sorted: searched in place.
  const std::vector<Token>& tokens = text.tokens;
  auto begins_token = [&](std::size_t offset) {
    const auto at = std::partition_point(tokens.begin(), tokens.end(),
                                         [&](const Token& token) { return token.span.begin < offset; });
    return at != tokens.end() && at->span.begin == offset;
  };
  auto ends_token = [&](std::size_t offset) {
    const auto at =
        std::partition_point(tokens.begin(), tokens.end(), [&](const Token& token) { return token.span.end < offset; });
    return at != tokens.end() && at->span.end == offset;
  };
  const re2::StringPiece input(normalized);
  for (const int index : run) {
    const CompiledPattern& pattern = impl_->patterns[static_cast<std::size_t>(index)];
    const PatternRule& rule = *pattern.rule;
    const int group_count = pattern.re->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> groups(static_cast<std::size_t>(group_count));
    std::size_t pos = 0;
    while (pos <= normalized.size() &&
           pattern.re->Match(input, pos, normalized.size(), RE2::UNANCHORED, groups.data(), group_count)) {
      const auto begin = static_cast<std::size_t>(groups[0].data() - normalized.data());
      const std::size_t end = begin + groups[0].size();
      pos = end > begin ? end : begin + 1;
      if (end == begin || !begins_token(begin) || !ends_token(end)) {
        if (end > begin) pos = begin + 1;  // a match inside a word may hide a good one further on
        continue;
      }
      std::string name;
      if (rule.normalizer == "amount") {
        auto amount = normalize_amount(groups[0]);
        if (!amount) continue;
        name = std::move(*amount);
      } else {
        name = rule.name_template.empty() ? std::string(groups[0]) : expand_template(rule.name_template, groups);
      }
      Mention mention;
      mention.entity_id = slugify(name);
      if (mention.entity_id.empty()) continue;  // a name of punctuation alone names nothing
      mention.span = Span{begin, end};
      mention.rule_id = rule.id;
      mention.priority = 1;
      mention.link = rule.link;
      if (const match_detail::EntityNames* known = impl_->entities.find(mention.entity_id)) {
        mention.name = known->name;
        mention.type = known->type;
      } else {
        mention.name = std::move(name);
        mention.type = rule.type;
        mention.discovered = true;
        mention.attributes = rule.attributes;
      }
      out.push_back(std::move(mention));
    }
  }
}

}  // namespace kgrep
