// kgrep: rule-based entity and relation extraction from news into a knowledge graph.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "kgrep/core.h"

namespace {

constexpr const char* kUsage = R"(usage: kgrep COMMAND [OPTIONS]

commands:
  extract [--rules DIR]... [--gazetteer TYPE=FILE]... [-j N] [-o OUT]... [--format F]
          [--quiet] [FILTERS] INPUT...
          read articles (.txt .md .html .jsonl, directories, - for stdin) and
          write the knowledge graph (F: graphml | gexf | dot | json | csv |
          svg | png | html | facts; default from OUT's extension, graphml on stdout);
          -j N: N threads (0: one per core), same output whatever N
          a document that cannot be read (bad encoding, binary, a broken
          JSONL line, over --max-document-size SIZE, default 16M) is skipped
          with a warning and the run ends with exit 3; --strict stops at
          the first instead (exit 2, no output written)
          filters: --type T, --relation R (repeatable), --min-weight W,
          --min-confidence C, --since DATE, --until DATE, --around NAME
          [--depth N]; drawing: --dot-clusters; GEXF: --static (no timeline);
          CSV: --csv-dialect gephi|neo4j (headers for neo4j-admin import)
          shards (tools/kgrep-dask): --byte-range START:END reads the JSONL
          records whose lines start in that byte range; --ids-relative-to
          DIR names files as if DIR had been given; --mention-totals writes
          a facts stream of mention totals and document hashes (version 3)
          instead of per-document counts: smaller and faster, and merged
          exactly as long as no document is in two such streams
  render GRAPH.graphml -o OUT.svg|OUT.png|OUT.html [FILTERS] [--dot-clusters]
          draw a graph kgrep wrote (with a legend of types), or write it as
          an interactive page (.html: one file, opens offline); any other -o
          extension converts it (gexf, dot, json, csv)
  merge [-o OUT]... [--format F] [FILTERS] GRAPH...
          combine graphs and facts streams (GraphML or .facts.jsonl) into
          one; a statement or a document's mentions seen in several facts
          streams count once (GraphML keeps totals only: the same graph
          given twice counts once), any order gives the same bytes, and
          shards' facts streams give what one extract of all their
          documents gives
  query GRAPH moves [--person P] [--from ORG] [--to ORG] [--since D] [--until D]
  query GRAPH neighbours NAME [--depth N] [--relation R]... [--type T]...
  query GRAPH path A B
  query GRAPH rank --by degree|pagerank|betweenness [--type T]... [--top K]
  query GRAPH show NAME
          answer from a graph kgrep wrote (GraphML or a facts stream): who
          moved where, what is near an entity, how two are linked, who is
          central, everything known of one; names are ids, labels or aliases
          (case and accents folded); --format table|json|csv|tsv
  rules check|list [--rules DIR]... [--gazetteer TYPE=FILE]...
          check a rule pack and report every problem as file:line:col; list
          its entities
  suggest [--rules DIR]... [--gazetteer TYPE=FILE]... [-j N] INPUT...
          TOML entries, most frequent first, for the capitalised names that
          fill a person or organisation slot of a relation rule but that the
          pack does not list (extract --discover puts them in the graph)
  rules explain [--rules DIR]... [--gazetteer TYPE=FILE]... INPUT...
          show, per sentence, the names found, the rules that fired, the
          entities they bound, and why a candidate fact was dropped
  help    show this text

--rules DIR loads a rule pack folder; "default" names the built-in pack
(rules/ai-industry), used when no --rules is given. --gazetteer TYPE=FILE
adds a list of names (one entity a line, "name<TAB>alias<TAB>..." for
aliases; ids from the names) matched like the pack's aliases.
exit codes: 0 ok, 1 nothing found, 2 usage, rule or input error (nothing
written), 3 extract skipped documents it could not read (the rest written),
4 merge was given facts streams of mention totals that share a document
)";

}  // namespace

int main(int argc, char** argv) {
  // A reader that goes away (`kgrep ... | head -1`) ends kgrep quietly, as it
  // ends grep, even when the parent left SIGPIPE ignored; files are complete
  // by then, since stdout is written after they are renamed into place.
  std::signal(SIGPIPE, SIG_DFL);
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kgrep::cli::kExitError : kgrep::cli::kExitOk;
  }
  if (args[0] == "--version") {
    std::puts("kgrep 0.1.0");
    return kgrep::cli::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "extract") return kgrep::cli::run_extract(args);
    if (command == "rules") return kgrep::cli::run_rules(args);
    if (command == "suggest") return kgrep::cli::run_suggest(args);
    if (command == "render") return kgrep::cli::run_render(args);
    if (command == "merge") return kgrep::cli::run_merge(args);
    if (command == "query") return kgrep::cli::run_query(args);
    fmt::print(stderr, "kgrep: unknown command '{}'\n{}", command, kUsage);
    return kgrep::cli::kExitError;
  } catch (const kgrep::Error& error) {
    for (const auto& diagnostic : error.diagnostics()) {
      fmt::print(stderr, "kgrep: {}\n", kgrep::format_diagnostic(diagnostic));
    }
    return kgrep::cli::kExitError;
  } catch (const std::exception& error) {
    fmt::print(stderr, "kgrep: error: {}\n", error.what());
    return kgrep::cli::kExitError;
  }
}
