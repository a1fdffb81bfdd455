// Tests of the source stage: metadata headers, HTML to text, JSON Lines
// records, encodings and the directory walk.
#include "kgrep/source.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace fs = std::filesystem;

TEST_CASE("A text header fills the metadata and the body starts after the blank line", "[source]") {
  const std::string bytes =
      "title: OpenAI hires a CTO\n"
      "date: 2026/06/09\n"
      "lang: en\n"
      "url: https://example.com/news?id=1\n"
      "author: Jane Doe\n"
      "\n"
      "Body text here.\nSecond line.\n";
  const kgrep::Document document = kgrep::parse_text_document("news/a.txt", bytes, kgrep::InputFormat::kText);
  CHECK(document.id == "news/a.txt");
  CHECK(document.title == "OpenAI hires a CTO");
  CHECK(document.date == "2026-06-09");
  CHECK(document.lang == "en");
  CHECK(document.url == "https://example.com/news?id=1");
  CHECK(document.author == "Jane Doe");
  CHECK(document.text == "Body text here.\nSecond line.\n");
}

TEST_CASE("A first line that is not a metadata key stays in the body", "[source]") {
  const std::string bytes = "Note: x\n\nOpenAI hired her.\n";
  const kgrep::Document document = kgrep::parse_text_document("a.txt", bytes, kgrep::InputFormat::kText);
  CHECK(document.text == bytes);
  CHECK(document.title.empty());
  CHECK(document.date.empty());
}

TEST_CASE("A header block with one unknown key is body text, known keys included", "[source]") {
  const std::string bytes = "title: T\nNote: x\n\nBody.\n";
  const kgrep::Document document = kgrep::parse_text_document("a.txt", bytes, kgrep::InputFormat::kText);
  CHECK(document.text == bytes);
  CHECK(document.title.empty());
}

TEST_CASE("A year-month date is kept and an unparseable date is dropped", "[source]") {
  CHECK(kgrep::parse_text_document("a", "date: 2026-03\n\nx", kgrep::InputFormat::kText).date == "2026-03");
  CHECK(kgrep::parse_text_document("a", "date: March 2026\n\nx", kgrep::InputFormat::kText).date.empty());
  CHECK(kgrep::parse_text_document("a", "date: 2026-03-11T10:00:00Z\n\nx", kgrep::InputFormat::kText).date ==
        "2026-03-11");
}

TEST_CASE("Markdown front matter fills the metadata and is removed from the body", "[source]") {
  const std::string bytes =
      "---\n"
      "title: \"Quoted Title\"\n"
      "date: 2026-03\n"
      "author: 'A. B.'\n"
      "tags: ai, labs\n"
      "---\n"
      "# Heading\n"
      "Text.\n";
  const kgrep::Document markdown = kgrep::parse_text_document("a.md", bytes, kgrep::InputFormat::kMarkdown);
  CHECK(markdown.title == "Quoted Title");
  CHECK(markdown.date == "2026-03");
  CHECK(markdown.author == "A. B.");
  CHECK(markdown.text == "# Heading\nText.\n");

  // Front matter is a Markdown convention; in plain text the block is body.
  const kgrep::Document text = kgrep::parse_text_document("a.txt", bytes, kgrep::InputFormat::kText);
  CHECK(text.title.empty());
  CHECK(text.text == bytes);
}

TEST_CASE("Unterminated front matter leaves the whole file as body", "[source]") {
  const std::string bytes = "---\ntitle: T\nno closing fence\n";
  const kgrep::Document document = kgrep::parse_text_document("a.md", bytes, kgrep::InputFormat::kMarkdown);
  CHECK(document.text == bytes);
}

TEST_CASE("parse_html_document keeps visible text, decodes entities and reads the metadata", "[source]") {
  const std::string html =
      "<!DOCTYPE html>\n"
      "<html lang=\"nl\">\n"
      "<head>\n"
      "<title>Ai2 &amp; T\u00FClu</title>\n"
      "<meta name=\"author\" content=\"Jan de Vries\">\n"
      "<meta property=\"article:published_time\" content=\"2026-03-11T10:00:00Z\">\n"
      "<style>p { color: red; }</style>\n"
      "<script>var x = \"<p>not text</p>\";</script>\n"
      "</head>\n"
      "<body>\n"
      "<!-- a comment -->\n"
      "<h1>Caf&eacute; news</h1>\n"
      "<p>Meta&#8217;s plan &#x2014; big &amp; bold.</p><p>Second   para</p>\n"
      "<div>Line one<br>Line two</div>\n"
      "</body>\n"
      "</html>\n";
  const kgrep::Document document = kgrep::parse_html_document("page.html", html);
  CHECK(document.id == "page.html");
  CHECK(document.title == "Ai2 & T\u00FClu");
  CHECK(document.author == "Jan de Vries");
  CHECK(document.date == "2026-03-11");
  CHECK(document.lang == "nl");
  CHECK(document.text ==
        "Caf\u00E9 news\n"
        "Meta\u2019s plan \u2014 big & bold.\n"
        "Second para\n"
        "Line one\n"
        "Line two\n");
}

TEST_CASE("parse_html_document survives unclosed and stray tags", "[source]") {
  struct Case {
    std::string html;
    std::string text;
  };
  const auto c = GENERATE(values<Case>({
      {"<p>Open <b class=\"x", "Open\n"},
      {"x < y and y > z", "x < y and y > z\n"},
      {"<div><p>never closed", "never closed\n"},
      {"before<!-- never closed", "before\n"},
      {"<script>alert(1)", ""},
      {"tail <", "tail <\n"},
      {"<", "<\n"},
      {"", ""},
  }));
  CAPTURE(c.html);
  const kgrep::Document document = kgrep::parse_html_document("x.html", c.html);
  CHECK(document.text == c.text);
}

TEST_CASE("parse_jsonl_record reads id, text and metadata with every JSON escape", "[source]") {
  const std::string line = R"({"id":"d1","text":"Caf\u00e9 \"q\" \\ tab\t\/ smile \ud83d\ude00\nnext",)"
                           R"("title":"T","date":"2026/01/02","lang":"fr","extra":[1,{"a":[true,null]}],"n":-1.5e3})";
  kgrep::Document document;
  std::string error = "untouched";
  std::size_t offset = 99;
  REQUIRE(kgrep::parse_jsonl_record(line, document, error, offset));
  CHECK(document.id == "d1");
  CHECK(document.text == "Caf\u00E9 \"q\" \\ tab\t/ smile \U0001F600\nnext");
  CHECK(document.title == "T");
  CHECK(document.date == "2026-01-02");
  CHECK(document.lang == "fr");
}

TEST_CASE("parse_jsonl_record ends a run of plain text at a quote, backslash or control byte wherever it falls",
          "[source]") {
  // Runs are scanned sixteen (or eight) bytes at a time: put each stop at
  // every offset in two such blocks, after bytes on both sides of each test.
  for (std::size_t offset = 0; offset < 40; ++offset) {
    std::string before;
    for (std::size_t k = 0; k < offset; ++k) before += "a \x7F!~"[k % 5];
    CAPTURE(offset);
    kgrep::Document document;
    std::string error;
    std::size_t at = 0;
    REQUIRE(kgrep::parse_jsonl_record(R"({"id":"d","text":")" + before + R"(\"q\\ \u00e9 caf\u00e9 )" + "\u00E9\"}",
                                      document, error, at));
    CHECK(document.text == before + "\"q\\ \u00E9 caf\u00E9 \u00E9");
    const std::string raw = R"({"id":"d","text":")" + before + "\t" + R"("})";
    CHECK_FALSE(kgrep::parse_jsonl_record(raw, document, error, at));
    CHECK(at == 18 + offset);  // the tab, after the 18 bytes that open the text
    CHECK_FALSE(kgrep::parse_jsonl_record(R"({"id":"d","text":")" + before + "\x1F" + R"("})", document, error, at));
    CHECK(at == 18 + offset);
    REQUIRE(kgrep::parse_jsonl_record(R"({"id":"d","text":")" + before + "\u00E9 \xE2\x82\xAC" + R"("})", document,
                                      error, at));
    CHECK(document.text == before + "\u00E9 \u20AC");
  }
}

TEST_CASE("parse_jsonl_record accepts a numeric id", "[source]") {
  kgrep::Document document;
  std::string error;
  std::size_t offset = 0;
  REQUIRE(kgrep::parse_jsonl_record(R"({"id": 42, "text": "x"})", document, error, offset));
  CHECK(document.id == "42");
  CHECK(document.text == "x");
}

TEST_CASE("parse_jsonl_record takes a repeated key's last value and forgets the record before", "[source]") {
  kgrep::Document document;
  std::string error;
  std::size_t offset = 0;
  REQUIRE(kgrep::parse_jsonl_record(
      R"({"id": "a", "text": "first", "title": "T", "meta": {"text": "nested"}, "text": "second"})", document, error,
      offset));
  CHECK(document.id == "a");
  CHECK(document.text == "second");
  CHECK(document.title == "T");
  // The next record has no title: nothing of the one before is left over.
  kgrep::Document next;
  REQUIRE(kgrep::parse_jsonl_record(R"({"text": "x", "id": "b"})", next, error, offset));
  CHECK(next.id == "b");
  CHECK(next.text == "x");
  CHECK(next.title.empty());
}

TEST_CASE("parse_jsonl_record rejects a record without an id or text", "[source]") {
  struct Case {
    std::string line;
    std::string error;
  };
  const auto c = GENERATE(values<Case>({
      {R"({"text":"x"})", "record has no string \"id\""},
      {R"({"id":"","text":"x"})", "record has no string \"id\""},
      {R"({"id":true,"text":"x"})", "record has no string \"id\""},
      {R"({"id":"a"})", "record has no string \"text\""},
      {R"({"id":"a","text":5})", "record has no string \"text\""},
      {R"({"id":"a","text":["x"]})", "record has no string \"text\""},
  }));
  CAPTURE(c.line);
  kgrep::Document document;
  std::string error;
  std::size_t offset = 99;
  CHECK_FALSE(kgrep::parse_jsonl_record(c.line, document, error, offset));
  CHECK(error == c.error);
  CHECK(offset == 0);
}

TEST_CASE("parse_jsonl_record reports malformed JSON with the byte offset of the error", "[source]") {
  struct Case {
    std::string line;
    std::string error;
    std::size_t offset;
  };
  const auto c = GENERATE(values<Case>({
      {R"({"id":"a" "text":"b"})", "malformed JSON: expected '}'", 10},
      {R"({"id":"a","text":})", "malformed JSON: expected a value", 17},
      {R"({"id":"a","text":"b"} x)", "malformed JSON: unexpected text after the object", 22},
      {R"({"id":"a","text":"b)", "malformed JSON: unterminated string", 19},
      {R"({"id":"a","text":"\q"})", "malformed JSON: unknown escape in string", 19},
      {R"({"id":"a","text":"\ud83d"})", "malformed JSON: unpaired surrogate in \\u escape", 24},
      {R"(["id","text"])", "malformed JSON: expected '{'", 0},
      {"", "malformed JSON: expected '{'", 0},
  }));
  CAPTURE(c.line);
  kgrep::Document document;
  std::string error;
  std::size_t offset = 99;
  CHECK_FALSE(kgrep::parse_jsonl_record(c.line, document, error, offset));
  CHECK(error == c.error);
  CHECK(offset == c.offset);
}

TEST_CASE("decode_to_utf8 strips a UTF-8 byte order mark", "[source]") {
  std::string out;
  std::size_t bad = 99;
  REQUIRE(kgrep::decode_to_utf8("\xEF\xBB\xBFhello \xC3\xA9", out, bad));
  CHECK(out == "hello \u00E9");
  REQUIRE(kgrep::decode_to_utf8("no bom", out, bad));
  CHECK(out == "no bom");
}

TEST_CASE("decode_to_utf8 converts UTF-16LE and UTF-16BE with a byte order mark", "[source]") {
  using namespace std::string_literals;
  std::string out;
  std::size_t bad = 99;
  // "Hé€😀" — the emoji is the surrogate pair D83D DE00.
  const std::string little = "\xFF\xFE"s + "H\0\xE9\0\xAC\x20\x3D\xD8\x00\xDE"s;
  REQUIRE(kgrep::decode_to_utf8(little, out, bad));
  CHECK(out == "H\u00E9\u20AC\U0001F600");
  const std::string big = "\xFE\xFF"s + "\0H\0\xE9\x20\xAC\xD8\x3D\xDE\x00"s;
  REQUIRE(kgrep::decode_to_utf8(big, out, bad));
  CHECK(out == "H\u00E9\u20AC\U0001F600");
}

TEST_CASE("decode_to_utf8 reports the offset of the first invalid byte", "[source]") {
  using namespace std::string_literals;
  std::string out;
  std::size_t bad = 99;
  CHECK_FALSE(kgrep::decode_to_utf8("ok \xC3(", out, bad));
  CHECK(bad == 3);
  // The offset counts the BOM: it is an offset into the bytes given.
  CHECK_FALSE(kgrep::decode_to_utf8("\xEF\xBB\xBFok \xFF", out, bad));
  CHECK(bad == 6);
  // UTF-16 with an odd number of bytes: the dangling last byte is bad.
  CHECK_FALSE(kgrep::decode_to_utf8("\xFF\xFE"s + "H\0i"s, out, bad));
  CHECK(bad == 4);
}

using kgrep::testing::TempDir;

namespace {

struct Collected {
  std::vector<kgrep::Document> documents;
  std::vector<kgrep::Diagnostic> diagnostics;
  kgrep::SourceTotals totals;
};

Collected read_all(const std::vector<std::string>& inputs) {
  Collected collected;
  collected.totals = kgrep::read_inputs(
      inputs, kgrep::SourceOptions{},
      [&](kgrep::Document&& document) {
        collected.documents.push_back(std::move(document));
        return true;
      },
      [&](const kgrep::Diagnostic& diagnostic) { collected.diagnostics.push_back(diagnostic); });
  return collected;
}

std::vector<std::string> ids_of(const std::vector<kgrep::Document>& documents) {
  std::vector<std::string> ids;
  for (const auto& document : documents) ids.push_back(document.id);
  return ids;
}

}  // namespace

TEST_CASE("read_inputs walks a directory in byte-wise order with ids relative to it", "[source]") {
  TempDir dir;
  const std::string jsonl =
      "{\"id\":\"r1\",\"text\":\"one\"}\n"  // 24 bytes + newline: line 2 starts at byte 25
      "{\"id\":\"r2\",\"text\":}\n"         // broken at byte 18 of the line
      "{\"id\":\"r3\",\"text\":\"three\"}\n";
  dir.write("b.txt", "Beta text.\n");
  dir.write("Z.txt", "Upper case sorts first.\n");
  dir.write("a.txt", "A file beside a directory named a.\n");
  dir.write("a/nested/deep.md", "---\ntitle: Deep\n---\nDeep body.\n");
  dir.write("a/page.html", "<p>Page &amp; text</p>");
  dir.write("records.jsonl", jsonl);
  dir.write("notes.pdf", "%PDF-1.4 not text");
  dir.write("image.png", "\x89PNG");
  dir.write(".hidden.txt", "hidden file");
  dir.write(".git/config.txt", "hidden directory");

  const Collected collected = read_all({dir.path().string()});
  CHECK(ids_of(collected.documents) ==
        std::vector<std::string>{"Z.txt", "a.txt", "a/nested/deep.md", "a/page.html", "b.txt", "r1", "r3"});
  REQUIRE(collected.documents.size() == 7);
  CHECK(collected.documents[2].title == "Deep");
  CHECK(collected.documents[2].text == "Deep body.\n");
  CHECK(collected.documents[3].text == "Page & text\n");
  CHECK(collected.documents[4].text == "Beta text.\n");
  CHECK(collected.documents[5].text == "one");
  CHECK(collected.documents[6].text == "three");

  REQUIRE(collected.diagnostics.size() == 1);
  const kgrep::Diagnostic& warning = collected.diagnostics[0];
  CHECK(warning.severity == kgrep::Severity::kWarning);
  CHECK(warning.code == "S002");
  CHECK(warning.loc.file == "records.jsonl:2");
  REQUIRE(warning.loc.byte_offset.has_value());
  CHECK(*warning.loc.byte_offset == 43);
  CHECK(kgrep::format_diagnostic(warning) ==
        "records.jsonl:2: byte 43: warning[S002]: malformed JSON: expected a value; record skipped");

  CHECK(collected.totals.documents == 7);
  CHECK(collected.totals.skipped == 1);
  const std::size_t expected_bytes = std::string("Beta text.\n").size() +
                                     std::string("Upper case sorts first.\n").size() +
                                     std::string("A file beside a directory named a.\n").size() +
                                     std::string("---\ntitle: Deep\n---\nDeep body.\n").size() +
                                     std::string("<p>Page &amp; text</p>").size() + jsonl.size();
  CHECK(collected.totals.bytes == expected_bytes);
}

TEST_CASE("read_inputs skips a document with invalid UTF-8 with a warning naming the byte", "[source]") {
  TempDir dir;
  dir.write("bad.txt", "fine \xC3( then");
  dir.write("good.txt", "fine");
  const Collected collected = read_all({dir.path().string()});
  CHECK(ids_of(collected.documents) == std::vector<std::string>{"good.txt"});
  REQUIRE(collected.diagnostics.size() == 1);
  CHECK(kgrep::format_diagnostic(collected.diagnostics[0]) ==
        "bad.txt: byte 5: warning[S001]: invalid UTF-8; document skipped");
  CHECK(collected.totals.skipped == 1);
}

TEST_CASE("read_inputs names a single file input by its file name", "[source]") {
  TempDir dir;
  dir.write("sub/one.txt", "title: One\n\nText.\n");
  const Collected collected = read_all({(dir.path() / "sub" / "one.txt").string()});
  REQUIRE(collected.documents.size() == 1);
  CHECK(collected.documents[0].id == "one.txt");
  CHECK(collected.documents[0].title == "One");
  CHECK(collected.documents[0].text == "Text.\n");
}

TEST_CASE("read_inputs stops when the sink returns false", "[source]") {
  TempDir dir;
  dir.write("1.txt", "one");
  dir.write("2.txt", "two");
  dir.write("3.txt", "three");
  std::vector<std::string> seen;
  const kgrep::SourceTotals totals = kgrep::read_inputs(
      {dir.path().string()}, kgrep::SourceOptions{},
      [&](kgrep::Document&& document) {
        seen.push_back(document.id);
        return seen.size() < 2;
      },
      [](const kgrep::Diagnostic&) {});
  CHECK(seen == std::vector<std::string>{"1.txt", "2.txt"});
  CHECK(totals.documents == 2);
}

TEST_CASE("read_inputs throws kgrep::Error for a missing input", "[source]") {
  TempDir dir;
  const std::string missing = (dir.path() / "does-not-exist.txt").string();
  REQUIRE_THROWS_AS(read_all({missing}), kgrep::Error);
  REQUIRE_THROWS_WITH(read_all({missing}), missing + ": no such file or directory");
}

TEST_CASE("Unterminated Markdown front matter gives no metadata", "[source]") {
  const auto document = kgrep::parse_text_document("x.md", "---\ntitle: Half\ndate: 2024-01-02\nNo closing line.\n",
                                                   kgrep::InputFormat::kMarkdown);
  CHECK(document.date.empty());
  CHECK(document.title.empty());
  CHECK(document.id == "x.md");
}
