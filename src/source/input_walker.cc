#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

#include "kgrep/source.h"
#include "kgrep/text.h"

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

Diagnostic warning(std::string where, std::optional<std::size_t> offset, std::string code, std::string message) {
  Diagnostic diagnostic;
  diagnostic.severity = Severity::kWarning;
  diagnostic.code = std::move(code);
  diagnostic.loc.file = std::move(where);
  diagnostic.loc.byte_offset = offset;
  diagnostic.message = std::move(message);
  return diagnostic;
}

// The next line of `pending` followed by `in`, without its '\n'; false at the
// end. `ended` tells whether a '\n' closed it.
bool next_line(std::istream& in, std::string& pending, std::string& line, bool& ended) {
  if (const std::size_t newline = pending.find('\n'); newline != std::string::npos) {
    line.assign(pending, 0, newline);
    pending.erase(0, newline + 1);
    ended = true;
    return true;
  }
  if (pending.empty()) {
    if (!std::getline(in, line)) return false;
  } else {
    std::string rest;
    std::getline(in, rest);
    line = std::move(pending) + rest;
    pending.clear();
  }
  ended = !in.eof();
  return true;
}

class Reader {
 public:
  Reader(const SourceOptions& options, const DocumentSink& sink, const DiagnosticSink& diagnostics)
      : options_(options), sink_(sink), diagnostics_(diagnostics) {}

  // One document of a whole-file format (text, Markdown, HTML). Returns false
  // once the sink asked to stop.
  bool read_bytes(const std::string& id, const std::string& bytes, InputFormat format) {
    totals.bytes += bytes.size();
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

  // JSON Lines are read a line at a time, so a corpus of any size needs the
  // memory of its longest line only. `pending` holds bytes already taken from
  // `in`.
  bool read_jsonl(const std::string& file_id, std::istream& in, std::string pending = {}, std::size_t line_start = 0) {
    std::string line_buffer;
    // Lines are counted from the start of the file only.
    std::size_t line_number = line_start == 0 ? 0 : SIZE_MAX;
    bool ended = false;
    while (next_line(in, pending, line_buffer, ended)) {
      if (line_start >= options_.range_end) break;
      if (line_number != SIZE_MAX) ++line_number;
      const std::size_t line_bytes = line_buffer.size() + (ended ? 1 : 0);
      totals.bytes += line_bytes;
      std::string_view line(line_buffer);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") != std::string_view::npos) {
        auto where = [&] { return line_number == SIZE_MAX ? file_id : fmt::format("{}:{}", file_id, line_number); };
        std::size_t bad_offset = 0;
        std::string decoded;
        Document document;
        std::string error;
        std::size_t error_offset = 0;
        // Nearly every line is plain UTF-8 already: parse it in place rather than copy it.
        const bool plain = is_valid_utf8(line) && !line.starts_with("\xEF\xBB\xBF");
        if (!plain && !decode_to_utf8(line, decoded, bad_offset)) {
          skip(warning(where(), line_start + bad_offset, "S001", "invalid UTF-8; record skipped"));
        } else if (!parse_jsonl_record(plain ? line : std::string_view(decoded), document, error, error_offset)) {
          skip(warning(where(), line_start + error_offset, "S002", error + "; record skipped"));
        } else if (!deliver(std::move(document))) {
          return false;
        }
      }
      line_start += line_bytes;
    }
    return true;
  }

  enum class Outcome { kRead, kStopped, kUnreadable };

  // Reads a file: JSON Lines as a stream, other formats whole (a document is
  // one string anyway), unless it is over the document size limit.
  Outcome read_path(const std::string& id, const fs::path& path, InputFormat format) {
    std::ifstream in;
    std::vector<char> buffer(std::size_t{1} << 20);
    in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    in.open(path, std::ios::binary);
    if (!in) return Outcome::kUnreadable;
    if (format == InputFormat::kJsonLines) {
      std::size_t start = 0;
      if (options_.range_begin > 0) {
        // The line that starts before the range and runs into it is the
        // previous range's: skip through its end.
        in.seekg(static_cast<std::streamoff>(options_.range_begin - 1));
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
        if (!in || in.eof()) return Outcome::kRead;
        start = static_cast<std::size_t>(in.tellg());
      }
      return read_jsonl(id, in, {}, start) ? Outcome::kRead : Outcome::kStopped;
    }
    std::error_code error;
    const auto size = fs::file_size(path, error);
    // A header is a few lines: a file this much over the limit cannot hold a document within it.
    if (!error && size > options_.max_document_bytes + kHeaderAllowance) {
      totals.bytes += size;
      skip(warning(
          id, std::nullopt, "S003",
          fmt::format("document is {} bytes, over the limit of {}; skipped", size, options_.max_document_bytes)));
      return Outcome::kRead;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return Outcome::kUnreadable;
    return read_bytes(id, std::move(bytes).str(), format) ? Outcome::kRead : Outcome::kStopped;
  }

  // Standard input: sniffed when its format is kAuto (JSON Lines when the
  // first non-space byte is '{'), and then streamed like a file.
  bool read_stream(std::istream& in, const std::string& id, InputFormat format) {
    std::string pending;
    if (format == InputFormat::kAuto) {
      while (in.peek() == ' ' || in.peek() == '\t' || in.peek() == '\r' || in.peek() == '\n')
        pending += static_cast<char>(in.get());
      format = in.peek() == '{' ? InputFormat::kJsonLines : InputFormat::kText;
    }
    if (format == InputFormat::kJsonLines) return read_jsonl(id, in, std::move(pending));
    std::ostringstream bytes;
    bytes << pending << in.rdbuf();
    return read_bytes(id, std::move(bytes).str(), format);
  }

  SourceTotals totals;

 private:
  static constexpr std::size_t kHeaderAllowance = 64 << 10;

  bool deliver(Document&& document) {
    if (document.text.size() > options_.max_document_bytes) {
      skip(warning(document.id, std::nullopt, "S003",
                   fmt::format("document is {} bytes, over the limit of {}; skipped", document.text.size(),
                               options_.max_document_bytes)));
      return true;
    }
    ++totals.documents;
    const bool more = sink_(std::move(document));
    report();
    return more;
  }

  void skip(const Diagnostic& diagnostic) {
    ++totals.skipped;
    diagnostics_(diagnostic);
  }

  void report() {
    if (options_.progress) options_.progress(totals);
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
  using Outcome = Reader::Outcome;
  for (const std::string& input : inputs) {
    if (input == "-") {
      if (!reader.read_stream(std::cin, "stdin", options.stdin_format)) break;
      continue;
    }
    const fs::path path(input);
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) throw Error(fmt::format("{}: no such file or directory", input));
    if (fs::is_directory(status)) {
      Outcome outcome = Outcome::kRead;
      for (const fs::path& file : walk_directory(path, diagnostics)) {
        const std::string id = file.lexically_relative(path).generic_string();
        outcome = reader.read_path(id, file, format_from_extension(file));
        if (outcome == Outcome::kStopped) break;
        if (outcome == Outcome::kUnreadable) {
          ++reader.totals.skipped;
          diagnostics(warning(id, std::nullopt, "S005", "cannot read file; skipped"));
        }
      }
      if (outcome == Outcome::kStopped) break;
      continue;
    }
    InputFormat format = format_from_extension(path);
    if (format == InputFormat::kAuto) format = InputFormat::kText;
    const std::string id = options.ids_relative_to.empty()
                               ? path.filename().string()
                               : path.lexically_relative(options.ids_relative_to).generic_string();
    const Outcome outcome = reader.read_path(id, path, format);

    if (outcome == Outcome::kUnreadable) throw Error(fmt::format("{}: cannot read file", input));
    if (outcome == Outcome::kStopped) break;
  }
  return reader.totals;
}

SourceTotals read_stream(std::istream& in, const std::string& id, const SourceOptions& options,
                         const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  Reader reader(options, sink, diagnostics);
  reader.read_stream(in, id, options.stdin_format);
  return reader.totals;
}

}  // namespace kgrep
