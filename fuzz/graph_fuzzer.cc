// libFuzzer target: bytes read as a graph file, as `kgrep render`, `merge`
// and `query` read them (GraphML or a facts stream, told apart by the first
// character). Graph files get passed around: a bad one must give a
// kgrep::Error naming what is wrong, never a crash or another exception. A
// graph that reads is written back in the same format and read again, and
// must then write the same bytes: what kgrep writes, it reads unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "kgrep/io.h"

namespace {

using Reader = kgrep::KnowledgeGraph (*)(std::istream&, const std::string&);
using Writer = void (*)(const kgrep::KnowledgeGraph&, std::ostream&);

std::string write_to_string(Writer write, const kgrep::KnowledgeGraph& graph) {
  std::ostringstream out;
  write(graph, out);
  return std::move(out).str();
}

void check_round_trip(std::string_view bytes, Reader read, Writer write) {
  kgrep::KnowledgeGraph graph;
  try {
    std::istringstream in{std::string(bytes)};
    graph = read(in, "fuzz");
  } catch (const kgrep::Error&) {
    return;
  }
  const std::string first = write_to_string(write, graph);
  std::istringstream again(first);
  kgrep::KnowledgeGraph reread;
  try {
    reread = read(again, "fuzz-again");
  } catch (const kgrep::Error& error) {
    std::fprintf(stderr, "kgrep cannot read back what it wrote: %s\n%s\n", error.what(), first.c_str());
    std::abort();
  }
  if (write_to_string(write, reread) != first) {
    std::fprintf(stderr, "a graph read back does not write the same bytes:\n%s\n", first.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The same choice read_graph_file makes: a facts stream opens with '{'.
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && bytes[first] == '{')
    check_round_trip(bytes, kgrep::read_facts, kgrep::write_facts);
  else
    check_round_trip(bytes, kgrep::read_graphml, kgrep::write_graphml);
  return 0;
}
