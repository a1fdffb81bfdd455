// `kgrep rules explain INPUT...`: per sentence, the names found, the rules
// that fired, the entities they bound and what became of each candidate fact.
#include <fmt/format.h>

#include <map>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/gazetteer_args.h"
#include "kgrep/pipeline.h"
#include "kgrep/resolve.h"

namespace kgrep::cli {

namespace {

// How a mention was found, in words.
std::string found_by(const Mention& mention) {
  if (mention.rule_id == "resolve:reference") return "pronoun or description";
  if (mention.rule_id == "resolve:author") return "the author";
  if (mention.rule_id == "resolve:surname") return "surname of a name above";
  if (mention.rule_id == mention.entity_id) return "listed name";
  return "pattern " + mention.rule_id;
}

void print_document(const Document& document, const ExplainedDocument& explained) {
  const std::string& normalized = explained.text.normalized.text;
  const auto& mentions = explained.result.mentions;
  fmt::print("== {}{}\n", document.id, document.date.empty() ? "" : fmt::format(" (dated {})", document.date));
  std::map<std::size_t, std::vector<const RuleTrace*>> trace_by_sentence;
  for (const RuleTrace& event : explained.trace) trace_by_sentence[event.sentence].push_back(&event);
  std::size_t next = 0;
  bool any = false;
  for (const Span& sentence : explained.text.sentences) {
    std::vector<const Mention*> inside;
    while (next < mentions.size() && mentions[next].span.begin < sentence.begin) ++next;
    for (std::size_t k = next; k < mentions.size() && mentions[k].span.end <= sentence.end; ++k)
      inside.push_back(&mentions[k]);
    const auto events = trace_by_sentence.find(sentence.begin);
    if (inside.empty() && events == trace_by_sentence.end()) continue;
    any = true;
    const Span original = explained.text.normalized.to_original(sentence);
    fmt::print("\n[byte {}] {}\n", original.begin,
               collapse_whitespace(std::string_view(normalized).substr(sentence.begin, sentence.size())));
    for (const Mention* mention : inside) {
      fmt::print("  name  \"{}\" = {} ({}; {})\n",
                 std::string_view(normalized).substr(mention->span.begin, mention->span.size()), mention->entity_id,
                 mention->type, found_by(*mention));
    }
    if (events == trace_by_sentence.end()) {
      if (inside.size() >= 2) fmt::print("  no relation rule matched\n");
      continue;
    }
    for (const RuleTrace* event : events->second) {
      fmt::print("  rule  {}: {} [{:.2f}] -> {}\n", event->rule_id, event->fact, event->confidence, event->outcome);
    }
  }
  if (!any) fmt::print("  no name of the pack\n");
  fmt::print("\n");
}

}  // namespace

int run_rules_explain(const std::vector<std::string>& args) {
  const ParsedArgs parsed = parse_args(args, {{"--rules", "", true}, {"--gazetteer", "", true}});
  if (parsed.positional.size() < 2) {
    throw Error("usage: kgrep rules explain [--rules DIR]... [--gazetteer TYPE=FILE]... INPUT...");
  }
  RulePack pack = load_rules_or_throw(parsed.all("--rules"));
  add_gazetteers_or_throw(pack, parsed.all("--gazetteer"));
  const Extractor extractor(std::move(pack));
  const std::vector<std::string> inputs(parsed.positional.begin() + 1, parsed.positional.end());
  const SourceTotals totals = read_inputs(
      inputs, SourceOptions{},
      [&](Document&& document) {
        print_document(document, extractor.explain(document));
        return true;
      },
      [](const Diagnostic& diagnostic) { fmt::print(stderr, "kgrep: {}\n", format_diagnostic(diagnostic)); });
  return totals.documents > 0 ? kExitOk : kExitNothingFound;
}

}  // namespace kgrep::cli
