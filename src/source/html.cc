#include <array>
#include <cstdint>
#include <string>

#include "kgrep/source.h"

namespace kgrep {

namespace {

struct NamedEntity {
  std::string_view name;
  std::uint32_t code;
};

// The entities news pages actually use; anything else stays as written.
constexpr std::array<NamedEntity, 32> kEntities = {{
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},    {"nbsp", 0xA0},
    {"mdash", 0x2014},  {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"hellip", 0x2026}, {"eacute", 0xE9},  {"egrave", 0xE8},  {"euml", 0xEB},    {"iuml", 0xEF},    {"ouml", 0xF6},
    {"uuml", 0xFC},     {"auml", 0xE4},    {"aacute", 0xE1},  {"oacute", 0xF3},  {"ccedil", 0xE7},  {"szlig", 0xDF},
    {"copy", 0xA9},     {"reg", 0xAE},     {"euro", 0x20AC},  {"pound", 0xA3},   {"laquo", 0xAB},   {"raquo", 0xBB},
    {"bull", 0x2022},   {"middot", 0xB7},
}};

void append_utf8(std::string& out, std::uint32_t c) {
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Decodes one entity starting at text[pos] == '&'; returns bytes consumed (0: not an entity).
std::size_t decode_entity(std::string_view text, std::size_t pos, std::string& out) {
  const std::size_t semicolon = text.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 12) return 0;
  std::string_view body = text.substr(pos + 1, semicolon - pos - 1);
  if (body.size() >= 2 && body[0] == '#') {
    std::uint32_t code = 0;
    const bool hex = body[1] == 'x' || body[1] == 'X';
    for (std::size_t k = hex ? 2 : 1; k < body.size(); ++k) {
      const char ch = body[k];
      std::uint32_t digit = 0;
      if (ch >= '0' && ch <= '9')
        digit = static_cast<std::uint32_t>(ch - '0');
      else if (hex && ch >= 'a' && ch <= 'f')
        digit = static_cast<std::uint32_t>(ch - 'a' + 10);
      else if (hex && ch >= 'A' && ch <= 'F')
        digit = static_cast<std::uint32_t>(ch - 'A' + 10);
      else
        return 0;
      code = code * (hex ? 16 : 10) + digit;
      if (code > 0x10FFFF) return 0;
    }
    append_utf8(out, code);
    return semicolon - pos + 1;
  }
  for (const auto& entity : kEntities) {
    if (entity.name == body) {
      append_utf8(out, entity.code);
      return semicolon - pos + 1;
    }
  }
  return 0;
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    if (text[pos] == '&') {
      if (std::size_t used = decode_entity(text, pos, out)) {
        pos += used;
        continue;
      }
    }
    out += text[pos++];
  }
  return out;
}

char lower(char ch) { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (lower(a[k]) != lower(b[k])) return false;
  return true;
}

// Case-insensitive search for `needle` (lower-case ASCII) from `pos`.
std::size_t find_ci(std::string_view haystack, std::string_view needle, std::size_t pos) {
  for (std::size_t k = pos; k + needle.size() <= haystack.size(); ++k)
    if (iequals(haystack.substr(k, needle.size()), needle)) return k;
  return std::string_view::npos;
}

struct Tag {
  std::string name;  // lower case, without '/'
  bool closing = false;
  std::string_view attributes;
  std::size_t end = 0;  // one past '>'
};

bool parse_tag(std::string_view html, std::size_t pos, Tag& tag) {
  std::size_t k = pos + 1;
  if (k < html.size() && html[k] == '/') {
    tag.closing = true;
    ++k;
  }
  const std::size_t name_start = k;
  while (k < html.size() &&
         (std::isalnum(static_cast<unsigned char>(html[k])) != 0 || html[k] == '-' || html[k] == ':'))
    ++k;
  if (k == name_start) return false;
  tag.name.clear();
  for (std::size_t n = name_start; n < k; ++n) tag.name += lower(html[n]);
  // Find the closing '>' outside quoted attribute values.
  char quote = 0;
  const std::size_t attributes_start = k;
  for (; k < html.size(); ++k) {
    const char ch = html[k];
    if (quote != 0) {
      if (ch == quote) quote = 0;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == '>') {
      tag.attributes = html.substr(attributes_start, k - attributes_start);
      tag.end = k + 1;
      return true;
    }
  }
  tag.attributes = html.substr(attributes_start);
  tag.end = html.size();
  return true;
}

std::string attribute(std::string_view attributes, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = find_ci(attributes, name, pos)) != std::string_view::npos) {
    const bool starts_word =
        pos == 0 || attributes[pos - 1] == ' ' || attributes[pos - 1] == '\t' || attributes[pos - 1] == '\n';
    std::size_t k = pos + name.size();
    while (k < attributes.size() && attributes[k] == ' ') ++k;
    if (!starts_word || k >= attributes.size() || attributes[k] != '=') {
      pos += name.size();
      continue;
    }
    ++k;
    while (k < attributes.size() && attributes[k] == ' ') ++k;
    if (k >= attributes.size()) return "";
    const char quote = attributes[k];
    if (quote == '"' || quote == '\'') {
      const std::size_t close = attributes.find(quote, k + 1);
      return decode_entities(
          attributes.substr(k + 1, close == std::string_view::npos ? std::string_view::npos : close - k - 1));
    }
    std::size_t end = k;
    while (end < attributes.size() && attributes[end] != ' ' && attributes[end] != '\t' && attributes[end] != '/')
      ++end;
    return decode_entities(attributes.substr(k, end - k));
  }
  return "";
}

bool is_block(std::string_view name) {
  static constexpr std::array<std::string_view, 28> kBlocks = {
      "p",          "div", "br",         "li",   "ul",    "ol",    "h1",      "h2",      "h3",     "h4",
      "h5",         "h6",  "tr",         "td",   "th",    "table", "section", "article", "header", "footer",
      "blockquote", "pre", "figcaption", "main", "aside", "nav",   "dd",      "dt"};
  for (auto block : kBlocks)
    if (name == block) return true;
  return false;
}

// Appends text with runs of white space folded to one space.
void append_text(std::string& out, std::string_view text) {
  for (char ch : text) {
    const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    } else {
      out += ch;
    }
  }
}

void end_block(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
}

}  // namespace

Document parse_html_document(std::string id, std::string_view html) {
  Document document;
  document.id = std::move(id);
  std::string text;
  std::string title;
  bool in_title = false;
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t lt = html.find('<', pos);
    std::string_view chunk = html.substr(pos, lt == std::string_view::npos ? std::string_view::npos : lt - pos);
    if (in_title)
      title += decode_entities(chunk);
    else
      append_text(text, decode_entities(chunk));
    if (lt == std::string_view::npos) break;
    if (html.substr(lt, 4) == "<!--") {
      const std::size_t close = html.find("-->", lt + 4);
      pos = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    Tag tag;
    if (!parse_tag(html, lt, tag)) {
      if (lt + 1 < html.size() && (html[lt + 1] == '!' || html[lt + 1] == '?')) {
        const std::size_t close = html.find('>', lt);
        pos = close == std::string_view::npos ? html.size() : close + 1;
      } else {
        append_text(text, "<");
        pos = lt + 1;
      }
      continue;
    }
    pos = tag.end;
    const std::string& name = tag.name;
    if (!tag.closing && (name == "script" || name == "style" || name == "noscript" || name == "template")) {
      const std::size_t close = find_ci(html, "</" + name, pos);
      pos = close == std::string_view::npos ? html.size() : close;
      continue;
    }
    if (name == "title") {
      in_title = !tag.closing;
      continue;
    }
    if (!tag.closing && name == "html") document.lang = attribute(tag.attributes, "lang");
    if (!tag.closing && name == "meta") {
      const std::string meta_name = attribute(tag.attributes, "name");
      const std::string property = attribute(tag.attributes, "property");
      if (iequals(meta_name, "author")) document.author = attribute(tag.attributes, "content");
      if (property == "article:published_time") {
        Document dated =
            parse_text_document("", "date: " + attribute(tag.attributes, "content") + "\n\n", InputFormat::kText);
        document.date = dated.date;
      }
    }
    if (is_block(name)) end_block(text);
  }
  end_block(text);
  std::string folded_title;
  append_text(folded_title, title);
  while (!folded_title.empty() && folded_title.back() == ' ') folded_title.pop_back();
  document.title = folded_title;
  document.text = std::move(text);
  return document;
}

}  // namespace kgrep
