#include <fmt/format.h>

#include "io/escape.h"
#include "io/type_style.h"
#include "kgrep/io.h"

namespace kgrep {

// Gephi's spreadsheet import recognises Id and Label (nodes) and Source,
// Target, Type (Directed/Undirected), Label and Weight (edges) by name; the
// other columns become attributes.
void write_csv_nodes(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "Id,Label,type,aliases,mentions,discovered,color\r\n";
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    out << csv_field(node.id) << ',' << csv_field(node.label) << ',' << csv_field(node.type) << ','
        << csv_field(join_list(node.aliases)) << ',' << node.mentions << ',' << (node.discovered ? "true" : "false")
        << ',' << style_of(node.type).hex << "\r\n";
  }
}

void write_csv_edges(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "Source,Target,Type,Id,Label,relation,role,Weight,confidence,first_seen,last_seen,docs,evidence,rules\r\n";
  std::size_t number = 0;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    out << csv_field(graph[boost::source(edge, graph)].id) << ',' << csv_field(graph[boost::target(edge, graph)].id)
        << ",Directed,e" << number++ << ',' << csv_field(properties.relation) << ',' << csv_field(properties.relation)
        << ',' << csv_field(join_list(properties.roles)) << ',' << format_number(properties.weight) << ','
        << format_number(properties.confidence) << ',' << csv_field(properties.first_seen) << ','
        << csv_field(properties.last_seen) << ',' << csv_field(join_list(properties.docs)) << ','
        << csv_field(properties.evidence.sentence_text) << ',' << csv_field(join_list(properties.rules)) << "\r\n";
  }
}

}  // namespace kgrep

namespace kgrep {

namespace {

constexpr char kNeo4jArrayDelimiter = '\x1f';

// Always quoted: neo4j-admin trims unquoted strings and reads an unquoted
// empty field as no value.
void append_neo4j_text(std::string& out, std::string_view text) {
  for (char ch : text) {
    if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') continue;
    if (ch == '"') out += '"';
    out += ch;
  }
}

std::string neo4j_string(std::string_view text) {
  std::string out = "\"";
  append_neo4j_text(out, text);
  return out + "\"";
}

// Empty: no property at all (neo4j cannot tell an empty array from none).
std::string neo4j_optional(std::string_view text) { return text.empty() ? std::string() : neo4j_string(text); }

std::string neo4j_array(const std::vector<std::string>& values) {
  if (values.empty()) return {};
  std::string out = "\"";
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (k > 0) out += kNeo4jArrayDelimiter;
    append_neo4j_text(out, values[k]);
  }
  return out + "\"";
}

}  // namespace

void write_neo4j_nodes(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << "id:ID,label,:LABEL,aliases:string[],mentions:long,discovered:boolean,color\n";
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    out << neo4j_string(node.id) << ',' << neo4j_string(node.label) << ',' << neo4j_string(node.type) << ','
        << neo4j_array(node.aliases) << ',' << node.mentions << ',' << (node.discovered ? "true" : "false") << ','
        << neo4j_string(style_of(node.type).hex) << '\n';
  }
}

void write_neo4j_edges(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << ":START_ID,:END_ID,:TYPE,role:string[],weight:double,confidence:double,first_seen,last_seen,"
         "docs:string[],evidence,rules:string[]\n";
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    out << neo4j_string(graph[boost::source(edge, graph)].id) << ','
        << neo4j_string(graph[boost::target(edge, graph)].id) << ',' << neo4j_string(properties.relation) << ','
        << neo4j_array(properties.roles) << ',' << format_number(properties.weight) << ','
        << format_number(properties.confidence) << ',' << neo4j_optional(properties.first_seen) << ','
        << neo4j_optional(properties.last_seen) << ',' << neo4j_array(properties.docs) << ','
        << neo4j_optional(properties.evidence.sentence_text) << ',' << neo4j_array(properties.rules) << '\n';
  }
}

CsvDialect parse_csv_dialect(std::string_view name) {
  if (name == "gephi") return CsvDialect::kGephi;
  if (name == "neo4j") return CsvDialect::kNeo4j;
  throw Error(fmt::format("unknown CSV dialect '{}' (known: gephi, neo4j)", name));
}

}  // namespace kgrep
