// Name matching alone, kgrep against Hyperscan, over the same texts and names:
// kgrep tokenizes each text and runs its name list (the default pack plus the
// names, caseless, longest match at token boundaries); Hyperscan scans the
// same texts for the names as literals (caseless, then with case), reporting
// every match anywhere, which is less work than kgrep's job, not more.
//
// Not built by default (Hyperscan is not one of kgrep's dependencies):
//   apt-get install libhyperscan-dev
//   cmake --build build --target bench-names-hyperscan
//   build/bench-names-hyperscan CORPUS.jsonl NAMES.txt
// Results: tools/bench-results.md.
#include <hs/hs.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kgrep/match.h"
#include "kgrep/rules.h"
#include "kgrep/source.h"
#include "kgrep/text.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int count_match(unsigned, unsigned long long, unsigned long long, unsigned, void* matches) {
  ++*static_cast<std::size_t*>(matches);
  return 0;
}

hs_database_t* literal_set(const std::vector<std::string>& names, unsigned flags) {
  std::vector<const char*> literals;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> all_flags(names.size(), flags), ids;
  for (std::size_t k = 0; k < names.size(); ++k) {
    literals.push_back(names[k].data());
    lengths.push_back(names[k].size());
    ids.push_back(static_cast<unsigned>(k));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(literals.data(), all_flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(names.size()), HS_MODE_BLOCK, nullptr, &database,
                           &error) != HS_SUCCESS) {
    std::cerr << "hyperscan: " << error->message << "\n";
    hs_free_compile_error(error);
    return nullptr;
  }
  return database;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench-names-hyperscan CORPUS.jsonl NAMES.txt\n";
    return 2;
  }
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  std::ifstream corpus(argv[1]);
  for (std::string line; std::getline(corpus, line);) {
    kgrep::Document document;
    std::string error;
    std::size_t offset = 0;
    if (!kgrep::parse_jsonl_record(line, document, error, offset)) continue;
    texts.push_back(kgrep::normalize(document.text).text);
    bytes += texts.back().size();
  }
  std::vector<std::string> names;
  std::ifstream list(argv[2]);
  for (std::string name; std::getline(list, name);)
    if (!name.empty()) names.push_back(name);

  kgrep::RulePack pack = kgrep::load_default_rules().pack.value();
  kgrep::add_gazetteer_lists(pack, {kgrep::read_gazetteer_list(std::string("Organization=") + argv[2])});
  auto start = std::chrono::steady_clock::now();
  const kgrep::GazetteerMatcher matcher(pack);
  const double kgrep_compile = seconds_since(start);
  start = std::chrono::steady_clock::now();
  hs_database_t* caseless = literal_set(names, HS_FLAG_CASELESS);
  const double hyperscan_compile = seconds_since(start);
  hs_database_t* with_case = literal_set(names, 0);
  if (caseless == nullptr || with_case == nullptr) return 1;
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(caseless, &scratch) != HS_SUCCESS || hs_alloc_scratch(with_case, &scratch) != HS_SUCCESS)
    return 1;

  const auto megabytes = static_cast<double>(bytes) / 1e6;
  std::cout << texts.size() << " texts, " << megabytes << " MB; " << names.size() << " names\n"
            << "compile: kgrep name list " << kgrep_compile << " s, Hyperscan (caseless) " << hyperscan_compile
            << " s\n";
  kgrep::AnalyzedText text;
  std::vector<kgrep::Mention> found;
  for (int round = 0; round < 3; ++round) {
    std::size_t mentions = 0;
    start = std::chrono::steady_clock::now();
    for (const std::string& each : texts) {
      text.normalized.text = each;
      kgrep::tokenize_into(text.normalized.text, text.tokens, text.folds);
      found.clear();
      matcher.find(text, found);
      mentions += found.size();
    }
    const double kgrep_seconds = seconds_since(start);
    std::cout << "kgrep tokens + name list: " << kgrep_seconds << " s, " << megabytes / kgrep_seconds << " MB/s, "
              << mentions << " mentions\n";
    for (const auto& [label, database] : {std::pair{"caseless", caseless}, std::pair{"with case", with_case}}) {
      std::size_t matches = 0;
      start = std::chrono::steady_clock::now();
      for (const std::string& each : texts)
        hs_scan(database, each.data(), static_cast<unsigned>(each.size()), 0, scratch, count_match, &matches);
      const double seconds = seconds_since(start);
      std::cout << "Hyperscan literals, " << label << ": " << seconds << " s, " << megabytes / seconds << " MB/s, "
                << matches << " matches\n";
    }
  }
  hs_free_scratch(scratch);
  hs_free_database(caseless);
  hs_free_database(with_case);
}
