// The pipeline's stages one at a time over Reuters-21578, with Google
// Benchmark: where tools/bench-throughput times the whole run, this tells how
// fast each stage is on its own, so that a change to one can be judged alone.
// Each benchmark reports the bytes of text it read (MB/s).
//
// Not built by default (Google Benchmark is not one of kgrep's dependencies):
//   apt-get install libbenchmark-dev
//   cmake --build build --target bench-stages
//   build/bench-stages [--corpus FILE.jsonl] [--names NAMES.txt] [benchmark flags]
// Defaults: ../shared/corpora/reuters21578.jsonl and names-sec-reuters-aliases.txt.
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/regex_screen.h"
#include "kgrep/match.h"
#include "kgrep/pipeline.h"
#include "kgrep/rules.h"
#include "kgrep/source.h"
#include "kgrep/text.h"
#include "match/pack_screen.h"

namespace {

struct Corpus {
  std::string path;
  std::vector<kgrep::Document> documents;
  std::vector<kgrep::AnalyzedText> analyzed;  // normalised and tokenized, no sentences
  std::size_t text_bytes = 0;                 // of the documents' texts
  std::size_t normalized_bytes = 0;
  std::unique_ptr<kgrep::RulePack> pack;  // the default pack and the name list
};

Corpus& corpus() {
  static Corpus loaded;
  return loaded;
}

void load(const std::string& corpus_path, const std::string& names_path) {
  Corpus& data = corpus();
  data.path = corpus_path;
  kgrep::read_inputs(
      {corpus_path}, {},
      [&](kgrep::Document&& document) {
        data.text_bytes += document.text.size();
        data.documents.push_back(std::move(document));
        return true;
      },
      [](const kgrep::Diagnostic& diagnostic) { std::cerr << kgrep::format_diagnostic(diagnostic) << "\n"; });
  for (const kgrep::Document& document : data.documents) {
    kgrep::AnalyzedText& text = data.analyzed.emplace_back();
    kgrep::normalize_into(document.text, text.normalized);
    kgrep::tokenize_into(text.normalized.text, text.tokens, text.folds);
    data.normalized_bytes += text.normalized.text.size();
  }
  auto loaded = kgrep::load_default_rules();
  if (!loaded.pack) throw std::runtime_error("the default pack does not load");
  data.pack = std::make_unique<kgrep::RulePack>(std::move(*loaded.pack));
  kgrep::add_gazetteer_lists(*data.pack, {kgrep::read_gazetteer_list("Organization=" + names_path)});
}

void BM_ReadJsonLines(benchmark::State& state) {
  const Corpus& data = corpus();
  std::size_t bytes = 0;
  for (auto _ : state) {
    kgrep::SourceTotals totals = kgrep::read_inputs(
        {data.path}, {},
        [&](kgrep::Document&& document) {
          benchmark::DoNotOptimize(document.text.data());
          return true;
        },
        [](const kgrep::Diagnostic&) {});
    bytes += totals.bytes;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_Normalize(benchmark::State& state) {
  const Corpus& data = corpus();
  kgrep::NormalizedText normalized;
  for (auto _ : state) {
    for (const kgrep::Document& document : data.documents) {
      kgrep::normalize_into(document.text, normalized);
      benchmark::DoNotOptimize(normalized.text.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.text_bytes));
}

void BM_Tokenize(benchmark::State& state) {
  const Corpus& data = corpus();
  std::vector<kgrep::Token> tokens;
  kgrep::FoldedText folds;
  for (auto _ : state) {
    for (const kgrep::AnalyzedText& text : data.analyzed) {
      kgrep::tokenize_into(text.normalized.text, tokens, folds);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.normalized_bytes));
}

// The name list reads the tokens just made, as in the pipeline: tokens made
// beforehand for the whole corpus would be read back from memory instead.
// The name list's own time is this less BM_Tokenize.
void BM_TokenizeAndNameList(benchmark::State& state) {
  Corpus& data = corpus();
  const kgrep::GazetteerMatcher names(*data.pack);
  std::vector<kgrep::Mention> found;
  for (auto _ : state) {
    for (kgrep::AnalyzedText& text : data.analyzed) {
      kgrep::tokenize_into(text.normalized.text, text.tokens, text.folds);
      found.clear();
      names.find(text, found);
      benchmark::DoNotOptimize(found.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.normalized_bytes));
}

void BM_ScreenScan(benchmark::State& state) {
  const Corpus& data = corpus();
  const auto screen = kgrep::match_detail::pack_screen(*data.pack);
  kgrep::core_detail::AtomScan scan;
  for (auto _ : state) {
    for (const kgrep::AnalyzedText& text : data.analyzed) {
      screen->scan(text.normalized.text, scan, true);
      benchmark::DoNotOptimize(scan.found.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.normalized_bytes));
}

void BM_Patterns(benchmark::State& state) {
  const Corpus& data = corpus();
  const auto screen = kgrep::match_detail::pack_screen(*data.pack);
  const kgrep::PatternMatcher patterns(*data.pack, screen);
  std::vector<kgrep::core_detail::AtomScan> scans(data.analyzed.size());
  for (std::size_t k = 0; k < scans.size(); ++k) screen->scan(data.analyzed[k].normalized.text, scans[k], false);
  std::vector<kgrep::Mention> found;
  for (auto _ : state) {
    for (std::size_t k = 0; k < data.analyzed.size(); ++k) {
      found.clear();
      patterns.find(data.analyzed[k], found, scans[k]);
      benchmark::DoNotOptimize(found.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.normalized_bytes));
}

// Every stage after reading: what one worker thread does with a document.
void BM_Extract(benchmark::State& state) {
  const Corpus& data = corpus();
  const kgrep::Extractor extractor(*data.pack);
  for (auto _ : state) {
    for (const kgrep::Document& document : data.documents) {
      kgrep::DocumentResult result = extractor.process(document);
      benchmark::DoNotOptimize(result.mentions.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.text_bytes));
}

}  // namespace

BENCHMARK(BM_ReadJsonLines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TokenizeAndNameList)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScreenScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Patterns)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  std::string corpus_path = std::string(KGREP_SHARED_DIR) + "/corpora/reuters21578.jsonl";
  std::string names_path = std::string(KGREP_SHARED_DIR) + "/corpora/names-sec-reuters-aliases.txt";
  // Our two flags out of the way, the rest is Google Benchmark's.
  std::vector<char*> rest{argv[0]};
  for (int k = 1; k < argc; ++k) {
    if (std::strcmp(argv[k], "--corpus") == 0 && k + 1 < argc) {
      corpus_path = argv[++k];
    } else if (std::strcmp(argv[k], "--names") == 0 && k + 1 < argc) {
      names_path = argv[++k];
    } else {
      rest.push_back(argv[k]);
    }
  }
  int rest_count = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_count, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) return 2;
  try {
    load(corpus_path, names_path);
  } catch (const std::exception& error) {
    std::cerr << "bench-stages: " << error.what() << "\n";
    return 2;
  }
  std::cerr << "bench-stages: " << corpus().documents.size() << " documents, "
            << static_cast<double>(corpus().text_bytes) / 1e6 << " MB of text, " << corpus().pack->entities.size()
            << " entities\n";
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
