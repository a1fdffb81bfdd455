// GEXF 1.3 writer for Gephi (https://gexf.net/schema.html).
//
// Nodes carry the schema contract's attributes as typed <attvalues>, a viz
// colour by type (shared with the other writers through style_of) and a viz
// size by degree. Edges carry `label` and `kind` = relation, so two relations
// between one pair stay two parallel edges in Gephi, and `weight`. In dynamic
// mode an edge lives from its first_seen date (and ends at last_seen when that
// differs), and a node from the earliest start of its edges, so Gephi's
// timeline replays the facts as they were first reported.
#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/escape.h"
#include "io/type_style.h"
#include "kgrep/io.h"

namespace kgrep {

namespace {

struct Attribute {
  const char* id;  // also the title: graphology and networkx key values by it
  const char* type;
};

// The schema contract of DESIGN.md. Node `label` and edge `label` and `weight`
// are GEXF's own XML attributes, not <attvalues>.
constexpr Attribute kNodeAttributes[] = {
    {"type", "string"},        {"aliases", "string"},   {"mentions", "integer"},
    {"discovered", "boolean"}, {"entity_id", "string"},
};
constexpr Attribute kEdgeAttributes[] = {
    {"relation", "string"},  {"role", "string"}, {"confidence", "double"}, {"first_seen", "string"},
    {"last_seen", "string"}, {"docs", "string"}, {"evidence", "string"},   {"rules", "string"},
};

// A date as the graph holds it: YYYY-MM-DD, YYYY-MM or YYYY (month and day 0
// when absent).
struct PartialDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

std::optional<int> parse_digits(std::string_view text, std::size_t count) {
  if (text.size() != count) return std::nullopt;
  int value = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    value = value * 10 + (ch - '0');
  }
  return value;
}

// Anything but a valid YYYY, YYYY-MM or YYYY-MM-DD (year 0001..9999, as
// xs:date requires) gives nullopt: such an edge gets no start or end rather
// than a value Gephi would reject.
std::optional<PartialDate> parse_date(std::string_view text) {
  PartialDate date;
  const auto year = parse_digits(text.substr(0, 4), 4);
  if (!year || *year < 1) return std::nullopt;
  date.year = *year;
  if (text.size() == 4) return date;
  if (text.size() < 7 || text[4] != '-') return std::nullopt;
  const auto month = parse_digits(text.substr(5, 2), 2);
  if (!month || *month < 1 || *month > 12) return std::nullopt;
  date.month = *month;
  if (text.size() == 7) return date;
  if (text.size() != 10 || text[7] != '-') return std::nullopt;
  const auto day = parse_digits(text.substr(8, 2), 2);
  if (!day || *day < 1 || *day > days_in_month(date.year, date.month)) return std::nullopt;
  date.day = *day;
  return date;
}

std::string iso(int year, int month, int day) { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

// The first day a partial date covers: 2025-12 -> 2025-12-01.
std::string first_day(const PartialDate& date) {
  return iso(date.year, date.month == 0 ? 1 : date.month, date.day == 0 ? 1 : date.day);
}

// The last day a partial date covers: 2024-02 -> 2024-02-29, 2025 -> 2025-12-31.
std::string last_day(const PartialDate& date) {
  const int month = date.month == 0 ? 12 : date.month;
  return iso(date.year, month, date.day == 0 ? days_in_month(date.year, month) : date.day);
}

// An edge's time interval as xs:date strings; `start` empty when undated,
// `end` empty when open.
struct Interval {
  std::string start;
  std::string end;
};

Interval interval_of(const EdgeProperties& edge) {
  Interval interval;
  const auto first = parse_date(edge.first_seen);
  if (!first) return interval;
  interval.start = first_day(*first);
  if (edge.last_seen == edge.first_seen) return interval;
  if (const auto last = parse_date(edge.last_seen)) {
    // ISO dates with four-digit years order as strings; an end before the
    // start would make Gephi reject the interval.
    if (std::string end = last_day(*last); end >= interval.start) interval.end = std::move(end);
  }
  return interval;
}

std::string time_attributes(const Interval& interval) {
  std::string text;
  if (!interval.start.empty()) text += " start=\"" + interval.start + "\"";
  if (!interval.end.empty()) text += " end=\"" + interval.end + "\"";
  return text;
}

void declare(std::ostream& out, std::string_view for_class, const auto& attributes) {
  out << "    <attributes class=\"" << for_class << "\" mode=\"static\">\n";
  for (const Attribute& attribute : attributes) {
    out << fmt::format("      <attribute id=\"{0}\" title=\"{0}\" type=\"{1}\"/>\n", attribute.id, attribute.type);
  }
  out << "    </attributes>\n";
}

void attvalue(std::ostream& out, std::string_view id, std::string_view value) {
  out << "          <attvalue for=\"" << id << "\" value=\"" << xml_escape(value) << "\"/>\n";
}

}  // namespace

void write_gexf(const KnowledgeGraph& knowledge, std::ostream& out, const GexfOptions& options) {
  const Graph& graph = knowledge.graph;

  // Edge intervals, and each node's start: the earliest start of its edges.
  std::vector<Interval> intervals;
  std::vector<std::string> node_start(boost::num_vertices(graph));
  if (options.dynamic) {
    intervals.reserve(boost::num_edges(graph));
    for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
      Interval interval = interval_of(graph[edge]);
      if (!interval.start.empty()) {
        for (auto vertex : {boost::source(edge, graph), boost::target(edge, graph)}) {
          std::string& start = node_start[vertex];
          if (start.empty() || interval.start < start) start = interval.start;
        }
      }
      intervals.push_back(std::move(interval));
    }
  }

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\"\n"
         "      xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "      xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
         "  <meta>\n"
         "    <creator>kgrep</creator>\n"
         "    <description>"
      << xml_escape(
             "Knowledge graph extracted by kgrep: nodes are entities (id = entity id), edges are facts "
             "subject -> object (kind = relation, weight = supporting mentions)")
      << "</description>\n"
         "  </meta>\n";
  out << (options.dynamic ? "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n"
                          : "  <graph mode=\"static\" defaultedgetype=\"directed\">\n");
  declare(out, "node", kNodeAttributes);
  declare(out, "edge", kEdgeAttributes);

  out << "    <nodes count=\"" << boost::num_vertices(graph) << "\">\n";
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    out << "      <node id=\"" << xml_escape(node.id) << "\" label=\"" << xml_escape(node.label) << "\""
        << time_attributes({options.dynamic ? node_start[vertex] : std::string(), {}}) << ">\n"
        << "        <attvalues>\n";
    attvalue(out, "type", node.type);
    attvalue(out, "aliases", join_list(node.aliases));
    attvalue(out, "mentions", std::to_string(node.mentions));
    attvalue(out, "discovered", node.discovered ? "true" : "false");
    attvalue(out, "entity_id", node.id);
    out << "        </attvalues>\n";
    const TypeStyle& style = style_of(node.type);
    out << fmt::format("        <viz:color r=\"{}\" g=\"{}\" b=\"{}\" a=\"1.0\"/>\n", unsigned{style.r},
                       unsigned{style.g}, unsigned{style.b});
    const auto degree = boost::in_degree(vertex, graph) + boost::out_degree(vertex, graph);
    out << fmt::format("        <viz:size value=\"{:.2f}\"/>\n", 10.0 + 4.0 * std::sqrt(static_cast<double>(degree)));
    out << "      </node>\n";
  }
  out << "    </nodes>\n";

  out << "    <edges count=\"" << boost::num_edges(graph) << "\">\n";
  std::size_t edge_number = 0;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& properties = graph[edge];
    const std::string relation = xml_escape(properties.relation);
    out << fmt::format(
        "      <edge id=\"e{}\" source=\"{}\" target=\"{}\" label=\"{}\" kind=\"{}\" weight=\"{}\"{}>\n", edge_number,
        xml_escape(graph[boost::source(edge, graph)].id), xml_escape(graph[boost::target(edge, graph)].id), relation,
        relation, format_number(properties.weight), options.dynamic ? time_attributes(intervals[edge_number]) : "");
    out << "        <attvalues>\n";
    attvalue(out, "relation", properties.relation);
    attvalue(out, "role", join_list(properties.roles));
    attvalue(out, "confidence", format_number(properties.confidence));
    attvalue(out, "first_seen", properties.first_seen);
    attvalue(out, "last_seen", properties.last_seen);
    attvalue(out, "docs", join_list(properties.docs));
    attvalue(out, "evidence", properties.evidence.sentence_text);
    attvalue(out, "rules", join_list(properties.rules));
    out << "        </attvalues>\n"
        << "      </edge>\n";
    ++edge_number;
  }
  out << "    </edges>\n"
         "  </graph>\n"
         "</gexf>\n";
}

}  // namespace kgrep
