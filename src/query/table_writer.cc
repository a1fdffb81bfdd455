#include <fmt/format.h>

#include <algorithm>

#include "io/escape.h"
#include "kgrep/query.h"

namespace kgrep {

namespace {

// Code points, not bytes: what a terminal advances by for the scripts kgrep
// meets (wide CJK cells are the exception and merely look ragged).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++width;
  return width;
}

std::string without_controls(std::string_view text) {
  std::string out(text);
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
  return out;
}

void write_text(const Table& table, std::ostream& out) {
  if (table.record) {
    std::size_t width = 0;
    for (const auto& column : table.columns) width = std::max(width, display_width(column));
    for (const auto& row : table.rows) {
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const std::string value = without_controls(row[c]);
        out << table.columns[c];
        if (!value.empty()) out << std::string(width - display_width(table.columns[c]) + 2, ' ') << value;
        out << '\n';
      }
    }
    return;
  }
  std::vector<std::size_t> widths;
  for (const auto& column : table.columns) widths.push_back(display_width(column));
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : table.rows) {
    cells.emplace_back();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      cells.back().push_back(without_controls(row[c]));
      widths[c] = std::max(widths[c], display_width(cells.back().back()));
    }
  }
  auto line = [&](const std::vector<std::string>& values) {
    std::string text;
    for (std::size_t c = 0; c < values.size(); ++c) {
      text += values[c];
      if (c + 1 < values.size()) text += std::string(widths[c] - display_width(values[c]) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  line(table.columns);
  for (const auto& row : cells) line(row);
}

std::string json_row(const Table& table, const std::vector<std::string>& row) {
  std::string text = "{";
  for (std::size_t c = 0; c < table.columns.size(); ++c)
    text += fmt::format("{}\"{}\": \"{}\"", c ? ", " : "", json_escape(table.columns[c]), json_escape(row[c]));
  return text + "}";
}

std::string json_table(const Table& table, std::string_view indent) {
  if (table.record) return table.rows.empty() ? "{}" : json_row(table, table.rows.front());
  if (table.rows.empty()) return "[]";
  std::string text = "[";
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    text += fmt::format("{}\n{}  {}", r ? "," : "", indent, json_row(table, table.rows[r]));
  return text + fmt::format("\n{}]", indent);
}

void write_separated(const Table& table, std::ostream& out, bool csv) {
  auto cell = [&](const std::string& value) {
    if (csv) return csv_field(value);
    std::string text = value;
    for (char& ch : text)
      if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
    return text;
  };
  const char separator = csv ? ',' : '\t';
  const char* line_end = csv ? "\r\n" : "\n";
  auto line = [&](const std::vector<std::string>& values) {
    for (std::size_t c = 0; c < values.size(); ++c) out << (c ? std::string(1, separator) : "") << cell(values[c]);
    out << line_end;
  };
  line(table.columns);
  for (const auto& row : table.rows) line(row);
}

}  // namespace

TableFormat parse_table_format(std::string_view name) {
  if (name == "table" || name == "text") return TableFormat::kText;
  if (name == "json") return TableFormat::kJson;
  if (name == "csv") return TableFormat::kCsv;
  if (name == "tsv") return TableFormat::kTsv;
  throw Error(fmt::format("unknown query output format '{}' (known: table, json, csv, tsv)", name));
}

void write_tables(const std::vector<Table>& tables, TableFormat format, std::ostream& out) {
  if (format == TableFormat::kJson) {
    if (tables.size() == 1) {
      out << json_table(tables.front(), "") << '\n';
      return;
    }
    out << "{";
    for (std::size_t t = 0; t < tables.size(); ++t)
      out << (t ? "," : "") << "\n  \"" << json_escape(tables[t].title) << "\": " << json_table(tables[t], "  ");
    out << "\n}\n";
    return;
  }
  for (std::size_t t = 0; t < tables.size(); ++t) {
    if (t) out << (format == TableFormat::kCsv ? "\r\n" : "\n");
    if (format == TableFormat::kText)
      write_text(tables[t], out);
    else
      write_separated(tables[t], out, format == TableFormat::kCsv);
  }
}

}  // namespace kgrep
