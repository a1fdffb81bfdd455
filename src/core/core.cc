#include "kgrep/core.h"

#include <fmt/format.h>

namespace kgrep {

std::string format_diagnostic(const Diagnostic& diagnostic) {
  const char* severity = diagnostic.severity == Severity::kError ? "error" : "warning";
  std::string where = diagnostic.loc.file;
  if (diagnostic.loc.line > 0) {
    where += fmt::format(":{}:{}", diagnostic.loc.line, diagnostic.loc.column);
  } else if (diagnostic.loc.byte_offset) {
    where += fmt::format(": byte {}", *diagnostic.loc.byte_offset);
  }
  std::string code = diagnostic.code.empty() ? "" : fmt::format("[{}]", diagnostic.code);
  if (where.empty()) return fmt::format("{}{}: {}", severity, code, diagnostic.message);
  return fmt::format("{}: {}{}: {}", where, severity, code, diagnostic.message);
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += format_diagnostic(diagnostic);
  }
  return text;
}
}  // namespace

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
    if (!space) {
      out += ch;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::uint64_t document_id_hash(std::string_view id) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char ch : id) {
    hash ^= static_cast<unsigned char>(ch);
    hash *= 0x100000001b3ULL;
  }
  // FNV's low bits mix poorly; the table of counted documents indexes by them.
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  return hash == 0 ? 1 : hash;
}

Error::Error(std::vector<Diagnostic> diagnostics)
    : diagnostics_(std::move(diagnostics)), text_(join_diagnostics(diagnostics_)) {}

Error::Error(std::string message) : text_(std::move(message)) {
  Diagnostic diagnostic;
  diagnostic.message = text_;
  diagnostics_.push_back(std::move(diagnostic));
}

}  // namespace kgrep
