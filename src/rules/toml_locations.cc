#include "rules/toml_locations.h"

namespace kgrep::rules_detail {

namespace {
bool is_continuation(char ch) { return (static_cast<unsigned char>(ch) & 0xC0) == 0x80; }
}  // namespace

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (char ch : text)
    if (!is_continuation(ch)) ++count;
  return count;
}

SourceLoc locate_in_string(const std::string& file, std::string_view content, std::size_t value_line,
                           std::size_t value_column, std::size_t value_offset) {
  SourceLoc loc{file, value_line, value_column, std::nullopt};
  // Find the byte where the value starts.
  std::size_t pos = 0;
  for (std::size_t line = 1; line < value_line && pos < content.size(); ++line) {
    const std::size_t newline = content.find('\n', pos);
    if (newline == std::string_view::npos) return loc;
    pos = newline + 1;
  }
  for (std::size_t column = 1; column < value_column && pos < content.size();) {
    ++pos;
    if (pos < content.size() && !is_continuation(content[pos])) ++column;
  }
  if (pos >= content.size()) return loc;
  const char quote = content[pos];
  if (quote != '\'' && quote != '"') return loc;
  const bool multi_line = content.substr(pos, 3) == std::string(3, quote);
  const bool literal = quote == '\'';
  std::size_t line = value_line;
  std::size_t column = value_column;
  const std::size_t delimiter = multi_line ? 3 : 1;
  pos += delimiter;
  column += delimiter;
  if (multi_line && pos < content.size() && (content[pos] == '\n' || content.substr(pos, 2) == "\r\n")) {
    pos = content.find('\n', pos) + 1;
    ++line;
    column = 1;
  }
  for (std::size_t consumed = 0; consumed < value_offset && pos < content.size();) {
    const char ch = content[pos];
    std::size_t source_bytes = 1;
    if (!literal && ch == '\\' && pos + 1 < content.size()) {
      const char kind = content[pos + 1];
      source_bytes = kind == 'u' ? 6 : kind == 'U' ? 10 : 2;
    }
    for (std::size_t k = 0; k < source_bytes && pos < content.size(); ++k, ++pos) {
      if (content[pos] == '\n') {
        ++line;
        column = 1;
      } else if (!is_continuation(content[pos])) {
        ++column;
      }
    }
    consumed += 1;
    // A multi-byte UTF-8 character is several value bytes but one column step.
    while (pos < content.size() && is_continuation(content[pos]) && consumed < value_offset) {
      ++pos;
      ++consumed;
    }
  }
  loc.line = line;
  loc.column = column;
  return loc;
}

}  // namespace kgrep::rules_detail
