// Tests of the core value types: diagnostics text, slugs, white space folding
// and the Error type; and of the small JSON reader.
#include "kgrep/core.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/huge_page_allocator.h"
#include "core/json_value.h"

namespace {

kgrep::Diagnostic make_diagnostic(kgrep::Severity severity, std::string code, std::string file, std::size_t line,
                                  std::size_t column, std::optional<std::size_t> byte_offset, std::string message) {
  kgrep::Diagnostic diagnostic;
  diagnostic.severity = severity;
  diagnostic.code = std::move(code);
  diagnostic.loc.file = std::move(file);
  diagnostic.loc.line = line;
  diagnostic.loc.column = column;
  diagnostic.loc.byte_offset = byte_offset;
  diagnostic.message = std::move(message);
  return diagnostic;
}

}  // namespace

TEST_CASE("A rule file diagnostic reads file:line:col: error[CODE]: message", "[core]") {
  const auto diagnostic = make_diagnostic(kgrep::Severity::kError, "R012", "rules/x.toml", 3, 7, std::nullopt, "msg");
  CHECK(kgrep::format_diagnostic(diagnostic) == "rules/x.toml:3:7: error[R012]: msg");
}

TEST_CASE("A document diagnostic names the byte offset instead of a line", "[core]") {
  CHECK(kgrep::format_diagnostic(make_diagnostic(kgrep::Severity::kWarning, "S001", "doc.txt", 0, 0, std::size_t{12},
                                                 "msg")) == "doc.txt: byte 12: warning[S001]: msg");
  // Offset 0 is a real position, not "no position".
  CHECK(kgrep::format_diagnostic(make_diagnostic(kgrep::Severity::kWarning, "S001", "doc.txt", 0, 0, std::size_t{0},
                                                 "msg")) == "doc.txt: byte 0: warning[S001]: msg");
}

TEST_CASE("A diagnostic without a location starts with its severity", "[core]") {
  CHECK(kgrep::format_diagnostic(make_diagnostic(kgrep::Severity::kError, "C001", "", 0, 0, std::nullopt, "msg")) ==
        "error[C001]: msg");
  CHECK(kgrep::format_diagnostic(make_diagnostic(kgrep::Severity::kWarning, "", "", 0, 0, std::nullopt, "msg")) ==
        "warning: msg");
}

TEST_CASE("A diagnostic with only a file name puts the file first", "[core]") {
  CHECK(kgrep::format_diagnostic(make_diagnostic(kgrep::Severity::kWarning, "S005", "a/b.txt", 0, 0, std::nullopt,
                                                 "cannot read")) == "a/b.txt: warning[S005]: cannot read");
}

TEST_CASE("slugify lower-cases, folds accents and joins words with single dashes", "[core]") {
  struct Case {
    std::string name;
    std::string slug;
  };
  const auto c = GENERATE(values<Case>({
      {"Thinking Machines Lab", "thinking-machines-lab"},
      {"Tülu 3", "tulu-3"},
      {"GPT 5.5 Pro", "gpt-5-5-pro"},
      {"  Z.ai ", "z-ai"},
      {"Mistral AI", "mistral-ai"},
      {"Ai2", "ai2"},
      {"École--Normale", "ecole-normale"},
      {"", ""},
  }));
  CAPTURE(c.name);
  CHECK(kgrep::slugify(c.name) == c.slug);
}

TEST_CASE("collapse_whitespace folds runs of white space to one space and trims", "[core]") {
  CHECK(kgrep::collapse_whitespace("  OpenAI \t hired\n\n her\r\n") == "OpenAI hired her");
  CHECK(kgrep::collapse_whitespace("one") == "one");
  CHECK(kgrep::collapse_whitespace(" \t\n ") == "");
  CHECK(kgrep::collapse_whitespace("") == "");
}

TEST_CASE("An Error built from diagnostics keeps them and joins their text one per line", "[core]") {
  std::vector<kgrep::Diagnostic> diagnostics = {
      make_diagnostic(kgrep::Severity::kError, "R012", "rules/x.toml", 3, 7, std::nullopt, "bad regex"),
      make_diagnostic(kgrep::Severity::kError, "R001", "rules/y.toml", 1, 1, std::nullopt, "unknown key"),
  };
  const kgrep::Error error(diagnostics);
  CHECK(std::string(error.what()) ==
        "rules/x.toml:3:7: error[R012]: bad regex\nrules/y.toml:1:1: error[R001]: unknown key");
  REQUIRE(error.diagnostics().size() == 2);
  CHECK(error.diagnostics()[0].code == "R012");
  CHECK(error.diagnostics()[0].loc.line == 3);
  CHECK(error.diagnostics()[0].loc.column == 7);
  CHECK(error.diagnostics()[1].code == "R001");
  CHECK(error.diagnostics()[1].message == "unknown key");
}

TEST_CASE("An Error built from a message carries it as one error diagnostic", "[core]") {
  const kgrep::Error error("out.graphml: cannot rename into place");
  CHECK(std::string(error.what()) == "out.graphml: cannot rename into place");
  REQUIRE(error.diagnostics().size() == 1);
  CHECK(error.diagnostics()[0].severity == kgrep::Severity::kError);
  CHECK(error.diagnostics()[0].message == "out.graphml: cannot rename into place");
  CHECK(error.diagnostics()[0].code.empty());
  CHECK(error.diagnostics()[0].loc.file.empty());
}

TEST_CASE("An Error can be caught as a std::exception", "[core]") {
  try {
    throw kgrep::Error("boom");
  } catch (const std::exception& caught) {
    CHECK(std::string(caught.what()) == "boom");
    return;
  }
  FAIL("kgrep::Error was not caught as std::exception");
}

TEST_CASE("HugePageVector keeps its elements across growth, small and huge blocks alike", "[core]") {
  using kgrep::core_detail::HugePageVector;
  using kgrep::core_detail::kHugePageBytes;
  HugePageVector<std::uint32_t> values;
  // From std::allocator's blocks through several mapped ones, each grown from the last.
  const std::size_t count = 3 * kHugePageBytes / sizeof(std::uint32_t) + 7;
  for (std::size_t k = 0; k < count; ++k) values.push_back(static_cast<std::uint32_t>(k * 2654435761u));
  REQUIRE(values.size() == count);
  CHECK(reinterpret_cast<std::uintptr_t>(values.data()) % kHugePageBytes == 0);
  bool intact = true;
  for (std::size_t k = 0; k < count; ++k) intact = intact && values[k] == static_cast<std::uint32_t>(k * 2654435761u);
  CHECK(intact);
  HugePageVector<std::uint32_t> copy(values.begin(), values.begin() + 10);
  CHECK(copy[9] == values[9]);
  values.clear();
  values.shrink_to_fit();
  CHECK(values.capacity() == 0);
}

TEST_CASE("The JSON reader gives numbers their exact value and copies strings whole or unescaped", "[core][json]") {
  namespace json = kgrep::json_value;
  auto number_of = [](const std::string& text) {
    json::Value value;
    json::ParseError error;
    REQUIRE(json::parse(text, value, error));
    REQUIRE(value.kind == json::Value::Kind::kNumber);
    CHECK(value.text == text);
    return value.number;
  };
  CHECK(number_of("0") == 0);
  CHECK(number_of("7") == 7);
  CHECK(number_of("-42") == -42);
  CHECK(number_of("123456789012345") == 123456789012345.0);
  CHECK(number_of("9007199254740993") == 9007199254740992.0);  // 16 digits: rounded as strtod rounds
  CHECK(number_of("1.5") == 1.5);
  CHECK(number_of("25e-1") == 2.5);
  CHECK(number_of("-0.25") == -0.25);
  CHECK(std::signbit(number_of("-0")));
  CHECK_FALSE(std::signbit(number_of("0")));

  json::Value object;
  json::ParseError error;
  REQUIRE(json::parse(R"({"reuters-1-copy0":2,"a\"b\\c\u00e9d\n":"tab\there","":""})", object, error));
  REQUIRE(object.members.size() == 3);
  CHECK(object.members[0].key == "reuters-1-copy0");
  CHECK(object.members[0].value.number == 2);
  CHECK(object.members[1].key ==
        "a\"b\\c\xc3\xa9"
        "d\n");
  CHECK(object.members[1].value.text == "tab\there");
  CHECK(object.members[2].key.empty());
  CHECK_FALSE(json::parse("\"raw\ttab\"", object, error));
  CHECK(error.message == "control character in a string (escape it)");
  CHECK(error.offset == 4);
}
