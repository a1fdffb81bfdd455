#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "core/json_value.h"
#include "kgrep/io.h"

namespace kgrep {

namespace {

using json_value::Value;

class FactsReader {
 public:
  explicit FactsReader(std::string name) : name_(std::move(name)) {}

  KnowledgeGraph read(std::istream& in) {
    std::string line;
    bool header_seen = false;
    while (std::getline(in, line)) {
      ++line_number_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      Value record;
      json_value::ParseError error;
      if (!json_value::parse(line, record, error))
        throw Error(fmt::format("{}:{}:{}: not valid JSON: {}", name_, line_number_, error.offset + 1, error.message));
      if (record.kind != Value::Kind::kObject) fail(record, "a line must hold a JSON object");
      if (!header_seen) {
        check_header(record);
        header_seen = true;
        continue;
      }
      const std::string kind = string_field(record, "record", true);
      if (kind == "entity")
        read_entity(record);
      else if (kind == "fact")
        read_fact(record);
      else if (kind == "documents")
        read_documents(record);
      else
        fail(*record.find("record"), fmt::format("unknown record '{}' (known: entity, fact, documents)", kind));
    }
    if (!header_seen)
      throw Error(fmt::format("{}: empty: a facts stream opens with {{\"kgrep\":\"facts\",\"version\":{}}}", name_,
                              kFactsVersion));
    return assemble();
  }

 private:
  [[noreturn]] void fail(const Value& where, const std::string& message) const {
    throw Error(fmt::format("{}:{}:{}: {}", name_, line_number_, where.offset + 1, message));
  }

  void check_header(const Value& record) const {
    const Value* kgrep = record.find("kgrep");
    if (kgrep == nullptr || kgrep->kind != Value::Kind::kString || kgrep->text != "facts")
      fail(record,
           fmt::format("not a kgrep facts stream: the first line must be {{\"kgrep\":\"facts\",\"version\":{}}}",
                       kFactsVersion));
    const Value* version = record.find("version");
    if (version == nullptr || version->kind != Value::Kind::kNumber || version->number < 1 ||
        version->number > kFactsVersionWithDocumentHashes || version->number != std::floor(version->number))
      fail(version ? *version : record,
           fmt::format("unsupported facts stream version (this kgrep reads versions 1 to {})",
                       kFactsVersionWithDocumentHashes));
  }

  const Value* field(const Value& record, const char* key, Value::Kind kind, bool required) const {
    const Value* value = record.find(key);
    if (value == nullptr) {
      if (required) fail(record, fmt::format("'{}' is missing", key));
      return nullptr;
    }
    if (value->kind != kind)
      fail(*value, fmt::format("'{}' must be {}, not {}", key, json_value::kind_name(kind),
                               json_value::kind_name(value->kind)));
    return value;
  }

  std::string string_field(const Value& record, const char* key, bool required = false) const {
    const Value* value = field(record, key, Value::Kind::kString, required);
    if (required && value->text.empty()) fail(*value, fmt::format("'{}' is empty", key));
    return value ? value->text : "";
  }

  std::vector<std::string> string_list(const Value& record, const char* key) const {
    std::vector<std::string> values;
    const Value* list = field(record, key, Value::Kind::kArray, false);
    if (list == nullptr) return values;
    for (const Value& item : list->items) {
      if (item.kind != Value::Kind::kString) fail(item, fmt::format("'{}' must hold strings only", key));
      values.push_back(item.text);
    }
    return values;
  }

  double number_field(const Value& record, const char* key, double fallback, double low, double high) const {
    const Value* value = field(record, key, Value::Kind::kNumber, false);
    if (value == nullptr) return fallback;
    if (!(value->number >= low && value->number <= high))
      fail(*value, fmt::format("'{}' must lie between {} and {}", key, low, high));
    return value->number;
  }

  std::size_t offset_field(const Value& record, const char* key) const {
    const double value = number_field(record, key, 0, 0, 9e15);
    if (value != std::floor(value)) fail(*record.find(key), fmt::format("'{}' must be a whole number", key));
    return static_cast<std::size_t>(value);
  }

  // The members of `object`, a member of `record`, to move from.
  static std::vector<json_value::Member>& members_to_take(Value& record, const Value* object) {
    for (auto& member : record.members)
      if (&member.value == object) return member.value.members;
    throw std::logic_error("members_to_take: not a member of the record");
  }

  Evidence evidence_of(const Value& evidence) const {
    Evidence result;
    result.doc_id = string_field(evidence, "doc");
    result.date = string_field(evidence, "date");
    result.sentence.begin = offset_field(evidence, "begin");
    result.sentence.end = offset_field(evidence, "end");
    if (result.sentence.end < result.sentence.begin) fail(evidence, "the evidence 'end' lies before its 'begin'");
    result.rule_id = string_field(evidence, "rule");
    result.sentence_text = string_field(evidence, "sentence");
    return result;
  }

  std::vector<Support> support_of(const Value& record) const {
    std::vector<Support> support;
    const Value* list = field(record, "support", Value::Kind::kArray, false);
    if (list == nullptr) return support;
    for (const Value& item : list->items) {
      if (item.kind != Value::Kind::kObject) fail(item, "'support' must hold objects only");
      support.push_back({evidence_of(item), string_field(item, "role"), number_field(item, "confidence", 1, 0, 1)});
    }
    std::sort(support.begin(), support.end());
    support.erase(std::unique(support.begin(), support.end()), support.end());
    return support;
  }

  void read_entity(Value& record) {
    NodeProperties node;
    node.id = string_field(record, "id", true);
    node.label = record.find("label") ? string_field(record, "label") : node.id;
    node.type = string_field(record, "type");
    node.aliases = string_list(record, "aliases");
    if (const Value* attributes = field(record, "attributes", Value::Kind::kObject, false)) {
      for (const auto& [key, value] : attributes->members) {
        if (value.kind != Value::Kind::kString) fail(value, "'attributes' must map names to strings");
        node.attributes[key] = value.text;
      }
    }
    const double mentions = number_field(record, "mentions", 0, 0, 9e15);
    if (mentions != std::floor(mentions)) fail(*record.find("mentions"), "'mentions' must be a whole number");
    node.mentions = static_cast<long>(mentions);
    long documented = 0;
    if (const Value* documents = field(record, "mentioned_in", Value::Kind::kObject, false)) {
      // A facts stream lists a node's documents in order, so they are moved
      // (not copied: they are most of a corpus-sized stream) into the sorted
      // vector as they come; anything else is sorted first.
      std::vector<json_value::Member>& members = members_to_take(record, documents);
      bool in_order = true;
      for (std::size_t k = 0; k < members.size(); ++k) {
        const Value& count = members[k].value;
        if (count.kind != Value::Kind::kNumber || !(count.number >= 1 && count.number <= 9e15) ||
            count.number != std::floor(count.number))
          fail(count, "'mentioned_in' must map document ids to whole numbers from 1");
        documented += static_cast<long>(count.number);
        if (documented > 9'000'000'000'000'000) fail(count, "'mentioned_in' adds up to more than 9e15 mentions");
        in_order = in_order && (k == 0 || members[k - 1].key < members[k].key);
      }
      std::vector<std::size_t> order(members.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      if (!in_order) {
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return members[a].key < members[b].key; });
        for (std::size_t k = 1; k < order.size(); ++k) {
          if (members[order[k - 1]].key == members[order[k]].key)
            fail(members[order[k]].value, fmt::format("'mentioned_in' names '{}' twice", members[order[k]].key));
        }
      }
      node.document_mentions.reserve(members.size());
      for (const std::size_t k : order)
        node.document_mentions.emplace_back(std::move(members[k].key), static_cast<long>(members[k].value.number));
      if (record.find("mentions") == nullptr) node.mentions = documented;
      if (documented > node.mentions)
        fail(*record.find("mentions"),
             fmt::format("'mentions' is {}, fewer than the {} of 'mentioned_in'", node.mentions, documented));
    }
    if (const Value* discovered = field(record, "discovered", Value::Kind::kBool, false))
      node.discovered = discovered->boolean;
    const std::string id = node.id;
    if (!nodes_.emplace(id, std::move(node)).second)
      fail(*record.find("id"), fmt::format("a second entity line for '{}'", id));
  }

  void read_fact(const Value& record) {
    const std::string subject = string_field(record, "subject", true);
    const std::string object = string_field(record, "object", true);
    EdgeProperties edge;
    edge.relation = string_field(record, "relation", true);
    edge.roles = string_list(record, "roles");
    edge.weight = number_field(record, "weight", 1, 0, 1e15);
    edge.confidence = number_field(record, "confidence", 1, 0, 1);
    edge.first_seen = string_field(record, "first_seen");
    edge.last_seen = string_field(record, "last_seen");
    edge.docs = string_list(record, "docs");
    edge.rules = string_list(record, "rules");
    if (const Value* evidence = field(record, "evidence", Value::Kind::kObject, false))
      edge.evidence = evidence_of(*evidence);
    edge.support = support_of(record);
    if (record.find("weight") == nullptr) edge.weight = std::max(edge.weight, static_cast<double>(edge.support.size()));
    if (edge.weight != std::floor(edge.weight)) fail(*record.find("weight"), "'weight' must be a whole number");
    if (edge.weight < static_cast<double>(edge.support.size()))
      fail(*record.find("weight"),
           fmt::format("'weight' is {}, fewer than the {} statements of 'support'", edge.weight, edge.support.size()));
    auto key = std::make_tuple(subject, edge.relation, object);
    if (!edges_.emplace(key, std::move(edge)).second)
      fail(record, fmt::format("a second '{}' fact from '{}' to '{}'", std::get<1>(key), subject, object));
  }

  // The hashes of the documents behind the mention totals: 16 hex digits
  // each, ascending, as write_facts writes them.
  void read_documents(const Value& record) {
    if (document_hashes_) fail(record, "a second 'documents' line");
    const Value* hashes = field(record, "hashes", Value::Kind::kString, true);
    const std::string& hex = hashes->text;
    if (hex.size() % 16 != 0) fail(*hashes, "'hashes' must hold 16 hex digits a document");
    std::vector<std::uint64_t> values(hex.size() / 16);
    for (std::size_t k = 0; k < values.size(); ++k) {
      std::uint64_t value = 0;
      for (std::size_t digit = 16 * k; digit < 16 * k + 16; ++digit) {
        const char ch = hex[digit];
        const int nibble = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
        if (nibble < 0) fail(*hashes, fmt::format("'hashes' holds '{}', not a lower-case hex digit", ch));
        value = value << 4 | static_cast<std::uint64_t>(nibble);
      }
      if (value == 0 || (k > 0 && value <= values[k - 1]))
        fail(*hashes, fmt::format("'hashes' must be non-zero and ascending (document #{} is not)", k + 1));
      values[k] = value;
    }
    const double count = number_field(record, "count", static_cast<double>(values.size()), 0, 9e15);
    if (count != static_cast<double>(values.size()))
      fail(*record.find("count"), fmt::format("'count' is {}, but 'hashes' holds {}", count, values.size()));
    document_hashes_ = std::move(values);
  }

  KnowledgeGraph assemble() {
    for (const auto& [key, edge] : edges_) {
      for (const std::string* end : {&std::get<0>(key), &std::get<2>(key)}) {
        if (nodes_.count(*end)) continue;
        NodeProperties bare;
        bare.id = *end;
        bare.label = *end;
        nodes_.emplace(*end, std::move(bare));
      }
    }
    KnowledgeGraph result;
    result.document_hashes = std::move(document_hashes_);
    std::map<std::string, Graph::vertex_descriptor> vertex_of;
    for (auto& [id, node] : nodes_) vertex_of[id] = boost::add_vertex(std::move(node), result.graph);
    for (auto& [key, edge] : edges_)
      boost::add_edge(vertex_of[std::get<0>(key)], vertex_of[std::get<2>(key)], std::move(edge), result.graph);
    return result;
  }

  std::string name_;
  std::size_t line_number_ = 0;
  std::map<std::string, NodeProperties> nodes_;
  std::optional<std::vector<std::uint64_t>> document_hashes_;
  std::map<std::tuple<std::string, std::string, std::string>, EdgeProperties> edges_;
};

}  // namespace

KnowledgeGraph read_facts(std::istream& in, const std::string& name) { return FactsReader(name).read(in); }

KnowledgeGraph read_graph_file(const std::string& path) {
  std::ifstream file;
  std::istringstream buffered;
  std::istream* in = &file;
  if (path == "-") {
    // Standard input cannot rewind after the first character is seen.
    std::ostringstream bytes;
    bytes << std::cin.rdbuf();
    buffered.str(bytes.str());
    in = &buffered;
  } else {
    file.open(path, std::ios::binary);
    if (!file) throw Error(fmt::format("{}: cannot open the graph file", path));
  }
  const std::string name = path == "-" ? "<stdin>" : path;
  char first = '\0';
  while (in->get(first) && (first == ' ' || first == '\t' || first == '\r' || first == '\n')) {
  }
  if (!*in) first = '\0';
  in->clear();
  in->seekg(0);
  switch (first) {
    case '<':
      return read_graphml(*in, name);
    case '{':
      return read_facts(*in, name);
    default:
      throw Error(
          fmt::format("{}: not a graph kgrep wrote: expected GraphML (<graphml ...>) or a facts stream "
                      "(a JSON Lines file opening with {{\"kgrep\":\"facts\",...}})",
                      name));
  }
}

}  // namespace kgrep
