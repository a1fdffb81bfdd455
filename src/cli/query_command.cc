#include <fmt/format.h>

#include <iostream>
#include <map>
#include <set>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/export_args.h"
#include "kgrep/io.h"
#include "kgrep/query.h"

namespace kgrep::cli {

namespace {

constexpr const char* kQueryUsage =
    "usage: kgrep query GRAPH moves [--person P] [--from ORG] [--to ORG] [--since D] [--until D]\n"
    "       kgrep query GRAPH neighbours NAME [--depth N] [--relation R]... [--type T]...\n"
    "       kgrep query GRAPH path A B\n"
    "       kgrep query GRAPH rank --by degree|pagerank|betweenness [--type T]... [--top K]\n"
    "       kgrep query GRAPH show NAME\n"
    "       (each with --format table|json|csv|tsv)";

// The options each question takes, and how many names follow it.
struct Question {
  std::set<std::string> options;
  std::size_t names;
};

const std::map<std::string, Question>& questions() {
  static const std::map<std::string, Question> known = {
      {"moves", {{"--person", "--from", "--to", "--since", "--until"}, 0}},
      {"neighbours", {{"--depth", "--relation", "--type"}, 1}},
      {"path", {{}, 2}},
      {"rank", {{"--by", "--type", "--top"}, 0}},
      {"show", {{}, 1}},
  };
  return known;
}

std::vector<Table> ask(const KnowledgeGraph& graph, const std::string& question, const ParsedArgs& parsed,
                       const std::vector<std::string>& names) {
  const auto all = [&](const std::string& option) {
    const auto values = parsed.all(option);
    return std::set<std::string>(values.begin(), values.end());
  };
  if (question == "moves") {
    MovesQuery query;
    query.person = parsed.last("--person");
    query.from = parsed.last("--from");
    query.to = parsed.last("--to");
    if (parsed.has("--since")) query.since = parse_date("--since", parsed.last("--since"));
    if (parsed.has("--until")) query.until = parse_date("--until", parsed.last("--until"));
    return {query_moves(graph, query)};
  }
  if (question == "neighbours") {
    NeighboursQuery query;
    query.name = names[0];
    if (parsed.has("--depth"))
      query.depth = static_cast<std::size_t>(parse_number("--depth", parsed.last("--depth"), 1, 100));
    query.relations = all("--relation");
    query.types = all("--type");
    return {query_neighbours(graph, query)};
  }
  if (question == "path") return {query_path(graph, names[0], names[1])};
  if (question == "rank") {
    RankQuery query;
    if (!parsed.has("--by")) throw Error("rank needs --by degree|pagerank|betweenness");
    query.by = parse_rank_measure(parsed.last("--by"));
    query.types = all("--type");
    if (parsed.has("--top")) query.top = static_cast<std::size_t>(parse_number("--top", parsed.last("--top"), 0, 1e9));
    return {query_rank(graph, query)};
  }
  return query_show(graph, names[0]);
}

}  // namespace

int run_query(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = {{"--format", "", true}};
  std::set<std::string> every_option;
  for (const auto& [name, question] : questions())
    every_option.insert(question.options.begin(), question.options.end());
  for (const auto& option : every_option) specs.push_back({option, "", true});
  const ParsedArgs parsed = parse_args(args, specs);
  if (parsed.positional.size() < 2) throw Error(kQueryUsage);
  const std::string& question_name = parsed.positional[1];
  const auto question = questions().find(question_name);
  if (question == questions().end())
    throw Error(fmt::format("unknown question '{}' (known: moves, neighbours, path, rank, show)\n{}", question_name,
                            kQueryUsage));
  for (const auto& [option, value] : parsed.options) {
    if (option != "--format" && !question->second.options.count(option))
      throw Error(fmt::format("{} does not apply to '{}'\n{}", option, question_name, kQueryUsage));
  }
  const std::vector<std::string> names(parsed.positional.begin() + 2, parsed.positional.end());
  if (names.size() != question->second.names)
    throw Error(fmt::format("'{}' takes {} name(s), not {}\n{}", question_name, question->second.names, names.size(),
                            kQueryUsage));
  const TableFormat format = parse_table_format(parsed.last("--format", "table"));

  const KnowledgeGraph graph = read_graph_file(parsed.positional[0]);
  const std::vector<Table> tables = ask(graph, question_name, parsed, names);
  bool found = false;
  for (const Table& table : tables) found = found || !table.rows.empty();
  if (!found) {
    if (format != TableFormat::kText) write_tables(tables, format, std::cout);
    fmt::print(stderr, "kgrep: the graph holds no answer to that {} question\n", question_name);
    return kExitNothingFound;
  }
  write_tables(tables, format, std::cout);
  std::cout.flush();
  if (!std::cout) throw Error("cannot write to stdout");
  return kExitOk;
}

}  // namespace kgrep::cli
