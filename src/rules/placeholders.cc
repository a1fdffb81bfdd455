#include "rules/placeholders.h"

#include <fmt/format.h>

#include <set>

namespace kgrep::rules_detail {

namespace {

// Separators between the members of a list placeholder: "A, B and C",
// "A, B, en C", "A & B", "A und B".
constexpr std::string_view kListSeparator = R"((?:\s*,\s*(?:(?:and|en|und|et|or|&)\s+)?|\s+(?:and|en|und|et|or|&)\s+))";

bool is_name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

std::string token_regex(const std::vector<std::string>& types) {
  std::string alternatives = "[A-Za-z]+";
  if (!types.empty()) {
    alternatives = "(?:";
    for (std::size_t k = 0; k < types.size(); ++k) alternatives += (k ? "|" : "") + types[k];
    alternatives += ")";
  }
  return "\\x01" + alternatives + "#\\d+\\x02";
}

}  // namespace

ExpandedRegex expand_placeholders(std::string_view regex, std::vector<PlaceholderError>& errors) {
  ExpandedRegex result;
  std::set<std::string> names;
  auto append = [&](std::string_view text, std::size_t origin) {
    result.regex.append(text);
    result.origin.insert(result.origin.end(), text.size(), origin);
  };
  std::size_t pos = 0;
  while (pos < regex.size()) {
    const char ch = regex[pos];
    if (ch == '\\' && pos + 1 < regex.size()) {
      // An escape and, for \p{...}, \P{...} and \x{...}, its braces are copied
      // as they are: "{Ll}" there is a Unicode class, not a placeholder.
      std::size_t end = pos + 2;
      const char kind = regex[pos + 1];
      if ((kind == 'p' || kind == 'P' || kind == 'x') && end < regex.size() && regex[end] == '{') {
        const std::size_t close = regex.find('}', end);
        end = close == std::string_view::npos ? regex.size() : close + 1;
      }
      for (std::size_t k = pos; k < end; ++k) {
        result.regex += regex[k];
        result.origin.push_back(k);
      }
      pos = end;
      continue;
    }
    // A placeholder starts with "{" and an upper-case letter; "{2,3}" stays a repetition.
    if (ch != '{' || pos + 1 >= regex.size() || !(regex[pos + 1] >= 'A' && regex[pos + 1] <= 'Z')) {
      result.regex += ch;
      result.origin.push_back(pos);
      ++pos;
      continue;
    }
    const std::size_t close = regex.find('}', pos);
    std::size_t colon = regex.find(':', pos);
    // "{Amount}" without a name matches a mention of that type without capturing it.
    const bool anonymous = close != std::string_view::npos && (colon == std::string_view::npos || colon > close);
    if (anonymous) colon = close;
    if (close == std::string_view::npos) {
      errors.push_back(
          {pos, "R009", "placeholder must look like {Type:name}, {Type|Type:name}, {Type+:name} or {Type}"});
      append(regex.substr(pos, 1), pos);
      ++pos;
      continue;
    }
    Placeholder placeholder;
    std::string_view types = regex.substr(pos + 1, colon - pos - 1);
    if (!types.empty() && types.back() == '+') {
      placeholder.list = true;
      types.remove_suffix(1);
    }
    std::size_t type_start = pos + 1;
    while (true) {
      const std::size_t bar = types.find('|');
      const std::string type(types.substr(0, bar));
      if (type != "Entity") {
        if (!is_entity_type(type)) {
          errors.push_back({type_start, "R009",
                            fmt::format("unknown entity type '{}' in placeholder (known: Organization, Person, Model, "
                                        "Product, Event, Place, Amount, Date, or Entity for any)",
                                        type)});
        }
        placeholder.types.push_back(type);
      }
      if (bar == std::string_view::npos) break;
      type_start += bar + 1;
      types.remove_prefix(bar + 1);
    }
    const std::string token = token_regex(placeholder.types);
    if (anonymous) {
      append(placeholder.list ? fmt::format("(?:{}(?:{}{})*)", token, kListSeparator, token) : "(?:" + token + ")",
             pos);
      pos = close + 1;
      continue;
    }
    placeholder.name = std::string(regex.substr(colon + 1, close - colon - 1));
    bool name_ok = !placeholder.name.empty() && !(placeholder.name[0] >= '0' && placeholder.name[0] <= '9');
    for (char name_char : placeholder.name) name_ok = name_ok && is_name_char(name_char);
    if (!name_ok) {
      errors.push_back(
          {colon + 1, "R009",
           fmt::format("placeholder name '{}' must be a word of letters, digits and _", placeholder.name)});
    } else if (!names.insert(placeholder.name).second) {
      errors.push_back({colon + 1, "R009", fmt::format("placeholder name '{}' is used twice", placeholder.name)});
    }
    std::string group = "(?P<" + placeholder.name + ">" + token;
    if (placeholder.list) group += fmt::format("(?:{}{})*", kListSeparator, token);
    group += ")";
    append(group, pos);
    result.placeholders.push_back(std::move(placeholder));
    pos = close + 1;
  }
  result.origin.push_back(regex.size());
  return result;
}

}  // namespace kgrep::rules_detail

namespace kgrep {

std::string relaxed_regex(std::string_view regex) {
  // Sentences end at line breaks: a mention, and a placeholder's match, never holds one.
  constexpr std::string_view kAnyText = "[^\\n]*";
  std::string relaxed;
  bool in_class = false;
  std::size_t pos = 0;
  // The length of the escape at `pos`, with the braces of \p{..}, \P{..} and \x{..}.
  auto escape_end = [&] {
    std::size_t end = pos + 2;
    const char kind = regex[pos + 1];
    if ((kind == 'p' || kind == 'P' || kind == 'x') && end < regex.size() && regex[end] == '{') {
      const std::size_t close = regex.find('}', end);
      end = close == std::string_view::npos ? regex.size() : close + 1;
    } else if (kind == 'Q') {  // \Q...\E quotes everything up to \E
      const std::size_t close = regex.find("\\E", end);
      end = close == std::string_view::npos ? regex.size() : close + 2;
    }
    return end;
  };
  while (pos < regex.size()) {
    const char ch = regex[pos];
    if (ch == '\\' && pos + 1 < regex.size()) {
      const std::size_t end = escape_end();
      const char kind = regex[pos + 1];
      const bool assertion = kind == 'b' || kind == 'B' || kind == 'A' || kind == 'z';
      if (in_class || !assertion) relaxed.append(regex.substr(pos, end - pos));
      pos = end;
      continue;
    }
    if (in_class) {
      // "[:alpha:]" inside a class holds a ']' that does not close it.
      if (regex.substr(pos, 2) == "[:") {
        const std::size_t close = regex.find(":]", pos + 2);
        const std::size_t end = close == std::string_view::npos ? regex.size() : close + 2;
        relaxed.append(regex.substr(pos, end - pos));
        pos = end;
        continue;
      }
      if (ch == ']') in_class = false;
      relaxed += ch;
      ++pos;
      continue;
    }
    // Placeholders as expand_placeholders() finds them.
    if (ch == '{' && pos + 1 < regex.size() && regex[pos + 1] >= 'A' && regex[pos + 1] <= 'Z') {
      const std::size_t close = regex.find('}', pos);
      if (close != std::string_view::npos) {
        relaxed += kAnyText;
        pos = close + 1;
        continue;
      }
    }
    // A counted repetition becomes a star: "[^,]{0,80}" in a rule would make
    // the loosened regex's automaton hold a state per count across a whole
    // document.
    if (ch == '{' && pos + 1 < regex.size() && regex[pos + 1] >= '0' && regex[pos + 1] <= '9') {
      std::size_t end = pos + 1;
      while (end < regex.size() && ((regex[end] >= '0' && regex[end] <= '9') || regex[end] == ',')) ++end;
      if (end < regex.size() && regex[end] == '}') {
        relaxed += '*';
        pos = end + 1;
        continue;
      }
    }
    if (ch == '[') {
      in_class = true;
      relaxed += ch;
      ++pos;
      // A ']' first in a class (after an optional '^') is one of its members.
      if (pos < regex.size() && regex[pos] == '^') relaxed += regex[pos++];
      if (pos < regex.size() && regex[pos] == ']') relaxed += regex[pos++];
      continue;
    }
    if (ch != '^' && ch != '$') relaxed += ch;
    ++pos;
  }
  // "Any text" first or last changes nothing for a search that may start and
  // end anywhere, and costs the search its speed: dropped.
  auto is_quantifier = [](char ch) { return ch == '?' || ch == '*' || ch == '+' || ch == '{'; };
  if (relaxed.starts_with(kAnyText) && (relaxed.size() == kAnyText.size() || !is_quantifier(relaxed[kAnyText.size()])))
    relaxed.erase(0, kAnyText.size());
  if (relaxed.ends_with(kAnyText) && !relaxed.ends_with("\\" + std::string(kAnyText)))
    relaxed.erase(relaxed.size() - kAnyText.size());
  return relaxed;
}

}  // namespace kgrep
