#include <fmt/format.h>

#include "io/escape.h"
#include "kgrep/io.h"

namespace kgrep {

namespace {

std::string quoted(std::string_view text) { return "\"" + json_escape(text) + "\""; }

std::string string_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t k = 0; k < values.size(); ++k) out += (k ? "," : "") + quoted(values[k]);
  return out + "]";
}

std::string string_object(const std::map<std::string, std::string>& values) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : values) {
    out += (first ? "" : ",") + quoted(key) + ":" + quoted(value);
    first = false;
  }
  return out + "}";
}

std::string count_object(const std::vector<std::pair<std::string, long>>& counts) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, count] : counts) {
    out += fmt::format("{}{}:{}", first ? "" : ",", quoted(key), count);
    first = false;
  }
  return out + "}";
}

std::string evidence_fields(const Evidence& evidence) {
  return fmt::format("\"doc\":{},\"date\":{},\"begin\":{},\"end\":{},\"rule\":{},\"sentence\":{}",
                     quoted(evidence.doc_id), quoted(evidence.date), evidence.sentence.begin, evidence.sentence.end,
                     quoted(evidence.rule_id), quoted(evidence.sentence_text));
}

std::string support_array(const std::vector<Support>& support) {
  std::string out = "[";
  for (std::size_t k = 0; k < support.size(); ++k) {
    out += fmt::format("{}{{{},\"role\":{},\"confidence\":{}}}", k ? "," : "", evidence_fields(support[k].evidence),
                       quoted(support[k].role), format_number(support[k].confidence));
  }
  return out + "]";
}

}  // namespace

void write_facts(const KnowledgeGraph& knowledge, std::ostream& out) {
  const Graph& graph = knowledge.graph;
  out << fmt::format("{{\"kgrep\":\"facts\",\"version\":{}}}\n",
                     knowledge.document_hashes ? kFactsVersionWithDocumentHashes : kFactsVersion);
  if (knowledge.document_hashes) {
    std::string hex;
    hex.reserve(16 * knowledge.document_hashes->size());
    for (const std::uint64_t hash : *knowledge.document_hashes)
      fmt::format_to(std::back_inserter(hex), "{:016x}", hash);
    out << fmt::format("{{\"record\":\"documents\",\"count\":{},\"hashes\":\"{}\"}}\n",
                       knowledge.document_hashes->size(), hex);
  }
  for (auto vertex : boost::make_iterator_range(boost::vertices(graph))) {
    const NodeProperties& node = graph[vertex];
    out << fmt::format(
        "{{\"record\":\"entity\",\"id\":{},\"label\":{},\"type\":{},\"aliases\":{},\"attributes\":{},"
        "\"mentions\":{},\"discovered\":{},\"mentioned_in\":{}}}\n",
        quoted(node.id), quoted(node.label), quoted(node.type), string_array(node.aliases),
        string_object(node.attributes), node.mentions, node.discovered ? "true" : "false",
        count_object(node.document_mentions));
  }
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const EdgeProperties& fact = graph[edge];
    out << fmt::format(
        "{{\"record\":\"fact\",\"subject\":{},\"relation\":{},\"object\":{},\"roles\":{},\"weight\":{},"
        "\"confidence\":{},\"first_seen\":{},\"last_seen\":{},\"docs\":{},\"rules\":{},"
        "\"evidence\":{{{}}},\"support\":{}}}\n",
        quoted(graph[boost::source(edge, graph)].id), quoted(fact.relation),
        quoted(graph[boost::target(edge, graph)].id), string_array(fact.roles), format_number(fact.weight),
        format_number(fact.confidence), quoted(fact.first_seen), quoted(fact.last_seen), string_array(fact.docs),
        string_array(fact.rules), evidence_fields(fact.evidence), support_array(fact.support));
  }
}

}  // namespace kgrep
