// kgrep source stage: turns files, directories, JSON Lines and stdin into
// Documents.
//
// First stage of the pipeline. It decides document ids (the `id` field, else
// the path relative to the directory it was found in, else the file name), reads
// metadata headers, converts HTML to visible text and checks the encoding.
// Documents come out in a fixed order: inputs in the order given, directories
// walked in byte-wise sorted order, JSONL lines in file order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kgrep/core.h"

namespace kgrep {

enum class InputFormat { kAuto, kText, kMarkdown, kHtml, kJsonLines };

// Called once per document; return false to stop reading.
using DocumentSink = std::function<bool(Document&&)>;
// Called for every problem found while reading (a skipped document, an
// unreadable file). Warnings do not stop the reading.
using DiagnosticSink = std::function<void(const Diagnostic&)>;

struct SourceTotals {
  std::size_t documents = 0;
  std::size_t skipped = 0;
  std::size_t bytes = 0;  // input bytes read so far
  std::size_t lines = 0;  // JSON Lines lines read (those starting in the range), blank and bad ones too
};

struct SourceOptions {
  InputFormat stdin_format = InputFormat::kAuto;  // "-" sniffed: JSONL if it starts with '{'
  // Larger documents (a file, a JSONL line, stdin) are skipped with a warning,
  // unread when their size shows it: analysing a document takes about 20 times
  // its size in memory, and no article comes near this.
  std::size_t max_document_bytes = 16u << 20;
  // Called on the reading thread as the totals grow (after each document at
  // least); empty: no calls.
  std::function<void(const SourceTotals&)> progress;
  // For sharding one corpus over many runs (tools/kgrep-dask). A JSON Lines
  // file yields only the records whose line starts at a byte offset in
  // [range_begin, range_end), so ranges that tile a file read each record
  // once wherever they are cut; offsets in warnings stay the file's.
  std::size_t range_begin = 0;
  std::size_t range_end = SIZE_MAX;
  // The number of the first line that starts in the range, when the caller
  // knows it (having counted the lines before): warnings then name the line
  // as file:line. 0: unknown past the file's start, and warnings name the
  // file and byte offset only.
  std::size_t range_first_line = 0;
  // When set, a file named as an input gets its path relative to this
  // directory as its id, as if the directory had been given, not its name.
  std::string ids_relative_to;
};

// Reads every input ("-" for stdin, a file, or a directory walked
// recursively) and pushes documents to `sink`. A document that cannot be read
// (bad encoding, bad JSON line) is reported to `diagnostics` as a warning and
// skipped. JSON Lines (files and stdin) are streamed a line at a time, so
// memory does not grow with the input; other files are one document each and
// are skipped unread when far over max_document_bytes. Throws kgrep::Error
// when an input does not exist.
SourceTotals read_inputs(const std::vector<std::string>& inputs, const SourceOptions& options, const DocumentSink& sink,
                         const DiagnosticSink& diagnostics);

// One file as read_inputs reads it: where it is, the id its documents and
// warnings get, its format, and whether it was found by walking a directory
// (then a file that cannot be read is a warning, S005) or named (an error).
struct InputFile {
  std::string path;
  std::string id;
  InputFormat format = InputFormat::kText;
  bool walked = false;
};

// The files read_inputs reads for `input` (not "-"), in its order: a
// directory's walked and sorted, its warnings (S004) told to `diagnostics`
// and counted in `skipped`. Throws kgrep::Error when `input` does not exist.
std::vector<InputFile> input_files(const std::string& input, const SourceOptions& options,
                                   const DiagnosticSink& diagnostics, std::size_t& skipped);

// Reads `files` as read_inputs does, so that they can be read on several
// threads, a share each. Throws kgrep::Error for a named file that cannot be read.
SourceTotals read_input_files(const std::vector<InputFile>& files, const SourceOptions& options,
                              const DocumentSink& sink, const DiagnosticSink& diagnostics);

// The size of `input` when read_inputs would read it as one JSON Lines file
// (a regular file named *.jsonl or *.ndjson), which can then be read in
// ranges; nullopt for anything else (a directory, stdin, other formats).
std::optional<std::size_t> jsonl_file_size(const std::string& input);

// What read_inputs does for "-": reads `in` as one input named `id`, in
// options.stdin_format (kAuto: JSON Lines when the first non-space byte is
// '{', else one text document), streaming JSON Lines.
SourceTotals read_stream(std::istream& in, const std::string& id, const SourceOptions& options,
                         const DocumentSink& sink, const DiagnosticSink& diagnostics);

// Parses one file's bytes as a document of the given format (never kJsonLines
// or kAuto: use read_inputs for those). Text and Markdown may open with a
// `key: value` header (or `---` front matter) that fills the metadata.
Document parse_text_document(std::string id, std::string_view bytes, InputFormat format);

// Visible text of an HTML page, with <title>, <meta name="author">,
// article:published_time and <html lang> as metadata.
Document parse_html_document(std::string id, std::string_view html);

// Parses one JSON Lines record. Returns false and sets `error` / `error_offset`
// (a byte offset into `line`) when the line is not a JSON object with string
// `id` and `text` fields.
bool parse_jsonl_record(std::string_view line, Document& document, std::string& error, std::size_t& error_offset);

// Decodes text to UTF-8: strips a UTF-8 BOM, converts UTF-16 with a BOM.
// Returns false with the byte offset of the first invalid byte otherwise.
bool decode_to_utf8(std::string_view bytes, std::string& out, std::size_t& bad_offset);

}  // namespace kgrep
