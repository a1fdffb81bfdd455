// Dirty input at the source stage: binary bytes, UTF-16 without a mark,
// documents and lines over the size limit (read in bounded memory) and
// directory loops each give a warning with the document and byte offset, and
// the documents around them are still read.
#include <catch2/catch.hpp>
#include <sstream>

#include "kgrep/source.h"
#include "support/test_support.h"

namespace {

struct Read {
  std::vector<std::string> documents;  // "id=text"
  std::vector<std::string> diagnostics;
  kgrep::SourceTotals totals;
};

Read read_bytes(const std::string& bytes, kgrep::InputFormat format, std::size_t max_document_bytes = 1u << 20) {
  Read read;
  std::istringstream in(bytes);
  kgrep::SourceOptions options;
  options.stdin_format = format;
  options.max_document_bytes = max_document_bytes;
  read.totals = kgrep::read_stream(
      in, "in", options,
      [&](kgrep::Document&& document) {
        read.documents.push_back(document.id + "=" + document.text);
        return true;
      },
      [&](const kgrep::Diagnostic& diagnostic) { read.diagnostics.push_back(kgrep::format_diagnostic(diagnostic)); });
  return read;
}

std::string utf16(std::string_view ascii, bool big_endian) {
  std::string out;
  for (char ch : ascii) {
    if (big_endian) out += '\0';
    out += ch;
    if (!big_endian) out += '\0';
  }
  return out;
}

}  // namespace

TEST_CASE("A document holding a NUL byte is skipped as binary, with the offset", "[source][bad-input]") {
  const Read read = read_bytes(std::string("ELF header\0\x01\x02 and more", 23), kgrep::InputFormat::kText);
  CHECK(read.documents.empty());
  REQUIRE(read.diagnostics.size() == 1);
  CHECK(read.diagnostics[0] == "in: byte 10: warning[S006]: NUL byte: a binary file, not text; document skipped");
  CHECK(read.totals.skipped == 1);
}

TEST_CASE("UTF-16 without a byte-order mark is named as such; with one it is read", "[source][bad-input]") {
  const std::string text = "OpenAI hired Jan Leike.\n";
  Read little = read_bytes(utf16(text, false), kgrep::InputFormat::kText);
  REQUIRE(little.diagnostics.size() == 1);
  CHECK_THAT(little.diagnostics[0],
             Catch::StartsWith("in: byte 1: warning[S006]: NUL bytes: UTF-16LE text without a byte-order mark?"));
  Read big = read_bytes(utf16(text, true), kgrep::InputFormat::kHtml);
  REQUIRE(big.diagnostics.size() == 1);
  CHECK_THAT(big.diagnostics[0],
             Catch::StartsWith("in: byte 0: warning[S006]: NUL bytes: UTF-16BE text without a byte-order mark?"));
  const Read marked = read_bytes("\xFF\xFE" + utf16(text, false), kgrep::InputFormat::kText);
  CHECK(marked.diagnostics.empty());
  CHECK(marked.documents == std::vector<std::string>{"in=" + text});
}

TEST_CASE("A JSON Lines record over the size limit is skipped and the next one read", "[source][bad-input]") {
  // The line limit is the document limit plus 64 KiB for metadata and escapes.
  const std::string huge = "{\"id\":\"huge\",\"text\":\"" + std::string(200000, 'a') + "\"}\n";
  const std::string next = "{\"id\":\"next\",\"text\":\"after\"}\n";
  const Read read =
      read_bytes("{\"id\":\"first\",\"text\":\"before\"}\n" + huge + next, kgrep::InputFormat::kJsonLines, 1000);
  CHECK(read.documents == std::vector<std::string>{"first=before", "next=after"});
  REQUIRE(read.diagnostics.size() == 1);
  CHECK(read.diagnostics[0] ==
        "in:2: byte 31: warning[S003]: record is 200023 bytes, over the limit of 1000 "
        "(--max-document-size); skipped");
  CHECK(read.totals.bytes == 31 + huge.size() + next.size());
  CHECK(read.totals.skipped == 1);
}

TEST_CASE("Lines of every length around the read chunk are read whole", "[source][bad-input]") {
  // The reader takes 65535 bytes at a time.
  for (std::size_t length : {65534u, 65535u, 65536u, 65537u, 131069u, 131070u, 131071u, 131072u}) {
    CAPTURE(length);
    for (bool final_newline : {true, false}) {
      CAPTURE(final_newline);
      const std::string padding(length - 20, 'x');
      const std::string line = "{\"id\":\"a\",\"text\":\"" + padding + "\"}";
      REQUIRE(line.size() == length);
      const std::string bytes = line + "\n" + line + (final_newline ? "\n" : "");
      const Read read = read_bytes(bytes, kgrep::InputFormat::kJsonLines);
      CHECK(read.diagnostics.empty());
      CHECK(read.documents == std::vector<std::string>(2, "a=" + padding));
      CHECK(read.totals.bytes == bytes.size());
    }
  }
}

TEST_CASE("A text stream over the size limit is skipped without reading it all", "[source][bad-input]") {
  const Read read = read_bytes(std::string(300000, 'a'), kgrep::InputFormat::kText, 1000);
  CHECK(read.documents.empty());
  REQUIRE(read.diagnostics.size() == 1);
  CHECK(read.diagnostics[0] ==
        "in: warning[S003]: document is over 1000 bytes, the limit (--max-document-size); skipped");
}

TEST_CASE("Symlinked directories are not followed, so a loop ends", "[source][bad-input]") {
  kgrep::testing::TempDir dir;
  dir.write("corpus/sub/a.txt", "Anthropic hired Jan Leike.\n");
  std::filesystem::create_directory_symlink("..", dir.path() / "corpus/sub/up");
  std::filesystem::create_directory_symlink(dir.path() / "corpus", dir.path() / "corpus/sub/again");
  std::vector<std::string> ids;
  const kgrep::SourceTotals totals = kgrep::read_inputs(
      {(dir.path() / "corpus").string()}, {},
      [&](kgrep::Document&& document) {
        ids.push_back(document.id);
        return true;
      },
      [](const kgrep::Diagnostic&) {});
  CHECK(ids == std::vector<std::string>{"sub/a.txt"});
  CHECK(totals.skipped == 0);
}
