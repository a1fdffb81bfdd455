// Text escaping shared by the writers (internal to the io stage).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kgrep {

// Escapes &, <, >, " and ' and drops what XML 1.0 cannot hold at all (C0
// controls other than tab, LF and CR; U+FFFE and U+FFFF), since no escape
// makes those legal.
std::string xml_escape(std::string_view text);

// The length of the character XML 1.0 cannot hold that starts at `offset`
// (1 for a C0 control other than tab, LF and CR; 3 for U+FFFE and U+FFFF in
// UTF-8), or 0. xml_escape drops these; the GraphML reader refuses them, so
// that what it reads writes back unchanged.
std::size_t xml_forbidden_length(std::string_view text, std::size_t offset);

// Escapes a label for a double-quoted DOT string, which Graphviz reads as an
// escString and then decodes HTML entities in: backslash, quote and '&'
// escaped (\\, \", &amp;), line breaks as \n, other control characters but
// tab dropped. Graphviz then draws exactly `text`.
std::string dot_escape(std::string_view text);

// Escapes a name (node id, cluster name) or a plain attribute value for a
// double-quoted DOT string, which Graphviz reads verbatim but for \" and a
// backslash before a line break: a quote becomes \", control characters other
// than tab, CR and LF are dropped, and a backslash stays single unless it
// comes before a quote or a line break or ends the text, where no spelling
// reads back as one backslash and it is doubled.
std::string dot_name_escape(std::string_view text);

}  // namespace kgrep

namespace kgrep {

// Escapes for a JSON string (RFC 8259): quote, backslash and control
// characters; other UTF-8 passes through.
std::string json_escape(std::string_view text);

// One RFC 4180 CSV field: quoted when it holds a comma, quote, CR or LF (and
// quotes doubled); control characters other than CR, LF and tab dropped.
std::string csv_field(std::string_view text);

}  // namespace kgrep

namespace kgrep {

// A list attribute as every writer writes it: values joined by "; ".
std::string join_list(const std::vector<std::string>& values);

// A number as every writer writes it: the shortest form that reads back the
// same ("2", "0.8").
std::string format_number(double value);

}  // namespace kgrep
