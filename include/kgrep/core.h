// kgrep core: the plain value types every pipeline stage shares.
//
// Offsets are half-open byte ranges into the ORIGINAL UTF-8 text of a document,
// whatever normalisation later stages apply, so that every fact can be traced
// back to the exact bytes that state it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kgrep {

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last byte

  [[nodiscard]] std::size_t size() const { return end - begin; }
  [[nodiscard]] bool contains(const Span& other) const { return begin <= other.begin && other.end <= end; }
  friend bool operator==(const Span&, const Span&) = default;
  friend auto operator<=>(const Span&, const Span&) = default;
};

// Where a diagnostic points: a rule file position (line/column, 1-based) or a
// document position (byte offset). Either may be absent.
struct SourceLoc {
  std::string file;  // rule file path or document id
  std::size_t line = 0;
  std::size_t column = 0;
  std::optional<std::size_t> byte_offset;
};

enum class Severity { kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;  // stable code such as "R012"
  SourceLoc loc;
  std::string message;
};

// "file:line:col: error[CODE]: message" (or "doc: byte N: ..." for documents).
std::string format_diagnostic(const Diagnostic& diagnostic);

// A thrown error carrying diagnostics, for the rare paths where unwinding is
// simpler than threading results (CLI argument handling, I/O failures).
class Error : public std::exception {
 public:
  explicit Error(std::vector<Diagnostic> diagnostics);
  explicit Error(std::string message);
  [[nodiscard]] const char* what() const noexcept override { return text_.c_str(); }
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::string text_;
};

// A document as loaded: id, metadata and the original UTF-8 text.
struct Document {
  std::string id;
  std::string text;
  std::string title;
  std::string date;  // YYYY-MM-DD, YYYY-MM or empty
  std::string url;
  std::string author;
  std::string lang;
};

// Where a fact comes from: the document, the sentence's byte span in the
// original text, the sentence itself and the rule that produced the fact.
struct Evidence {
  std::string doc_id;
  std::string date;
  Span sentence;
  std::string sentence_text;
  std::string rule_id;

  friend bool operator==(const Evidence&, const Evidence&) = default;
};

// Folds every run of white space to one space and trims both ends: the form
// evidence sentences and names are shown in.
std::string collapse_whitespace(std::string_view text);

// Lower-case ASCII slug: "Thinking Machines Lab" -> "thinking-machines-lab".
// Non-ASCII letters are folded through ICU (accents dropped) before slugging.
std::string slugify(std::string_view name);

// A 64-bit hash of a document id, never 0, the same in every kgrep build (FNV-1a
// with a final mix): a document read twice is told by it, and facts streams of
// mention totals carry it from machine to machine.
std::uint64_t document_id_hash(std::string_view id);

}  // namespace kgrep
