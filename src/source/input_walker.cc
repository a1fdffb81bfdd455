#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "kgrep/source.h"

namespace kgrep {

namespace fs = std::filesystem;

namespace {

InputFormat format_from_extension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (extension == ".md" || extension == ".markdown") return InputFormat::kMarkdown;
  if (extension == ".html" || extension == ".htm" || extension == ".xhtml") return InputFormat::kHtml;
  if (extension == ".jsonl" || extension == ".ndjson") return InputFormat::kJsonLines;
  if (extension == ".txt" || extension == ".text") return InputFormat::kText;
  return InputFormat::kAuto;
}

bool read_file(const fs::path& path, std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  bytes = std::move(buffer).str();
  return true;
}

Diagnostic warning(std::string where, std::optional<std::size_t> offset, std::string code, std::string message) {
  Diagnostic diagnostic;
  diagnostic.severity = Severity::kWarning;
  diagnostic.code = std::move(code);
  diagnostic.loc.file = std::move(where);
  diagnostic.loc.byte_offset = offset;
  diagnostic.message = std::move(message);
  return diagnostic;
}

class Reader {
 public:
  Reader(const SourceOptions& options, const DocumentSink& sink, const DiagnosticSink& diagnostics)
      : options_(options), sink_(sink), diagnostics_(diagnostics) {}

  // Returns false once the sink asked to stop.
  bool read_bytes(const std::string& id, const std::string& bytes, InputFormat format) {
    totals.bytes += bytes.size();
    if (format == InputFormat::kAuto) {
      const auto first = bytes.find_first_not_of(" \t\r\n");
      format = first != std::string::npos && bytes[first] == '{' ? InputFormat::kJsonLines : InputFormat::kText;
    }
    if (format == InputFormat::kJsonLines) return read_jsonl(id, bytes);
    std::string text;
    std::size_t bad_offset = 0;
    if (!decode_to_utf8(bytes, text, bad_offset)) {
      skip(warning(id, bad_offset, "S001", "invalid UTF-8; document skipped"));
      return true;
    }
    Document document =
        format == InputFormat::kHtml ? parse_html_document(id, text) : parse_text_document(id, text, format);
    return deliver(std::move(document));
  }

  SourceTotals totals;

 private:
  bool deliver(Document&& document) {
    if (document.text.size() > options_.max_document_bytes) {
      skip(warning(document.id, std::nullopt, "S003",
                   fmt::format("document is {} bytes, over the limit of {}; skipped", document.text.size(),
                               options_.max_document_bytes)));
      return true;
    }
    ++totals.documents;
    return sink_(std::move(document));
  }

  void skip(const Diagnostic& diagnostic) {
    ++totals.skipped;
    diagnostics_(diagnostic);
  }

  bool read_jsonl(const std::string& file_id, const std::string& bytes) {
    std::size_t line_start = 0;
    std::size_t line_number = 0;
    while (line_start < bytes.size()) {
      std::size_t line_end = bytes.find('\n', line_start);
      if (line_end == std::string::npos) line_end = bytes.size();
      ++line_number;
      std::string_view line(bytes.data() + line_start, line_end - line_start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::string where = fmt::format("{}:{}", file_id, line_number);
      if (line.find_first_not_of(" \t") != std::string_view::npos) {
        std::size_t bad_offset = 0;
        std::string decoded;
        Document document;
        std::string error;
        std::size_t error_offset = 0;
        if (!decode_to_utf8(line, decoded, bad_offset)) {
          skip(warning(where, line_start + bad_offset, "S001", "invalid UTF-8; record skipped"));
        } else if (!parse_jsonl_record(decoded, document, error, error_offset)) {
          skip(warning(where, line_start + error_offset, "S002", error + "; record skipped"));
        } else if (!deliver(std::move(document))) {
          return false;
        }
      }
      line_start = line_end + 1;
    }
    return true;
  }

  const SourceOptions& options_;
  const DocumentSink& sink_;
  const DiagnosticSink& diagnostics_;
};

std::vector<fs::path> walk_directory(const fs::path& root, const DiagnosticSink& diagnostics) {
  std::vector<fs::path> files;
  std::error_code error;
  // Symlinked directories are not followed, so a link loop cannot recurse forever.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path& path = it->path();
    if (path.filename().string().starts_with('.')) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    std::error_code status_error;
    if (it->is_regular_file(status_error) && format_from_extension(path) != InputFormat::kAuto) files.push_back(path);
  }
  if (error) {
    diagnostics(warning(root.generic_string(), std::nullopt, "S004", "cannot read directory: " + error.message()));
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
  return files;
}

}  // namespace

SourceTotals read_inputs(const std::vector<std::string>& inputs, const SourceOptions& options, const DocumentSink& sink,
                         const DiagnosticSink& diagnostics) {
  Reader reader(options, sink, diagnostics);
  for (const std::string& input : inputs) {
    if (input == "-") {
      std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      if (!reader.read_bytes("stdin", bytes, options.stdin_format)) break;
      continue;
    }
    const fs::path path(input);
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) throw Error(fmt::format("{}: no such file or directory", input));
    if (fs::is_directory(status)) {
      bool keep_going = true;
      for (const fs::path& file : walk_directory(path, diagnostics)) {
        std::string bytes;
        const std::string id = file.lexically_relative(path).generic_string();
        if (!read_file(file, bytes)) {
          ++reader.totals.skipped;
          diagnostics(warning(id, std::nullopt, "S005", "cannot read file; skipped"));
          continue;
        }
        if (!(keep_going = reader.read_bytes(id, bytes, format_from_extension(file)))) break;
      }
      if (!keep_going) break;
      continue;
    }
    std::string bytes;
    if (!read_file(path, bytes)) throw Error(fmt::format("{}: cannot read file", input));
    InputFormat format = format_from_extension(path);
    if (format == InputFormat::kAuto) format = InputFormat::kText;
    if (!reader.read_bytes(path.filename().string(), bytes, format)) break;
  }
  return reader.totals;
}

}  // namespace kgrep
