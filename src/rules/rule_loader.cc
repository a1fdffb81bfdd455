#include <fmt/format.h>
#include <fmt/ranges.h>
#include <re2/re2.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "kgrep/rules.h"
#include "kgrep/text.h"
#include "rules/pack_checks.h"
#include "rules/placeholders.h"
#include "rules/toml_locations.h"

namespace kgrep {

bool is_entity_type(std::string_view type) {
  return std::find(std::begin(kEntityTypes), std::end(kEntityTypes), type) != std::end(kEntityTypes);
}

bool name_is_case_sensitive(const EntityRule& entity) {
  return std::find(entity.case_sensitive_aliases.begin(), entity.case_sensitive_aliases.end(), entity.name) !=
         entity.case_sensitive_aliases.end();
}

std::string placeholder_token(std::string_view type, std::size_t mention_index) {
  return fmt::format("\x01{}#{}\x02", type, mention_index);
}

std::vector<std::size_t> placeholder_indices(std::string_view text) {
  std::vector<std::size_t> indices;
  for (std::size_t pos = text.find('\x01'); pos != std::string_view::npos; pos = text.find('\x01', pos + 1)) {
    const std::size_t hash = text.find('#', pos);
    const std::size_t end = text.find('\x02', pos);
    if (hash == std::string_view::npos || end == std::string_view::npos || hash > end) break;
    std::size_t index = 0;
    for (std::size_t k = hash + 1; k < end; ++k) index = index * 10 + static_cast<std::size_t>(text[k] - '0');
    indices.push_back(index);
  }
  return indices;
}

namespace {

using rules_detail::locate_in_string;

bool is_slug(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (std::size_t k = 0; k < id.size(); ++k) {
    const char ch = id[k];
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch == '-' && id[k - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

bool is_relation_name(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

// Loads one file's tables into the pack; collects diagnostics as it goes.
class FileLoader {
 public:
  // A `trusted` file's regexes are not compiled (see load_rule_sources).
  FileLoader(const RuleSource& source, bool trusted, RulePack& pack, std::vector<Diagnostic>& diagnostics)
      : source_(source), trusted_(trusted), pack_(pack), diagnostics_(diagnostics) {}

  void load() {
    toml::table root;
    try {
      root = toml::parse(source_.content, source_.name);
    } catch (const toml::parse_error& error) {
      const auto& begin = error.source().begin;
      error_at({source_.name, begin.line, begin.column, std::nullopt}, "R001",
               fmt::format("TOML syntax error: {}", error.description()));
      return;
    }
    for (auto&& [key, value] : root) {
      const std::string_view name = key.str();
      if (name != "entity" && name != "pattern" && name != "relation" && name != "modifier") {
        error_at(loc(key.source()), "R002",
                 fmt::format("unknown top-level key '{}' (expected [[entity]], [[pattern]], [[relation]] or "
                             "[[modifier]])",
                             name));
        continue;
      }
      const toml::array* tables = value.as_array();
      if (tables == nullptr || !tables->is_array_of_tables()) {
        error_at(loc(value.source()), "R003", fmt::format("'{}' must be an array of tables: write [[{}]]", name, name));
        continue;
      }
      for (const toml::node& element : *tables) {
        const toml::table& table = *element.as_table();
        if (name == "entity")
          load_entity(table);
        else if (name == "pattern")
          load_pattern(table);
        else if (name == "relation")
          load_relation(table);
        else
          load_modifier(table);
      }
    }
  }

 private:
  SourceLoc loc(const toml::source_region& region) const {
    return SourceLoc{source_.name, region.begin.line, region.begin.column, std::nullopt};
  }

  void error_at(SourceLoc where, std::string code, std::string message) {
    diagnostics_.push_back(Diagnostic{Severity::kError, std::move(code), std::move(where), std::move(message)});
  }

  // Reports keys the table does not know, so a typo never silently disables a rule.
  void check_keys(const toml::table& table, std::initializer_list<std::string_view> known, std::string_view what) {
    for (auto&& [key, value] : table) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        std::string list;
        for (auto name : known) list += (list.empty() ? "" : ", ") + std::string(name);
        error_at(loc(key.source()), "R002",
                 fmt::format("unknown key '{}' in [[{}]] (known keys: {})", key.str(), what, list));
      }
    }
  }

  std::optional<std::string> string_key(const toml::table& table, std::string_view key, bool required,
                                        std::string_view what) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required)
        error_at(loc(table.source()), "R003", fmt::format("[[{}]] is missing required key '{}'", what, key));
      return std::nullopt;
    }
    if (const auto* value = node->as_string()) return value->get();
    error_at(loc(node->source()), "R003", fmt::format("'{}' must be a string", key));
    return std::nullopt;
  }

  std::vector<std::string> string_list(const toml::table& table, std::string_view key) {
    std::vector<std::string> values;
    const toml::node* node = table.get(key);
    if (node == nullptr) return values;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      error_at(loc(node->source()), "R003", fmt::format("'{}' must be an array of strings", key));
      return values;
    }
    for (const toml::node& element : *array) {
      if (const auto* value = element.as_string()) {
        if (value->get().find_first_not_of(" \t") == std::string::npos) {
          error_at(loc(element.source()), "R017", fmt::format("empty string in '{}'", key));
        } else {
          values.push_back(value->get());
        }
      } else {
        error_at(loc(element.source()), "R003", fmt::format("'{}' must hold only strings", key));
      }
    }
    return values;
  }

  std::map<std::string, std::string> attributes(const toml::table& table) {
    std::map<std::string, std::string> result;
    const toml::node* node = table.get("attributes");
    if (node == nullptr) return result;
    const toml::table* attributes_table = node->as_table();
    if (attributes_table == nullptr) {
      error_at(loc(node->source()), "R003", "'attributes' must be a table of strings, e.g. { kind = \"lab\" }");
      return result;
    }
    for (auto&& [key, value] : *attributes_table) {
      if (const auto* text = value.as_string())
        result[std::string(key.str())] = text->get();
      else
        error_at(loc(value.source()), "R003", fmt::format("attribute '{}' must be a string", key.str()));
    }
    return result;
  }

  bool check_id(const toml::table& table, const std::string& id, std::string_view what) {
    const SourceLoc where = loc(table.get("id")->source());
    if (!is_slug(id)) {
      error_at(where, "R004",
               fmt::format("{} id '{}' must be a lower-case slug like 'thinking-machines-lab'", what, id));
      return false;
    }
    return true;
  }

  void check_type(const toml::table& table, const std::string& type) {
    if (!is_entity_type(type)) {
      error_at(loc(table.get("type")->source()), "R007",
               fmt::format("unknown entity type '{}' (known: Organization, Person, Model, Product, Event, Place, "
                           "Amount, Date)",
                           type));
    }
  }

  void load_entity(const toml::table& table) {
    check_keys(table, {"id", "type", "name", "aliases", "case_sensitive_aliases", "attributes"}, "entity");
    EntityRule entity;
    entity.loc = loc(table.source());
    auto id = string_key(table, "id", true, "entity");
    auto type = string_key(table, "type", true, "entity");
    auto name = string_key(table, "name", true, "entity");
    entity.aliases = string_list(table, "aliases");
    entity.case_sensitive_aliases = string_list(table, "case_sensitive_aliases");
    entity.attributes = attributes(table);
    if (id) check_id(table, *id, "entity");
    if (type) check_type(table, *type);
    if (!id || !type || !name) return;
    entity.id = *id;
    entity.type = *type;
    entity.name = *name;
    pack_.entities.push_back(std::move(entity));
  }

  // Compiles `compiled` (the regex as written, or with its placeholders
  // expanded: `origin` maps expanded bytes back) and reports RE2's complaint at
  // the column of the regex as written, quoting only what the user wrote.
  void check_regex(const toml::table& table, const std::string& written, const std::string& compiled,
                   const std::vector<std::size_t>& origin, bool case_sensitive) {
    if (trusted_) return;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(case_sensitive);
    options.set_max_mem(kRegexMemoryBudget);
    RE2 re(compiled, options);
    if (re.ok()) return;
    const auto& begin = table.get("regex")->source().begin;
    if (re.error_code() == RE2::ErrorPatternTooLarge) {
      error_at(locate_in_string(source_.name, source_.content, begin.line, begin.column, 0), "R019",
               fmt::format("the regex needs more than RE2's memory budget of {} MB to compile ({}): use smaller "
                           "repetition counts or fewer alternatives, or split the rule",
                           kRegexMemoryBudget >> 20, re.error()));
      return;
    }
    std::string message = re.error();
    const std::string& fragment = re.error_arg();
    std::size_t offset = 0;
    if (const auto colon = message.find(": "); colon != std::string::npos) message.resize(colon);
    if (re.error_code() == RE2::ErrorMissingParen) {
      offset = unmatched_paren(written);
    } else if (const std::size_t at = fragment.empty() ? std::string::npos : compiled.find(fragment);
               at != std::string::npos) {
      offset = origin.empty() ? at : origin[std::min(at, origin.size() - 1)];
      const std::size_t end =
          origin.empty() ? at + fragment.size() : origin[std::min(at + fragment.size(), origin.size() - 1)];
      if (end > offset) message += ": " + written.substr(offset, end - offset);
    }
    error_at(locate_in_string(source_.name, source_.content, begin.line, begin.column, offset), "R008",
             fmt::format("RE2 rejects the regex: {}", message));
  }

  // Offset of the '(' that is never closed (escapes and classes skipped).
  static std::size_t unmatched_paren(std::string_view regex) {
    std::vector<std::size_t> open;
    bool in_class = false;
    for (std::size_t k = 0; k < regex.size(); ++k) {
      const char ch = regex[k];
      if (ch == '\\') {
        ++k;
      } else if (in_class) {
        in_class = ch != ']';
      } else if (ch == '[') {
        in_class = true;
      } else if (ch == '(') {
        open.push_back(k);
      } else if (ch == ')' && !open.empty()) {
        open.pop_back();
      }
    }
    return open.empty() ? 0 : open.back();
  }

  // An optional boolean key; a wrong type is an error and leaves `value` as is.
  void bool_key(const toml::table& table, std::string_view key, bool& value) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return;
    if (const auto* flag = node->as_boolean())
      value = flag->get();
    else
      error_at(loc(node->source()), "R003", fmt::format("'{}' must be true or false", key));
  }

  // An optional `confidence` in (0, 1].
  void confidence_key(const toml::table& table, double& value) {
    const toml::node* node = table.get("confidence");
    if (node == nullptr) return;
    const std::optional<double> number = node->value<double>();
    if (!number || *number <= 0.0 || *number > 1.0)
      error_at(loc(node->source()), "R013", "'confidence' must be a number in (0, 1]");
    else
      value = *number;
  }

  void load_pattern(const toml::table& table) {
    check_keys(table, {"id", "type", "regex", "name", "normalize", "case_sensitive", "link", "attributes"}, "pattern");
    PatternRule pattern;
    pattern.loc = loc(table.source());
    auto id = string_key(table, "id", true, "pattern");
    auto type = string_key(table, "type", true, "pattern");
    auto regex = string_key(table, "regex", true, "pattern");
    pattern.name_template = string_key(table, "name", false, "pattern").value_or("");
    pattern.normalizer = string_key(table, "normalize", false, "pattern").value_or("");
    pattern.attributes = attributes(table);
    bool_key(table, "case_sensitive", pattern.case_sensitive);
    if (!pattern.normalizer.empty() && pattern.normalizer != "amount") {
      error_at(loc(table.get("normalize")->source()), "R012",
               fmt::format("unknown normalizer '{}' (known: amount)", pattern.normalizer));
    }
    if (const toml::node* node = table.get("link")) {
      const toml::table* link = node->as_table();
      if (link == nullptr) {
        error_at(loc(node->source()), "R003",
                 "'link' must be a table like { relation = \"develops\", from = \"anthropic\" }");
      } else {
        check_keys(*link, {"relation", "from"}, "pattern.link");
        auto relation = string_key(*link, "relation", true, "pattern.link");
        auto from = string_key(*link, "from", true, "pattern.link");
        if (relation && !is_relation_name(*relation)) {
          error_at(loc(link->get("relation")->source()), "R003",
                   fmt::format("relation '{}' must be lower_snake_case", *relation));
        }
        if (relation && from) {
          pattern.link = PatternLink{*relation, *from, loc(link->get("from")->source())};
        }
      }
    }
    if (id) check_id(table, *id, "pattern");
    if (type) check_type(table, *type);
    if (regex && !trusted_) {
      check_regex(table, *regex, *regex, {}, pattern.case_sensitive);
      RE2::Options options;
      options.set_log_errors(false);
      RE2 re(*regex, options);
      const int groups = re.ok() ? re.NumberOfCapturingGroups() : 99;
      for (std::size_t pos = pattern.name_template.find('$'); pos != std::string::npos;
           pos = pattern.name_template.find('$', pos + 1)) {
        if (pos + 1 < pattern.name_template.size() &&
            std::isdigit(static_cast<unsigned char>(pattern.name_template[pos + 1]))) {
          const int group = pattern.name_template[pos + 1] - '0';
          if (group > groups) {
            error_at(loc(table.get("name")->source()), "R016",
                     fmt::format("name refers to ${} but the regex has {} capture group(s)", group, groups));
          }
        }
      }
    }
    if (!id || !type || !regex) return;
    pattern.id = *id;
    pattern.type = *type;
    pattern.regex = *regex;
    pack_.patterns.push_back(std::move(pattern));
  }

  void load_relation(const toml::table& table) {
    check_keys(
        table,
        {"id", "lang", "regex", "relation", "emit", "role", "confidence", "case_sensitive", "unless", "modifiers"},
        "relation");
    RelationRule rule;
    rule.loc = loc(table.source());
    auto id = string_key(table, "id", true, "relation");
    auto regex = string_key(table, "regex", true, "relation");
    rule.lang = string_key(table, "lang", false, "relation").value_or("");
    rule.role = string_key(table, "role", false, "relation").value_or("");
    auto relation = string_key(table, "relation", false, "relation");
    rule.unless = string_list(table, "unless");
    confidence_key(table, rule.confidence);
    bool_key(table, "case_sensitive", rule.case_sensitive);
    bool_key(table, "modifiers", rule.modifiers);
    if (id) check_id(table, *id, "relation");

    std::vector<SourceLoc> emit_locations;
    if (relation) {
      rule.emits.push_back(RelationEmit{*relation, "subject", "object", {}, {}, {}, {}});
      emit_locations.push_back(loc(table.get("relation")->source()));
    }
    if (const toml::node* node = table.get("emit")) {
      const toml::array* emits = node->as_array();
      if (relation) error_at(loc(node->source()), "R015", "give either 'relation' or 'emit', not both");
      if (emits == nullptr || !emits->is_array_of_tables()) {
        error_at(loc(node->source()), "R003",
                 "'emit' must be an array of tables like [{ relation = \"left\", subject = "
                 "\"who\", object = \"from\" }]");
      } else {
        for (const toml::node& element : *emits) {
          const toml::table& emit = *element.as_table();
          check_keys(emit, {"relation", "subject", "object"}, "relation.emit");
          auto emit_relation = string_key(emit, "relation", true, "relation.emit");
          auto subject = string_key(emit, "subject", true, "relation.emit");
          auto object = string_key(emit, "object", true, "relation.emit");
          if (emit_relation && subject && object) {
            rule.emits.push_back(RelationEmit{*emit_relation, *subject, *object, {}, {}, {}, {}});
            emit_locations.push_back(loc(emit.source()));
          }
        }
      }
    }
    if (!relation && table.get("emit") == nullptr) {
      error_at(rule.loc, "R015",
               "[[relation]] needs 'relation' (with placeholders named subject and object) or 'emit'");
    }
    for (std::size_t k = 0; k < rule.emits.size(); ++k) {
      if (!is_relation_name(rule.emits[k].relation)) {
        error_at(emit_locations[k], "R003",
                 fmt::format("relation '{}' must be lower_snake_case", rule.emits[k].relation));
      }
      split_side(rule.emits[k].subject, rule.emits[k].subject_attribute, rule.emits[k].subject_context,
                 emit_locations[k]);
      split_side(rule.emits[k].object, rule.emits[k].object_attribute, rule.emits[k].object_context, emit_locations[k]);
      if (!rule.emits[k].subject_context.empty() && !rule.emits[k].object_context.empty()) {
        error_at(emit_locations[k], "R018", "only one side of a fact can come from the context");
      }
    }
    if (!regex) return;
    std::vector<rules_detail::PlaceholderError> errors;
    rules_detail::ExpandedRegex expanded = rules_detail::expand_placeholders(*regex, errors);
    const auto& begin = table.get("regex")->source().begin;
    for (const auto& error : errors) {
      error_at(locate_in_string(source_.name, source_.content, begin.line, begin.column, error.offset), error.code,
               error.message);
    }
    if (errors.empty()) check_regex(table, *regex, expanded.regex, expanded.origin, rule.case_sensitive);
    for (std::size_t k = 0; k < rule.emits.size(); ++k) {
      for (const std::string* name : {&rule.emits[k].subject, &rule.emits[k].object}) {
        if (name->empty()) continue;  // a context side binds no placeholder
        const bool known = std::any_of(expanded.placeholders.begin(), expanded.placeholders.end(),
                                       [&](const Placeholder& placeholder) { return placeholder.name == *name; });
        if (!known && errors.empty()) {
          error_at(
              emit_locations[k], "R010",
              fmt::format("the regex has no placeholder named '{}' (write {{Type:{}}} in the regex)", *name, *name));
        }
      }
    }
    if (!id) return;
    rule.id = *id;
    rule.regex = *regex;
    rule.compiled_regex = std::move(expanded.regex);
    rule.placeholders = std::move(expanded.placeholders);
    pack_.relations.push_back(std::move(rule));
  }

  void load_modifier(const toml::table& table) {
    check_keys(table, {"id", "lang", "regex", "effect", "confidence"}, "modifier");
    ModifierRule rule;
    rule.loc = loc(table.source());
    auto id = string_key(table, "id", true, "modifier");
    auto regex = string_key(table, "regex", true, "modifier");
    auto effect = string_key(table, "effect", true, "modifier");
    rule.lang = string_key(table, "lang", false, "modifier").value_or("");
    if (id) check_id(table, *id, "modifier");
    if (effect && *effect != "drop" && *effect != "hedge") {
      error_at(loc(table.get("effect")->source()), "R003",
               fmt::format("effect '{}' must be \"drop\" (the fact is not stated) or \"hedge\" (it is stated "
                           "with doubt)",
                           *effect));
    }
    confidence_key(table, rule.confidence);
    if (regex) check_regex(table, *regex, *regex, {}, false);
    if (!id || !regex || !effect) return;
    rule.id = *id;
    rule.regex = *regex;
    rule.drop = *effect == "drop";
    pack_.modifiers.push_back(std::move(rule));
  }

  // "model.developer" -> placeholder "model", attribute "developer";
  // "context:Organization" -> no placeholder, context type "Organization".
  void split_side(std::string& side, std::string& attribute, std::string& context, const SourceLoc& where) {
    static constexpr std::string_view kContextPrefix = "context:";
    if (side.rfind(kContextPrefix, 0) == 0) {
      context = side.substr(kContextPrefix.size());
      side.clear();
      if (!is_entity_type(context)) {
        error_at(where, "R018",
                 fmt::format("'context:{}': a context side names an entity type (Organization, Person, Model, Product, "
                             "Event, Place)",
                             context));
      }
      return;
    }
    const auto dot = side.find('.');
    if (dot == std::string::npos) return;
    attribute = side.substr(dot + 1);
    side.resize(dot);
    const bool known = std::find(std::begin(kEntityReferenceAttributes), std::end(kEntityReferenceAttributes),
                                 attribute) != std::end(kEntityReferenceAttributes);
    if (!known) {
      error_at(where, "R018",
               fmt::format("'{}.{}': only attributes that name an entity can stand for a side ({})", side, attribute,
                           fmt::join(kEntityReferenceAttributes, ", ")));
    }
  }

  const RuleSource& source_;
  bool trusted_;
  RulePack& pack_;
  std::vector<Diagnostic>& diagnostics_;
};

}  // namespace

RuleLoadResult load_rule_sources(const std::vector<RuleSource>& sources) {
  RuleLoadResult result;
  RulePack pack;
  if (sources.empty()) {
    result.diagnostics.push_back(Diagnostic{Severity::kError, "R014", {}, "the rule pack holds no .toml files"});
    return result;
  }
  // The default pack's files as embedded in the binary: the test suite
  // compiles their regexes ("The embedded pack passes every check"), and
  // compiling them here again would cost a third of kgrep's start-up. A file
  // of another name or content is checked in full.
  const std::vector<RuleSource> embedded = default_rule_sources();
  for (const RuleSource& source : sources) {
    const bool trusted = std::any_of(embedded.begin(), embedded.end(), [&](const RuleSource& file) {
      return file.name == source.name && file.content == source.content;
    });
    FileLoader(source, trusted, pack, result.diagnostics).load();
    pack.files.push_back(source.name);
  }
  rules_detail::check_limits(pack, result.diagnostics);
  rules_detail::check_pack(pack, result.diagnostics);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.column) < std::tie(b.loc.file, b.loc.line, b.loc.column);
  });
  const bool has_error = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
  if (!has_error) result.pack = std::move(pack);
  return result;
}

std::vector<RuleSource> read_rule_directory(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) throw Error(fmt::format("{}: rule pack directory not found", directory));
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".toml" && entry.is_regular_file()) files.push_back(entry.path());
  }
  if (error) throw Error(fmt::format("{}: cannot read rule pack directory: {}", directory, error.message()));
  std::sort(files.begin(), files.end());
  std::vector<RuleSource> sources;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) throw Error(fmt::format("{}: cannot read rule file", file.generic_string()));
    sources.push_back(RuleSource{file.generic_string(), std::move(content).str()});
  }
  return sources;
}

RuleLoadResult load_rule_directory(const std::string& directory) {
  return load_rule_sources(read_rule_directory(directory));
}

RuleLoadResult load_default_rules() { return load_rule_sources(default_rule_sources()); }

}  // namespace kgrep
