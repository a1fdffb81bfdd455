// `kgrep suggest INPUT...`: ready-to-paste TOML entries for the names the
// articles relate but the pack does not list, most frequent first.
#include <fmt/format.h>

#include <algorithm>
#include <boost/range/iterator_range.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/gazetteer_args.h"
#include "kgrep/pipeline.h"

namespace kgrep::cli {

namespace {

struct Suggestion {
  const NodeProperties* node = nullptr;
  const Evidence* example = nullptr;  // the best sentence of one of its facts
};

// TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view text) {
  std::string quoted = "\"";
  for (const char ch : text) {
    if (ch == '"' || ch == '\\') {
      quoted += '\\';
      quoted += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      quoted += fmt::format("\\u{:04X}", static_cast<unsigned>(ch));
    } else {
      quoted += ch;
    }
  }
  return quoted + '"';
}

}  // namespace

int run_suggest(const std::vector<std::string>& args) {
  const ParsedArgs parsed =
      parse_args(args, {{"--rules", "", true}, {"--gazetteer", "", true}, {"--threads", "-j", true}});
  if (parsed.positional.empty()) {
    throw Error("usage: kgrep suggest [--rules DIR]... [--gazetteer TYPE=FILE]... [-j N] INPUT...");
  }
  RulePack pack = load_rules_or_throw(parsed.all("--rules"));
  add_gazetteers_or_throw(pack, parsed.all("--gazetteer"));
  Extractor extractor(std::move(pack));
  extractor.set_discovery(true);
  GraphBuilder builder;
  ExtractOptions options;
  options.threads = parsed.has("--threads") ? static_cast<unsigned>(std::stoul(parsed.last("--threads"))) : 1;
  extract_graph(extractor, parsed.positional, options, builder,
                [](const Diagnostic& diagnostic) { fmt::print(stderr, "kgrep: {}\n", format_diagnostic(diagnostic)); });
  const KnowledgeGraph graph = builder.build();

  std::vector<Suggestion> suggestions;
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph.graph))) {
    const NodeProperties& node = graph.graph[vertex];
    if (!node.discovered || (node.type != "Person" && node.type != "Organization")) continue;
    Suggestion suggestion{&node, nullptr};
    // Edges are laid out in (subject, relation, object) order: the first one
    // touching the node is a deterministic example.
    for (auto edge : boost::make_iterator_range(boost::out_edges(vertex, graph.graph))) {
      suggestion.example = &graph.graph[edge].evidence;
      break;
    }
    if (!suggestion.example) {
      for (auto edge : boost::make_iterator_range(boost::in_edges(vertex, graph.graph))) {
        suggestion.example = &graph.graph[edge].evidence;
        break;
      }
    }
    suggestions.push_back(suggestion);
  }
  std::stable_sort(suggestions.begin(), suggestions.end(), [](const Suggestion& a, const Suggestion& b) {
    return a.node->mentions != b.node->mentions ? a.node->mentions > b.node->mentions : a.node->id < b.node->id;
  });
  for (const Suggestion& suggestion : suggestions) {
    const NodeProperties& node = *suggestion.node;
    fmt::print("# {} mention{}", node.mentions, node.mentions == 1 ? "" : "s");
    if (suggestion.example) {
      fmt::print(", e.g. {}: {}", suggestion.example->doc_id, suggestion.example->sentence_text);
    }
    fmt::print("\n[[entity]]\nid = {}\ntype = {}\nname = {}\n\n", toml_string(node.id), toml_string(node.type),
               toml_string(node.label));
  }
  return suggestions.empty() ? kExitNothingFound : kExitOk;
}

}  // namespace kgrep::cli
