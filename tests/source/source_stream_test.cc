// Streaming input: JSON Lines read a line at a time from files and streams,
// with the same documents, totals and diagnostics as reading them whole.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "kgrep/source.h"
#include "support/test_support.h"

namespace {

struct Collected {
  std::vector<std::string> documents;  // "id=text"
  std::vector<std::string> diagnostics;
  kgrep::SourceTotals totals;
  std::vector<std::size_t> progress_bytes;
};

kgrep::DocumentSink collect_into(Collected& collected) {
  return [&collected](kgrep::Document&& document) {
    collected.documents.push_back(document.id + "=" + document.text);
    return true;
  };
}

kgrep::DiagnosticSink diagnostics_into(Collected& collected) {
  return [&collected](const kgrep::Diagnostic& diagnostic) {
    collected.diagnostics.push_back(kgrep::format_diagnostic(diagnostic));
  };
}

Collected read_file(const std::string& path, kgrep::SourceOptions options = {}) {
  Collected collected;
  options.progress = [&](const kgrep::SourceTotals& totals) { collected.progress_bytes.push_back(totals.bytes); };
  collected.totals = kgrep::read_inputs({path}, options, collect_into(collected), diagnostics_into(collected));
  return collected;
}

Collected read_stream(const std::string& bytes, kgrep::InputFormat format = kgrep::InputFormat::kAuto) {
  Collected collected;
  std::istringstream in(bytes);
  kgrep::SourceOptions options;
  options.stdin_format = format;
  collected.totals = kgrep::read_stream(in, "stdin", options, collect_into(collected), diagnostics_into(collected));
  return collected;
}

// Blank lines, CRLF, a bad record, invalid UTF-8 and no final newline.
const std::string kRecords =
    "{\"id\":\"a\",\"text\":\"one\"}\r\n"   // 25 bytes
    "\n"                                    // 26
    "{\"id\":\"b\",\"text\":}\n"            // broken at byte 17 of the line: 26 + 17 = 43
    "{\"id\":\"c\",\"text\":\"t\xFFo\"}\n"  // invalid at byte 19 of the line: 45 + 19 = 64
    "  {\"id\":\"d\",\"text\":\"four\"}";

}  // namespace

TEST_CASE("A JSON Lines file is read record by record with file offsets in warnings", "[source][stream]") {
  kgrep::testing::TempDir dir;
  dir.write("news.jsonl", kRecords);
  const Collected collected = read_file((dir.path() / "news.jsonl").string());
  CHECK(collected.documents == std::vector<std::string>{"a=one", "d=four"});
  CHECK(collected.diagnostics ==
        std::vector<std::string>{
            "news.jsonl:3: byte 43: warning[S002]: malformed JSON: expected a value; record skipped",
            "news.jsonl:4: byte 64: warning[S001]: invalid UTF-8; record skipped",
        });
  CHECK(collected.totals.documents == 2);
  CHECK(collected.totals.skipped == 2);
  CHECK(collected.totals.bytes == kRecords.size());
  // Progress grows with the reading and ends at the whole file.
  REQUIRE_FALSE(collected.progress_bytes.empty());
  CHECK(std::is_sorted(collected.progress_bytes.begin(), collected.progress_bytes.end()));
  CHECK(collected.progress_bytes.back() == kRecords.size());
}

TEST_CASE("A stream sniffed as JSON Lines gives what the same file gives", "[source][stream]") {
  kgrep::testing::TempDir dir;
  const std::string bytes = "\n  \n" + kRecords;  // leading blank lines shift lines and offsets
  dir.write("news.jsonl", bytes);
  const Collected from_file = read_file((dir.path() / "news.jsonl").string());
  const Collected from_stream = read_stream(bytes);
  CHECK(from_stream.documents == from_file.documents);
  REQUIRE(from_stream.diagnostics.size() == 2);
  CHECK(from_stream.diagnostics[0] ==
        "stdin:5: byte 47: warning[S002]: malformed JSON: expected a value; record skipped");
  CHECK(from_file.diagnostics[0] ==
        "news.jsonl:5: byte 47: warning[S002]: malformed JSON: expected a value; record skipped");
  CHECK(from_stream.totals.bytes == bytes.size());
}

TEST_CASE("A stream that does not open with '{' is one text document", "[source][stream]") {
  const Collected collected = read_stream("\ntitle: T\n\n{not json} but text\n");
  CHECK(collected.documents == std::vector<std::string>{"stdin=\ntitle: T\n\n{not json} but text\n"});
  const Collected forced = read_stream("{\"id\":\"x\",\"text\":\"y\"}\n", kgrep::InputFormat::kText);
  CHECK(forced.documents == std::vector<std::string>{"stdin={\"id\":\"x\",\"text\":\"y\"}\n"});
}

TEST_CASE("Long JSON Lines records cross the read buffer intact", "[source][stream]") {
  kgrep::testing::TempDir dir;
  std::string bytes;
  std::vector<std::string> expected;
  for (int k = 0; k < 40; ++k) {
    const std::string text(static_cast<std::size_t>(50000 + k * 1237), static_cast<char>('a' + k % 26));
    bytes += "{\"id\":\"r" + std::to_string(k) + "\",\"text\":\"" + text + "\"}\n";
    expected.push_back("r" + std::to_string(k) + "=" + text);
  }
  dir.write("big.jsonl", bytes);
  const Collected collected = read_file((dir.path() / "big.jsonl").string());
  CHECK(collected.documents == expected);
  CHECK(collected.totals.bytes == bytes.size());
}

TEST_CASE("A text file far over the size limit is skipped without being read", "[source][stream]") {
  kgrep::testing::TempDir dir;
  dir.write("huge.txt", std::string(200000, 'x'));
  dir.write("near.txt", "title: Near\n\n" + std::string(20, 'y'));
  kgrep::SourceOptions options;
  options.max_document_bytes = 16;
  const Collected huge = read_file((dir.path() / "huge.txt").string(), options);
  CHECK(huge.documents.empty());
  CHECK(huge.diagnostics ==
        std::vector<std::string>{
            "huge.txt: warning[S003]: document is 200000 bytes, over the limit of 16 (--max-document-size); skipped"});
  CHECK(huge.totals.bytes == 200000);
  // Within the allowance for a header the text itself is measured.
  const Collected near = read_file((dir.path() / "near.txt").string(), options);
  CHECK(near.diagnostics ==
        std::vector<std::string>{
            "near.txt: warning[S003]: document is 20 bytes, over the limit of 16 (--max-document-size); skipped"});
}

TEST_CASE("A named pipe given as a file is read to its end, over the limit skipped after it", "[source][stream]") {
  // As `kgrep extract <(zcat news.txt.gz)` gives it: no size to read ahead by.
  kgrep::testing::TempDir dir;
  const std::string path = (dir.path() / "piped.txt").string();
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  const std::string text = "title: Piped\n\n" + std::string(100000, 'p') + " end";
  auto write_once = [&](const std::string& bytes) {
    return std::thread([path, bytes] { std::ofstream(path, std::ios::binary) << bytes; });
  };
  std::thread writer = write_once(text);
  const Collected whole = read_file(path);
  writer.join();
  CHECK(whole.documents == std::vector<std::string>{"piped.txt=" + std::string(100000, 'p') + " end"});
  CHECK(whole.totals.bytes == text.size());
  // Reading stops just past the limit, so the writer's end sees a closed pipe.
  const auto old_handler = std::signal(SIGPIPE, SIG_IGN);
  kgrep::SourceOptions options;
  options.max_document_bytes = 100;
  writer = write_once(std::string(200000, 'q'));
  const Collected over = read_file(path, options);
  writer.join();
  std::signal(SIGPIPE, old_handler);
  CHECK(over.documents.empty());
  REQUIRE(over.diagnostics.size() == 1);
  CHECK(over.diagnostics[0].find("piped.txt: warning[S003]: document is over 100 bytes") == 0);
}

TEST_CASE("Ranges that tile a JSON Lines file read each record once, naming lines when told the first",
          "[source][stream][range]") {
  kgrep::testing::TempDir dir;
  // A record longer than the read buffer and a bad one after it, so that
  // ranges start inside a long line and warnings fall in later ranges.
  const std::string long_text(300000, 'z');
  const std::string bytes = kRecords + "\n{\"id\":\"e\",\"text\":\"" + long_text + "\"}\n{bad}\n\n" + kRecords;
  dir.write("news.jsonl", bytes);
  const std::string path = (dir.path() / "news.jsonl").string();
  const Collected whole = read_file(path);
  REQUIRE(whole.diagnostics.size() == 5);
  CHECK(whole.diagnostics[2] ==
        "news.jsonl:7: byte 300118: warning[S002]: malformed JSON: expected a string key; "
        "record skipped");
  CHECK(whole.totals.lines == 13);
  for (const std::size_t cut :
       {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{70000}, std::size_t{1} << 20}) {
    CAPTURE(cut);
    Collected tiled;
    std::vector<std::string> unnumbered;  // the same ranges' warnings, first lines not told
    for (std::size_t begin = 0; begin < bytes.size(); begin += cut) {
      kgrep::SourceOptions options;
      options.range_begin = begin;
      options.range_end = begin + cut;
      options.range_first_line = tiled.totals.lines + 1;
      const Collected part = read_file(path, options);
      tiled.documents.insert(tiled.documents.end(), part.documents.begin(), part.documents.end());
      tiled.diagnostics.insert(tiled.diagnostics.end(), part.diagnostics.begin(), part.diagnostics.end());
      tiled.totals.documents += part.totals.documents;
      tiled.totals.skipped += part.totals.skipped;
      tiled.totals.bytes += part.totals.bytes;
      tiled.totals.lines += part.totals.lines;
      options.range_first_line = 0;
      const Collected untold = read_file(path, options);
      unnumbered.insert(unnumbered.end(), untold.diagnostics.begin(), untold.diagnostics.end());
    }
    CHECK(tiled.documents == whole.documents);
    CHECK(tiled.diagnostics == whole.diagnostics);
    CHECK(tiled.totals.documents == whole.totals.documents);
    CHECK(tiled.totals.skipped == whole.totals.skipped);
    CHECK(tiled.totals.bytes == whole.totals.bytes);
    CHECK(tiled.totals.lines == whole.totals.lines);
    REQUIRE(unnumbered.size() == 5);
    // Past the file's start a range cannot know its lines' numbers unless told.
    if (cut < 300000)
      CHECK(unnumbered[2] ==
            "news.jsonl: byte 300118: warning[S002]: malformed JSON: expected a string key; "
            "record skipped");
  }
}

TEST_CASE("Only a regular JSON Lines file has a size to read in ranges", "[source][stream][range]") {
  kgrep::testing::TempDir dir;
  dir.write("news.jsonl", kRecords);
  dir.write("news.ndjson", "");
  dir.write("news.txt", kRecords);
  CHECK(kgrep::jsonl_file_size((dir.path() / "news.jsonl").string()) == kRecords.size());
  CHECK(kgrep::jsonl_file_size((dir.path() / "news.ndjson").string()) == 0u);
  CHECK_FALSE(kgrep::jsonl_file_size((dir.path() / "news.txt").string()));
  CHECK_FALSE(kgrep::jsonl_file_size(dir.path().string()));
  CHECK_FALSE(kgrep::jsonl_file_size((dir.path() / "missing.jsonl").string()));
  CHECK_FALSE(kgrep::jsonl_file_size("-"));
}
