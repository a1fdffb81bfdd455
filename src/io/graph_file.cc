#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kgrep/io.h"

namespace kgrep {

namespace {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char ch : text) {
    if (ch == '\'')
      quoted += "'\\''";
    else
      quoted += ch;
  }
  return quoted + "'";
}

// Lays the graph out with Graphviz's `dot` and returns the picture's bytes.
std::string render_with_graphviz(const KnowledgeGraph& graph, GraphFormat format, const ExportOptions& options) {
  namespace fs = std::filesystem;
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    throw Error(
        "rendering SVG or PNG needs Graphviz's `dot` program (Debian package graphviz; tools/setup installs it)");
  }
  std::string directory_template = (fs::temp_directory_path() / "kgrep-render-XXXXXX").string();
  if (::mkdtemp(directory_template.data()) == nullptr) throw Error("cannot create a temporary directory for rendering");
  const fs::path directory(directory_template);
  const fs::path dot_file = directory / "graph.dot";
  const fs::path picture = directory / "graph.out";
  struct Cleanup {
    fs::path path;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } cleanup{directory};
  {
    std::ofstream out(dot_file, std::ios::binary);
    ExportOptions drawing = options;
    drawing.dot.legend = true;
    write_dot(graph, out, drawing.dot);
    if (!out) throw Error("cannot write the temporary DOT file for rendering");
  }
  const std::string command =
      fmt::format("dot -T{} {} -o {} 2>{}", format == GraphFormat::kSvg ? "svg" : "png", shell_quote(dot_file.string()),
                  shell_quote(picture.string()), shell_quote((directory / "stderr").string()));
  if (std::system(command.c_str()) != 0) {
    std::ifstream error_text(directory / "stderr");
    std::stringstream message;
    message << error_text.rdbuf();
    throw Error(fmt::format("Graphviz failed to draw the graph: {}", collapse_whitespace(message.str())));
  }
  std::ifstream in(picture, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

std::vector<std::string> add_graph_file(OutputSet& outputs, const KnowledgeGraph& graph, GraphFormat format,
                                        const std::string& path, const ExportOptions& options) {
  if (format == GraphFormat::kCsv) {
    if (path == "-") throw Error("CSV is two tables and cannot go to stdout; give -o graph.csv");
    std::string stem = path;
    if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".csv") == 0) stem.resize(stem.size() - 4);
    const bool neo4j = options.csv == CsvDialect::kNeo4j;
    outputs.add(stem + ".nodes.csv",
                [&](std::ostream& out) { neo4j ? write_neo4j_nodes(graph, out) : write_csv_nodes(graph, out); });
    outputs.add(stem + ".edges.csv",
                [&](std::ostream& out) { neo4j ? write_neo4j_edges(graph, out) : write_csv_edges(graph, out); });
    return {stem + ".nodes.csv", stem + ".edges.csv"};
  }
  if (format == GraphFormat::kSvg || format == GraphFormat::kPng) {
    const std::string picture = render_with_graphviz(graph, format, options);
    outputs.add(path, [&](std::ostream& out) { out << picture; });
    return {path};
  }
  if (format == GraphFormat::kHtml && options.html.source_name.empty()) {
    ExportOptions named = options;
    named.html.source_name = path == "-" ? "graph" : std::filesystem::path(path).stem().string();
    outputs.add(path, [&](std::ostream& out) { write_graph(graph, format, out, named); });
    return {path};
  }
  outputs.add(path, [&](std::ostream& out) { write_graph(graph, format, out, options); });
  return {path};
}

std::vector<std::string> write_graph_file(const KnowledgeGraph& graph, GraphFormat format, const std::string& path,
                                          const ExportOptions& options) {
  OutputSet outputs;
  auto files = add_graph_file(outputs, graph, format, path, options);
  outputs.commit();
  return files;
}

}  // namespace kgrep
