// Helpers shared by the test files: a scratch directory, file reading,
// entity records for building graphs in code and the default pack.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kgrep/graph.h"
#include "kgrep/io.h"
#include "kgrep/pipeline.h"
#include "kgrep/source.h"

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

// A document of one text, as a test writes it.
inline Document document_of(std::string id, std::string lang, std::string text) {
  Document document;
  document.id = std::move(id);
  document.lang = std::move(lang);
  document.text = std::move(text);
  return document;
}

// Every document of `inputs`, read as `kgrep extract` reads them, warnings ignored.
inline void read_documents(const std::vector<std::string>& inputs, const std::function<void(Document&&)>& each) {
  read_inputs(
      inputs, {},
      [&](Document&& document) {
        each(std::move(document));
        return true;
      },
      [](const Diagnostic&) {});
}

// examples/, the seeds (where ../shared is there) and each line of
// tests/data/relation-sentences.tsv as a document of its own.
inline void read_sample_documents(const std::function<void(Document&&)>& each) {
  std::vector<std::string> inputs{std::string(KGREP_SOURCE_DIR) + "/examples"};
  const std::string seeds = std::string(KGREP_SHARED_DIR) + "/seeds";
  if (std::filesystem::exists(seeds)) inputs.push_back(seeds);
  read_documents(inputs, each);
  std::ifstream sentences(std::string(KGREP_SOURCE_DIR) + "/tests/data/relation-sentences.tsv");
  REQUIRE(sentences.good());
  std::string line;
  for (int number = 1; std::getline(sentences, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t'), second = line.find('\t', tab + 1);
    Document document;
    document.id = "relation-sentences.tsv:" + std::to_string(number);
    document.lang = line.substr(0, tab);
    document.text = line.substr(tab + 1, second - tab - 1);
    each(std::move(document));
  }
}

}  // namespace kgrep::testing
