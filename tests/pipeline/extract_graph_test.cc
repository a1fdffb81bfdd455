// extract_graph: the worker pool, batching and progress, on a JSON Lines
// corpus made of the example articles.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "kgrep/io.h"
#include "kgrep/pipeline.h"
#include "support/test_support.h"

namespace {

const kgrep::Extractor& default_extractor() {
  static const kgrep::RulePack pack = [] {
    auto result = kgrep::load_default_rules();
    REQUIRE(result.pack);
    return *result.pack;
  }();
  static const kgrep::Extractor extractor(pack);
  return extractor;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// Every example article four times under distinct ids, plus a broken line.
std::string example_corpus() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KGREP_SOURCE_DIR) + "/examples"))
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 5);
  std::string corpus;
  for (int copy = 0; copy < 4; ++copy) {
    for (const auto& file : files) {
      const kgrep::Document document = kgrep::parse_text_document(
          file.filename().string(), kgrep::testing::read_file(file), kgrep::InputFormat::kText);
      corpus += "{\"id\":" + json_string(std::to_string(copy) + "/" + document.id) +
                ",\"date\":" + json_string(document.date) + ",\"text\":" + json_string(document.text) + "}\n";
    }
    if (copy == 1) corpus += "{\"id\": broken\n";
  }
  return corpus;
}

struct Run {
  std::string graphml;
  kgrep::ExtractSummary summary;
  std::vector<kgrep::ExtractProgress> progress;
};

Run run(const std::string& input, unsigned threads, std::size_t batch_size, std::size_t batch_bytes,
        const kgrep::Extractor& extractor = default_extractor()) {
  kgrep::ExtractOptions options;
  options.threads = threads;
  options.batch_size = batch_size;
  options.batch_bytes = batch_bytes;
  Run result;
  options.progress = [&](const kgrep::ExtractProgress& progress) { result.progress.push_back(progress); };
  kgrep::GraphBuilder builder;
  result.summary = kgrep::extract_graph(extractor, {input}, options, builder, [](const kgrep::Diagnostic&) {});
  std::ostringstream out;
  kgrep::write_graphml(builder.build(), out);
  result.graphml = out.str();
  return result;
}

}  // namespace

TEST_CASE("Every thread count and batch size gives the same graph bytes", "[pipeline][determinism]") {
  kgrep::testing::TempDir dir;
  dir.write("corpus.jsonl", example_corpus());
  const std::string input = (dir.path() / "corpus.jsonl").string();
  const Run reference = run(input, 1, 256, 1u << 20);
  CHECK(reference.graphml.find("<edge ") != std::string::npos);
  CHECK(reference.summary.source.skipped == 1);
  for (const unsigned threads : {1u, 2u, 3u, 8u}) {
    for (const std::size_t batch_size : {std::size_t{1}, std::size_t{3}, std::size_t{256}}) {
      CAPTURE(threads, batch_size);
      const Run other = run(input, threads, batch_size, batch_size == 3 ? 2000 : 1u << 20);
      CHECK(other.graphml == reference.graphml);
      CHECK(other.summary.mentions == reference.summary.mentions);
      CHECK(other.summary.facts == reference.summary.facts);
    }
  }
}

TEST_CASE("An extractor built on two threads gives the graph of one built on one", "[pipeline][determinism]") {
  kgrep::testing::TempDir dir;
  dir.write("corpus.jsonl", example_corpus());
  const std::string input = (dir.path() / "corpus.jsonl").string();
  const kgrep::Extractor built_on_two(kgrep::testing::default_pack(), 2);
  const Run reference = run(input, 1, 256, 1u << 20);
  const Run other = run(input, 2, 256, 1u << 20, built_on_two);
  CHECK(other.graphml.find("<edge ") != std::string::npos);
  CHECK(other.graphml == reference.graphml);
}

TEST_CASE("Progress reports each merged batch, ending at every document and byte", "[pipeline]") {
  kgrep::testing::TempDir dir;
  const std::string corpus = example_corpus();
  dir.write("corpus.jsonl", corpus);
  const Run result = run((dir.path() / "corpus.jsonl").string(), 2, 5, 1u << 20);
  const std::size_t documents = result.summary.source.documents;
  // Batches of five documents, merged one at a time, in order.
  REQUIRE(result.progress.size() == (documents + 4) / 5);
  for (std::size_t k = 0; k < result.progress.size(); ++k) {
    CHECK(result.progress[k].documents == std::min(documents, 5 * (k + 1)));
    if (k > 0) CHECK(result.progress[k].bytes >= result.progress[k - 1].bytes);
  }
  CHECK(result.progress.back().documents == documents);
  CHECK(result.progress.back().bytes == corpus.size());
}

TEST_CASE("A missing input fails the run cleanly while threads are working", "[pipeline]") {
  kgrep::testing::TempDir dir;
  dir.write("corpus.jsonl", example_corpus());
  kgrep::ExtractOptions options;
  options.threads = 2;
  options.batch_size = 1;
  kgrep::GraphBuilder builder;
  CHECK_THROWS_AS(kgrep::extract_graph(default_extractor(),
                                       {(dir.path() / "corpus.jsonl").string(), (dir.path() / "missing").string()},
                                       options, builder, [](const kgrep::Diagnostic&) {}),
                  kgrep::Error);
}
