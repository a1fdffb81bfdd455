#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "kgrep/source.h"
#include "kgrep/text.h"
#include "source/line_reader.h"

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

bool has_utf16_bom(std::string_view bytes) { return bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"); }

// Offset of the first NUL byte, or npos. Text never holds one (UTF-16 says so
// with its byte-order mark): a file that does is binary, or UTF-16 without a
// mark.
std::size_t binary_byte(std::string_view bytes) { return has_utf16_bom(bytes) ? std::string::npos : bytes.find('\0'); }

std::string binary_message(std::string_view bytes) {
  // ASCII text in UTF-16 has a NUL in every other byte.
  const std::string_view head = bytes.substr(0, 4096);
  std::size_t even = 0, odd = 0;
  for (std::size_t k = 0; k < head.size(); ++k) {
    if (head[k] == '\0') ++(k % 2 == 0 ? even : odd);
  }
  const std::size_t half = head.size() / 2;
  if (odd > half / 2 && even == 0)
    return "NUL bytes: UTF-16LE text without a byte-order mark? (convert it with iconv -f UTF-16LE -t UTF-8)";
  if (even > half / 2 && odd == 0)
    return "NUL bytes: UTF-16BE text without a byte-order mark? (convert it with iconv -f UTF-16BE -t UTF-8)";
  return "NUL byte: a binary file, not text";
}

struct FileDescriptor {
  explicit FileDescriptor(int opened) : fd(opened) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
  int fd;
};

class Reader {
 public:
  Reader(const SourceOptions& options, const DocumentSink& sink, const DiagnosticSink& diagnostics)
      : options_(options), sink_(sink), diagnostics_(diagnostics) {}

  // One document of a whole-file format (text, Markdown, HTML). Returns false
  // once the sink asked to stop.
  bool read_bytes(const std::string& id, const std::string& bytes, InputFormat format) {
    totals.bytes += bytes.size();
    if (const std::size_t nul = binary_byte(bytes); nul != std::string::npos) {
      skip(warning(id, nul, "S006", binary_message(bytes) + "; document skipped"));
      return true;
    }
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
  // memory of its longest line only. Returns false once the sink asked to
  // stop; `lines.failed()` tells whether reading failed.
  bool read_jsonl(const std::string& file_id, source_detail::LineReader& lines, std::size_t line_start = 0) {
    // Lines are counted from the start of the file, or from a range whose first line's number is given.
    std::size_t line_number = SIZE_MAX;
    if (line_start == 0) line_number = 0;
    if (line_start > 0 && options_.range_first_line > 0) line_number = options_.range_first_line - 1;
    bool ended = false;
    std::size_t length = 0;
    const std::size_t limit = options_.max_document_bytes + kHeaderAllowance;
    std::string_view line;
    // The range's end is checked first: the line after it may be long, and is not this range's to read.
    while (line_start < options_.range_end && lines.next(line, length, ended, limit + 1)) {
      if (line_number != SIZE_MAX) ++line_number;
      ++totals.lines;
      const std::size_t line_bytes = length + (ended ? 1 : 0);
      totals.bytes += line_bytes;
      auto where = [&] { return line_number == SIZE_MAX ? file_id : fmt::format("{}:{}", file_id, line_number); };
      if (length > limit) {
        skip(warning(where(), line_start, "S003", too_large(length, "record")));
        line_start += line_bytes;
        continue;
      }
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") != std::string_view::npos) {
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
    if (format == InputFormat::kJsonLines) return read_jsonl_file(id, path);
    // One open and one fstat of the descriptor: a folder of short articles
    // spends more on system calls than on reading.
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.fd < 0) return Outcome::kUnreadable;
    struct stat status {};
    const bool sized = ::fstat(file.fd, &status) == 0 && S_ISREG(status.st_mode);
    const auto size = sized ? static_cast<std::size_t>(status.st_size) : 0;
    // A header is a few lines: a file this much over the limit cannot hold a document within it.
    if (sized && size > options_.max_document_bytes + kHeaderAllowance) {
      totals.bytes += size;
      skip(warning(id, std::nullopt, "S003", too_large(size, "document")));
      return Outcome::kRead;
    }
    std::string bytes;
    return read_document(id, file.fd, sized ? size : 0, bytes, format);
  }

  Outcome read_jsonl_file(const std::string& id, const fs::path& path) {
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    const int fd = file.fd;
    if (fd < 0) return Outcome::kUnreadable;
    std::size_t start = 0;
    if (options_.range_begin > 0) {
      // The line that starts before the range and runs into it is the
      // previous range's: the range's first line starts after its '\n'.
      const std::optional<std::size_t> first = first_line_start(fd, options_.range_begin, options_.range_end);
      if (!first) return Outcome::kUnreadable;
      start = *first;
      if (start >= options_.range_end) return Outcome::kRead;
      if (::lseek(fd, static_cast<off_t>(start), SEEK_SET) < 0) return Outcome::kUnreadable;
    }
    // Reads stop a little past the range's end until a line needs more, so
    // that ranges tiling a file read it about once, not once and a buffer.
    const std::size_t read_ahead_end =
        options_.range_end >= SIZE_MAX - kReadPastRange ? SIZE_MAX : options_.range_end + kReadPastRange;
    std::size_t position = start;
    source_detail::LineReader lines([fd, &position, read_ahead_end](char* into, std::size_t size) -> std::ptrdiff_t {
      if (position < read_ahead_end) size = std::min(size, read_ahead_end - position);
      while (true) {
        const ssize_t got = ::read(fd, into, size);
        if (got > 0) position += static_cast<std::size_t>(got);
        if (got >= 0 || errno != EINTR) return got;
      }
    });
    if (!read_jsonl(id, lines, start)) return Outcome::kStopped;
    return lines.failed() ? Outcome::kUnreadable : Outcome::kRead;
  }

  // Returns false once the sink asked to stop.
  bool read_files(const std::vector<InputFile>& files) {
    for (const InputFile& file : files) {
      const Outcome outcome = read_path(file.id, file.path, file.format);
      if (outcome == Outcome::kStopped) return false;
      if (outcome != Outcome::kUnreadable) continue;
      if (!file.walked) throw Error(fmt::format("{}: cannot read file", file.path));
      skip(warning(file.id, std::nullopt, "S005", "cannot read file; skipped"));
    }
    return true;
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
    if (format == InputFormat::kJsonLines) {
      source_detail::LineReader lines(
          [&in](char* into, std::size_t size) -> std::ptrdiff_t {
            in.read(into, static_cast<std::streamsize>(size));
            if (in.bad()) return -1;
            return static_cast<std::ptrdiff_t>(in.gcount());
          },
          std::size_t{1} << 18, pending);
      const bool more = read_jsonl(id, lines);
      if (lines.failed()) throw Error(fmt::format("{}: cannot read", id));
      return more;
    }
    std::string bytes = std::move(pending);
    return read_document(id, in, bytes, format) != Outcome::kStopped;
  }

  SourceTotals totals;

 private:
  static constexpr std::size_t kHeaderAllowance = 64 << 10;
  static constexpr std::size_t kReadPastRange = 16 << 10;

  // Where the first line starting at or after `from` (> 0) begins: just past
  // the first '\n' at or after from - 1. Looked for no further than `until`
  // (what is past it is not the caller's), so a range inside one long line
  // costs its own bytes to read, not the rest of the line. nullopt when
  // reading fails.
  static std::optional<std::size_t> first_line_start(int fd, std::size_t from, std::size_t until) {
    std::array<char, 1 << 16> block;
    std::size_t offset = from - 1;
    while (offset < until) {
      const std::size_t want = std::min(block.size(), until - offset);
      const ssize_t got = ::pread(fd, block.data(), want, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return std::nullopt;
      if (got == 0) return until;  // the file ends inside the line
      if (const void* newline = std::memchr(block.data(), '\n', static_cast<std::size_t>(got)))
        return offset + static_cast<std::size_t>(static_cast<const char*>(newline) - block.data()) + 1;
      offset += static_cast<std::size_t>(got);
    }
    return until;
  }

  // Reads the rest of `in` after `bytes` as one document, but never more than
  // just over the limit: a device or a stream without end costs bounded
  // memory and time.
  Outcome read_document(const std::string& id, std::istream& in, std::string& bytes, InputFormat format) {
    const std::size_t limit = options_.max_document_bytes + kHeaderAllowance;
    std::array<char, 1 << 16> chunk;
    while (bytes.size() <= limit && (in.read(chunk.data(), chunk.size()) || in.gcount() > 0))
      bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return Outcome::kUnreadable;
    return read_bytes_within_limit(id, bytes, format);
  }

  // The same from a descriptor. With its size known (`expected`) the buffer
  // is taken at once, a byte to spare to see whether the file grew
  // meanwhile; without (0: a pipe) it doubles as the bytes come.
  Outcome read_document(const std::string& id, int fd, std::size_t expected, std::string& bytes, InputFormat format) {
    const std::size_t limit = options_.max_document_bytes + kHeaderAllowance;
    bytes.resize(std::max<std::size_t>(std::min(expected, limit) + 1, std::size_t{1} << 12));
    std::size_t got = 0;
    while (got <= limit) {
      if (got == bytes.size()) bytes.resize(std::min(2 * bytes.size(), limit + 1));
      const ssize_t read = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (read < 0 && errno == EINTR) continue;
      if (read < 0) return Outcome::kUnreadable;
      if (read == 0) break;
      got += static_cast<std::size_t>(read);
    }
    bytes.resize(got);
    return read_bytes_within_limit(id, bytes, format);
  }

  Outcome read_bytes_within_limit(const std::string& id, const std::string& bytes, InputFormat format) {
    const std::size_t limit = options_.max_document_bytes + kHeaderAllowance;
    if (bytes.size() > limit) {
      totals.bytes += bytes.size();
      skip(warning(id, std::nullopt, "S003",
                   fmt::format("document is over {} bytes, the limit (--max-document-size); skipped",
                               options_.max_document_bytes)));
      return Outcome::kRead;
    }
    return read_bytes(id, bytes, format) ? Outcome::kRead : Outcome::kStopped;
  }

  std::string too_large(std::size_t size, std::string_view what) const {
    return fmt::format("{} is {} bytes, over the limit of {} (--max-document-size); skipped", what, size,
                       options_.max_document_bytes);
  }

  bool deliver(Document&& document) {
    if (document.text.size() > options_.max_document_bytes) {
      skip(warning(document.id, std::nullopt, "S003", too_large(document.text.size(), "document")));
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

// Adds the input files below `directory` to `files`. Hidden entries are left
// out, and symlinked directories are not followed, so a link loop cannot
// recurse forever. A directory that cannot be read is reported, and the walk
// goes on with the others.
void collect_files(const fs::path& directory, std::vector<fs::path>& files, const DiagnosticSink& report) {
  std::error_code error;
  fs::directory_iterator it(directory, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const fs::path& path = it->path();
    if (path.filename().string().starts_with('.')) continue;
    std::error_code status_error;
    const bool link = it->is_symlink(status_error);
    if (!link && it->is_directory(status_error)) {
      collect_files(path, files, report);
    } else if (it->is_regular_file(status_error) && format_from_extension(path) != InputFormat::kAuto) {
      files.push_back(path);
    }
  }
  if (error) {
    report(warning(directory.generic_string(), std::nullopt, "S004",
                   fmt::format("cannot read directory: {}; skipped", error.message())));
  }
}

std::vector<fs::path> walk_directory(const fs::path& root, const DiagnosticSink& report) {
  std::vector<fs::path> files;
  collect_files(root, files, report);
  // Sorted by their generic strings, made once rather than at each comparison.
  std::vector<std::pair<std::string, fs::path>> keyed;
  keyed.reserve(files.size());
  for (fs::path& file : files) keyed.emplace_back(file.generic_string(), std::move(file));
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 0; k < keyed.size(); ++k) files[k] = std::move(keyed[k].second);
  return files;
}

}  // namespace

std::vector<InputFile> input_files(const std::string& input, const SourceOptions& options,
                                   const DiagnosticSink& diagnostics, std::size_t& skipped) {
  const fs::path path(input);
  std::error_code error;
  const auto status = fs::status(path, error);
  if (error && error != std::errc::no_such_file_or_directory)
    throw Error(fmt::format("{}: cannot read: {}", input, error.message()));
  if (error || !fs::exists(status)) throw Error(fmt::format("{}: no such file or directory", input));
  std::vector<InputFile> files;
  if (fs::is_directory(status)) {
    const auto skipped_directory = [&](const Diagnostic& diagnostic) {
      ++skipped;
      diagnostics(diagnostic);
    };
    for (const fs::path& file : walk_directory(path, skipped_directory))
      files.push_back(
          InputFile{file.string(), file.lexically_relative(path).generic_string(), format_from_extension(file), true});
    return files;
  }
  InputFormat format = format_from_extension(path);
  if (format == InputFormat::kAuto) format = InputFormat::kText;
  // A named file's id is its name, or its path from ids_relative_to.
  files.push_back(InputFile{input,
                            options.ids_relative_to.empty()
                                ? path.filename().string()
                                : path.lexically_relative(options.ids_relative_to).generic_string(),
                            format, false});
  return files;
}

SourceTotals read_inputs(const std::vector<std::string>& inputs, const SourceOptions& options, const DocumentSink& sink,
                         const DiagnosticSink& diagnostics) {
  Reader reader(options, sink, diagnostics);
  for (const std::string& input : inputs) {
    if (input == "-") {
      if (!reader.read_stream(std::cin, "stdin", options.stdin_format)) break;
      continue;
    }
    if (!reader.read_files(input_files(input, options, diagnostics, reader.totals.skipped))) break;
  }
  return reader.totals;
}

SourceTotals read_input_files(const std::vector<InputFile>& files, const SourceOptions& options,
                              const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  Reader reader(options, sink, diagnostics);
  reader.read_files(files);
  return reader.totals;
}

std::optional<std::size_t> jsonl_file_size(const std::string& input) {
  if (input == "-") return std::nullopt;
  const fs::path path(input);
  std::error_code error;
  const auto status = fs::status(path, error);
  if (error || !fs::is_regular_file(status) || format_from_extension(path) != InputFormat::kJsonLines)
    return std::nullopt;
  const auto size = fs::file_size(path, error);
  if (error) return std::nullopt;
  return static_cast<std::size_t>(size);
}

SourceTotals read_stream(std::istream& in, const std::string& id, const SourceOptions& options,
                         const DocumentSink& sink, const DiagnosticSink& diagnostics) {
  Reader reader(options, sink, diagnostics);
  reader.read_stream(in, id, options.stdin_format);
  return reader.totals;
}

}  // namespace kgrep
