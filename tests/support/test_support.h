// Helpers shared by the test files: a scratch directory, file reading,
// entity records for building graphs in code and the default pack.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kgrep/graph.h"
#include "kgrep/io.h"
#include "kgrep/pipeline.h"

namespace kgrep::testing {

// A fresh directory under the system temporary directory, removed on exit.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("kgrep-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Writes `bytes` to a file below the directory, creating folders on the way.
  void write(const std::string& relative, const std::string& bytes) const {
    const std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << bytes;
    REQUIRE(out.good());
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline EntityRecord make_entity(std::string id, std::string label, std::string type,
                                std::vector<std::string> aliases = {}, bool discovered = false) {
  EntityRecord entity;
  entity.id = std::move(id);
  entity.label = std::move(label);
  entity.type = std::move(type);
  entity.aliases = std::move(aliases);
  entity.discovered = discovered;
  return entity;
}

// A graph as a writer writes it (write_graphml, write_facts, ...).
inline std::string written_by(void (*writer)(const KnowledgeGraph&, std::ostream&), const KnowledgeGraph& graph) {
  std::ostringstream out;
  writer(graph, out);
  return out.str();
}

// The built-in rule pack, loaded once; a pack that does not load fails the test.
inline const RulePack& default_pack() {
  static const RulePack pack = [] {
    auto result = load_default_rules();
    REQUIRE(result.pack);
    return *result.pack;
  }();
  return pack;
}

// An extractor of the built-in pack, compiled once for all tests (thread-safe).
inline const Extractor& default_extractor() {
  static const Extractor extractor(default_pack());
  return extractor;
}

}  // namespace kgrep::testing
