#include "io/escape.h"

#include <fmt/format.h>

namespace kgrep {

std::size_t xml_forbidden_length(std::string_view text, std::size_t offset) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char first = byte(offset);
  if (first < 0x20) return first == '\t' || first == '\n' || first == '\r' ? 0 : 1;
  // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
  if (first == 0xEF && offset + 2 < text.size() && byte(offset + 1) == 0xBF &&
      (byte(offset + 2) == 0xBE || byte(offset + 2) == 0xBF))
    return 3;
  return 0;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char ch = text[k];
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      // As character references, white space survives readers that trim or
      // fold text content (Boost's read_graphml turns a raw newline into a space).
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default: {
        const std::size_t forbidden = xml_forbidden_length(text, k);
        if (forbidden > 0) {
          k += forbidden - 1;
          break;
        }
        out += ch;
      }
    }
  }
  return out;
}

std::string dot_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '&') {
      out += "&amp;";
    } else if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t') {
      out += ch;
    }
  }
  return out;
}

std::string dot_name_escape(std::string_view text) {
  const auto is_kept = [](char ch) {
    return static_cast<unsigned char>(ch) >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r';
  };
  std::string out;
  out.reserve(text.size() + 2);
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char ch = text[k];
    if (!is_kept(ch)) continue;
    if (ch == '"') {
      out += "\\\"";
    } else if (ch == '\\') {
      std::size_t next = k + 1;
      while (next < text.size() && !is_kept(text[next])) ++next;
      const bool ambiguous = next == text.size() || text[next] == '"' || text[next] == '\n' || text[next] == '\r';
      out += ambiguous ? "\\\\" : "\\";
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace kgrep

namespace kgrep {

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(ch >> 4) & 0xF];
          out += kHex[ch & 0xF];
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string csv_field(std::string_view text) {
  std::string cleaned;
  cleaned.reserve(text.size());
  bool quote = false;
  for (char ch : text) {
    if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') continue;
    quote = quote || ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    cleaned += ch;
  }
  if (!quote) return cleaned;
  std::string out = "\"";
  for (char ch : cleaned) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

}  // namespace kgrep

namespace kgrep {

std::string join_list(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) {
    if (!joined.empty()) joined += "; ";
    joined += value;
  }
  return joined;
}

std::string format_number(double value) { return fmt::format("{}", value); }

}  // namespace kgrep
