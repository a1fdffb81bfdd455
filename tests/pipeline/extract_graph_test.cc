// extract_graph: the worker pool, batching and progress, on a JSON Lines
// corpus and a folder of files made of the example articles.
#include <fmt/format.h>

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
  std::vector<std::string> warnings;
};

kgrep::ExtractOptions batched(unsigned threads, std::size_t batch_size, std::size_t batch_bytes) {
  kgrep::ExtractOptions options;
  options.threads = threads;
  options.batch_size = batch_size;
  options.batch_bytes = batch_bytes;
  options.range_bytes = 0;  // one thread reads for all
  return options;
}

Run run(const std::vector<std::string>& inputs, kgrep::ExtractOptions options,
        const kgrep::Extractor& extractor = default_extractor()) {
  Run result;
  options.progress = [&](const kgrep::ExtractProgress& progress) { result.progress.push_back(progress); };
  kgrep::GraphBuilder builder;
  result.summary = kgrep::extract_graph(extractor, inputs, options, builder, [&](const kgrep::Diagnostic& diagnostic) {
    result.warnings.push_back(kgrep::format_diagnostic(diagnostic));
  });
  std::ostringstream out;
  kgrep::write_graphml(builder.build(), out);
  result.graphml = out.str();
  return result;
}

Run run(const std::string& input, kgrep::ExtractOptions options,
        const kgrep::Extractor& extractor = default_extractor()) {
  return run(std::vector<std::string>{input}, std::move(options), extractor);
}

Run run(const std::string& input, unsigned threads, std::size_t batch_size, std::size_t batch_bytes,
        const kgrep::Extractor& extractor = default_extractor()) {
  return run(input, batched(threads, batch_size, batch_bytes), extractor);
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

namespace {

// The example articles as a folder of text, HTML and Markdown files, with a
// JSON Lines file among them and files that are skipped with warnings.
std::string example_folder(const kgrep::testing::TempDir& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KGREP_SOURCE_DIR) + "/examples"))
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (int copy = 0; copy < 3; ++copy) {
    for (const auto& file : files) {
      const std::string text = kgrep::testing::read_file(file);
      const std::string stem = fmt::format("news/{}/{}", copy, file.stem().string());
      dir.write(stem + ".txt", text);
      if (copy == 1) dir.write(stem + ".md", "---\ntitle: copy\n---\n" + text);
      if (copy == 2) dir.write(stem + ".html", "<html><body><p>" + text + "</p></body></html>");
    }
  }
  dir.write("news/1/bad-utf8.txt", "Meta hired \xFF someone");
  dir.write("news/1/binary.txt", std::string("\0\1\2", 3));
  dir.write("news/1/huge.txt", std::string(120000, 'h'));
  dir.write("news/1/records.jsonl", example_corpus());
  dir.write("news/2/.hidden.txt", "ignored");
  dir.write("news/2/notes.docx", "ignored");
  // Last, so that its warning is still in flight when a later input fails.
  dir.write("news/z/last.txt", "Meta hired \xFE");
  return (dir.path() / "news").string();
}

// Runs the example folder and then a missing input, with batches of one file
// so that several are in flight when the missing one is met.
void run_folder_then_missing(unsigned threads, const kgrep::DiagnosticSink& diagnostics) {
  kgrep::testing::TempDir dir;
  const std::vector<std::string> inputs = {example_folder(dir), (dir.path() / "missing").string()};
  kgrep::ExtractOptions options = batched(threads, 1, 1u << 20);
  options.source.max_document_bytes = 100000;
  kgrep::GraphBuilder builder;
  kgrep::extract_graph(default_extractor(), inputs, options, builder, diagnostics);
}

}  // namespace

TEST_CASE("A folder of articles read on the threads gives one reader's graph, warnings, totals and progress",
          "[pipeline][determinism][files]") {
  kgrep::testing::TempDir dir;
  const std::string folder = example_folder(dir);
  dir.write("last.txt", "Mira Murati founded Thinking Machines Lab.");
  const std::vector<std::string> inputs = {folder, (dir.path() / "last.txt").string(), folder};
  auto run_files = [&](unsigned threads, std::size_t batch_size) {
    kgrep::ExtractOptions options = batched(threads, batch_size, 1u << 20);
    options.source.max_document_bytes = 100000;
    return run(inputs, options);
  };
  const Run reference = run_files(1, 256);
  CHECK(reference.graphml.find("<edge ") != std::string::npos);
  // Each folder: bad UTF-8 twice, the binary and the huge file, the broken JSON line.
  REQUIRE(reference.warnings.size() == 10);
  CHECK(reference.warnings[0].find("1/bad-utf8.txt: byte 11: warning[S001]") == 0);
  CHECK(reference.warnings[3].find("1/records.jsonl:") == 0);
  CHECK(reference.summary.source.skipped == 10);
  for (const unsigned threads : {2u, 3u, 8u}) {
    for (const std::size_t batch_size : {std::size_t{1}, std::size_t{2}, std::size_t{256}}) {
      CAPTURE(threads, batch_size);
      const Run other = run_files(threads, batch_size);
      CHECK(other.graphml == reference.graphml);
      CHECK(other.warnings == reference.warnings);
      CHECK(other.summary.source.documents == reference.summary.source.documents);
      CHECK(other.summary.source.skipped == reference.summary.source.skipped);
      CHECK(other.summary.source.bytes == reference.summary.source.bytes);
      CHECK(other.summary.source.lines == reference.summary.source.lines);
      CHECK(other.summary.mentions == reference.summary.mentions);
      CHECK(other.summary.facts == reference.summary.facts);
      REQUIRE(!other.progress.empty());
      CHECK(other.progress.back().documents == reference.summary.source.documents);
      CHECK(other.progress.back().bytes == reference.summary.source.bytes);
    }
  }
}

TEST_CASE("An input missing after a folder fails after the folder's warnings, as one reader fails",
          "[pipeline][files]") {
  auto warnings_before_failing = [](unsigned threads) {
    std::vector<std::string> warnings;
    CHECK_THROWS_WITH(run_folder_then_missing(threads,
                                              [&](const kgrep::Diagnostic& diagnostic) {
                                                warnings.push_back(kgrep::format_diagnostic(diagnostic));
                                              }),
                      Catch::Contains("missing: no such file or directory"));
    return warnings;
  };
  const std::vector<std::string> one = warnings_before_failing(1);
  REQUIRE(one.size() == 5);
  CHECK(one.back().find("z/last.txt: byte 11: warning[S001]") == 0);
  CHECK(warnings_before_failing(2) == one);
  CHECK(warnings_before_failing(3) == one);
}

TEST_CASE("A sink that stops at the first warning, as --strict does, stops at the same one whatever the threads",
          "[pipeline][files]") {
  auto stopping_warning = [](unsigned threads) {
    try {
      run_folder_then_missing(threads, [](const kgrep::Diagnostic& diagnostic) {
        throw kgrep::Error(kgrep::format_diagnostic(diagnostic));
      });
    } catch (const kgrep::Error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  const std::string one = stopping_warning(1);
  CHECK(one.find("1/bad-utf8.txt: byte 11: warning[S001]") != std::string::npos);
  CHECK(stopping_warning(2) == one);
  CHECK(stopping_warning(3) == one);
}

TEST_CASE("Ranges of a JSON Lines file read on the threads give one reader's graph, warnings and totals",
          "[pipeline][determinism][range]") {
  kgrep::testing::TempDir dir;
  // Bad lines early, in the middle and last, so that warnings fall in later ranges.
  const std::string corpus = "{bad\n" + example_corpus() + "{\"id\":\"x\",\"text\":\"\xFF\"}\n\n{}";
  dir.write("corpus.jsonl", corpus);
  const std::string input = (dir.path() / "corpus.jsonl").string();
  const Run reference = run(input, 1, 256, 1u << 20);
  REQUIRE(reference.warnings.size() == 4);
  // One reader numbers the lines; ranges must name the same ones.
  const auto lines = static_cast<std::size_t>(std::count(corpus.begin(), corpus.end(), '\n')) + 1;
  CHECK(reference.warnings.back().starts_with(fmt::format("corpus.jsonl:{}: byte ", lines)));
  CHECK(reference.summary.source.lines == lines);
  for (const unsigned threads : {2u, 3u}) {
    for (const std::size_t range_bytes : {std::size_t{1}, std::size_t{333}, std::size_t{4096}, std::size_t{1} << 20}) {
      CAPTURE(threads, range_bytes);
      kgrep::ExtractOptions options;
      options.threads = threads;
      options.range_bytes = range_bytes;
      const Run ranged = run(input, options);
      CHECK(ranged.graphml == reference.graphml);
      CHECK(ranged.warnings == reference.warnings);
      CHECK(ranged.summary.mentions == reference.summary.mentions);
      CHECK(ranged.summary.facts == reference.summary.facts);
      CHECK(ranged.summary.source.documents == reference.summary.source.documents);
      CHECK(ranged.summary.source.skipped == reference.summary.source.skipped);
      CHECK(ranged.summary.source.bytes == corpus.size());
      CHECK(ranged.summary.source.lines == lines);
      REQUIRE_FALSE(ranged.progress.empty());
      CHECK(ranged.progress.back().documents == reference.summary.source.documents);
      CHECK(ranged.progress.back().bytes == corpus.size());
    }
  }
}

TEST_CASE("A byte range asked for is read in ranges as one reader reads it", "[pipeline][determinism][range]") {
  kgrep::testing::TempDir dir;
  const std::string corpus = example_corpus();
  dir.write("corpus.jsonl", corpus);
  const std::string input = (dir.path() / "corpus.jsonl").string();
  kgrep::ExtractOptions one = batched(1, 256, 1u << 20);
  one.source.range_begin = corpus.size() / 4;
  one.source.range_end = corpus.size() / 2;
  const Run reference = run(input, one);
  CHECK(reference.graphml.find("<edge ") != std::string::npos);
  // The broken line of the second copy falls in the range: no line number, as for one reader.
  REQUIRE(reference.warnings.size() == 1);
  CHECK(reference.warnings.front().starts_with("corpus.jsonl: byte "));
  kgrep::ExtractOptions ranged = one;
  ranged.threads = 2;
  ranged.range_bytes = 1000;
  const Run other = run(input, ranged);
  CHECK(other.graphml == reference.graphml);
  CHECK(other.warnings == reference.warnings);
  CHECK(other.summary.source.documents == reference.summary.source.documents);
  CHECK(other.summary.source.bytes == reference.summary.source.bytes);
}
