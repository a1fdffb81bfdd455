#include <unicode/unistr.h>

#include <array>
#include <map>

#include "kgrep/source.h"
#include "kgrep/text.h"
#include "source/json_reader.h"

namespace kgrep {

namespace {

constexpr std::array<std::string_view, 5> kMetadataKeys = {"title", "date", "url", "author", "lang"};

bool is_metadata_key(std::string_view key) {
  for (auto known : kMetadataKeys)
    if (key == known) return true;
  return false;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::string_view unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    return value.substr(1, value.size() - 2);
  return value;
}

// Dates are kept only in the forms the graph schema promises (YYYY-MM-DD or
// YYYY-MM); a timestamp keeps its date part.
std::string normalize_date(std::string_view value) {
  auto digits = [&](std::size_t from, std::size_t count) {
    if (value.size() < from + count) return false;
    for (std::size_t k = from; k < from + count; ++k)
      if (value[k] < '0' || value[k] > '9') return false;
    return true;
  };
  const bool separator_ok = value.size() >= 7 && (value[4] == '-' || value[4] == '/');
  if (!digits(0, 4) || !separator_ok || !digits(5, 2)) return "";
  std::string date{value.substr(0, 4)};
  date += '-';
  date += value.substr(5, 2);
  if (value.size() >= 10 && value[7] == value[4] && digits(8, 2)) {
    date += '-';
    date += value.substr(8, 2);
  }
  return date;
}

void set_metadata(Document& document, std::string_view key, std::string_view value) {
  value = unquote(trim(value));
  if (key == "title")
    document.title = value;
  else if (key == "date")
    document.date = normalize_date(value);
  else if (key == "url")
    document.url = value;
  else if (key == "author")
    document.author = value;
  else if (key == "lang")
    document.lang = value;
}

// Splits "key: value"; returns false when the line has no such shape.
bool split_header_line(std::string_view line, std::string_view& key, std::string_view& value) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  key = trim(line.substr(0, colon));
  value = line.substr(colon + 1);
  return !key.empty();
}

// Consumes a `key: value` header ended by a blank line. Only a block whose
// every line names a known key counts, so prose starting "Note: ..." stays text.
std::size_t read_plain_header(std::string_view bytes, Document& document) {
  std::size_t pos = 0;
  Document parsed;
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) return 0;
    std::string_view line = trim(bytes.substr(pos, end - pos));
    if (line.empty()) {
      if (pos == 0) return 0;
      document.title = parsed.title;
      document.date = parsed.date;
      document.url = parsed.url;
      document.author = parsed.author;
      document.lang = parsed.lang;
      return end + 1;
    }
    std::string_view key, value;
    if (!split_header_line(line, key, value) || !is_metadata_key(key)) return 0;
    set_metadata(parsed, key, value);
    pos = end + 1;
  }
  return 0;
}

std::size_t read_front_matter(std::string_view bytes, Document& document) {
  if (bytes.substr(0, 4) != "---\n" && bytes.substr(0, 5) != "---\r\n") return 0;
  std::size_t pos = bytes.find('\n') + 1;
  Document parsed;  // kept only once the closing "---" is found
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = trim(bytes.substr(pos, end - pos));
    if (line == "---") {
      parsed.id = std::move(document.id);
      document = std::move(parsed);
      return std::min(end + 1, bytes.size());
    }
    std::string_view key, value;
    if (split_header_line(line, key, value) && is_metadata_key(key)) set_metadata(parsed, key, value);
    pos = end + 1;
  }
  return 0;  // Unterminated front matter: treat the whole file as text.
}

}  // namespace

Document parse_text_document(std::string id, std::string_view bytes, InputFormat format) {
  Document document;
  document.id = std::move(id);
  std::size_t body = format == InputFormat::kMarkdown ? read_front_matter(bytes, document) : 0;
  if (body == 0) body = read_plain_header(bytes, document);
  document.text.assign(bytes.substr(body));
  return document;
}

bool parse_jsonl_record(std::string_view line, Document& document, std::string& error, std::size_t& error_offset) {
  // Reused from record to record: most members are short strings.
  thread_local std::vector<json::Member> members;
  json::ParseError parse_error;
  if (!json::parse_object(line, members, parse_error)) {
    error = "malformed JSON: " + parse_error.message;
    error_offset = parse_error.offset;
    return false;
  }
  error_offset = 0;
  auto text_of = [&](std::string_view key, bool allow_number) -> std::string* {
    json::Scalar* found = json::find_member(members, key);
    if (found == nullptr) return nullptr;
    if (found->kind == json::Scalar::Kind::kString || (allow_number && found->kind == json::Scalar::Kind::kNumber))
      return &found->text;
    return nullptr;
  };
  std::string* id = text_of("id", true);
  std::string* text = text_of("text", false);
  if (id == nullptr || id->empty()) {
    error = "record has no string \"id\"";
    return false;
  }
  if (text == nullptr) {
    error = "record has no string \"text\"";
    return false;
  }
  document.id = std::move(*id);
  document.text = std::move(*text);
  for (auto key : kMetadataKeys) {
    if (const std::string* value = text_of(key, false)) set_metadata(document, key, *value);
  }
  return true;
}

bool decode_to_utf8(std::string_view bytes, std::string& out, std::size_t& bad_offset) {
  const char* codepage = nullptr;
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE)
    codepage = "UTF-16LE";
  else if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE &&
           static_cast<unsigned char>(bytes[1]) == 0xFF)
    codepage = "UTF-16BE";
  if (codepage != nullptr) {
    bytes.remove_prefix(2);
    if (bytes.size() % 2 != 0) {
      bad_offset = bytes.size() + 1;
      return false;
    }
    icu::UnicodeString unicode(bytes.data(), static_cast<int32_t>(bytes.size()), codepage);
    if (unicode.isBogus()) {
      bad_offset = 0;
      return false;
    }
    out.clear();
    unicode.toUTF8String(out);
    return true;
  }
  std::size_t bom = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bom = 3;
    bytes.remove_prefix(bom);
  }
  std::size_t offset = 0;
  if (!is_valid_utf8(bytes, &offset)) {
    bad_offset = bom + offset;
    return false;
  }
  out.assign(bytes);
  return true;
}

}  // namespace kgrep
