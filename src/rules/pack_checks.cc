#include "rules/pack_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace kgrep::rules_detail {

void check_limits(const RulePack& pack, std::vector<Diagnostic>& diagnostics) {
  if (pack.entities.size() > kMaxEntityRules) {
    diagnostics.push_back(Diagnostic{
        Severity::kError, "R020", pack.entities[kMaxEntityRules].loc,
        fmt::format("the pack holds {} entities, over the limit of {}: give long lists of names as --gazetteer "
                    "files",
                    pack.entities.size(), kMaxEntityRules)});
  }
  std::vector<const SourceLoc*> regex_rules;
  for (const auto& pattern : pack.patterns) regex_rules.push_back(&pattern.loc);
  for (const auto& relation : pack.relations) regex_rules.push_back(&relation.loc);
  for (const auto& modifier : pack.modifiers) regex_rules.push_back(&modifier.loc);
  if (regex_rules.size() <= kMaxRegexRules) return;
  std::sort(regex_rules.begin(), regex_rules.end(), [](const SourceLoc* a, const SourceLoc* b) {
    return std::tie(a->file, a->line, a->column) < std::tie(b->file, b->line, b->column);
  });
  diagnostics.push_back(Diagnostic{
      Severity::kError, "R020", *regex_rules[kMaxRegexRules],
      fmt::format("the pack holds {} patterns, relations and modifiers, over the limit of {}: every one runs on "
                  "every document",
                  regex_rules.size(), kMaxRegexRules)});
}

void check_pack(const RulePack& pack, std::vector<Diagnostic>& diagnostics) {
  auto error_at = [&](SourceLoc where, std::string code, std::string message) {
    diagnostics.push_back(Diagnostic{Severity::kError, std::move(code), std::move(where), std::move(message)});
  };
  auto where = [](const SourceLoc& loc) { return fmt::format("{}:{}:{}", loc.file, loc.line, loc.column); };

  std::map<std::string, const SourceLoc*> ids;
  auto claim_id = [&](const std::string& kind, const std::string& id, const SourceLoc& loc) {
    auto [it, inserted] = ids.emplace(kind + ":" + id, &loc);
    if (!inserted)
      error_at(loc, "R005", fmt::format("duplicate {} id '{}' (first defined at {})", kind, id, where(*it->second)));
  };
  for (const auto& entity : pack.entities) claim_id("entity", entity.id, entity.loc);
  for (const auto& pattern : pack.patterns) claim_id("pattern", pattern.id, pattern.loc);
  for (const auto& relation : pack.relations) claim_id("relation", relation.id, relation.loc);
  for (const auto& modifier : pack.modifiers) claim_id("modifier", modifier.id, modifier.loc);

  // Two entities collide on a name when it folds the same and either matches
  // case-insensitively, or both match exactly and are written alike.
  struct Claim {
    const EntityRule* entity;
    std::string alias;
    bool case_sensitive;
    std::string exact;
  };
  std::map<std::string, std::vector<Claim>> claims;
  for (const auto& entity : pack.entities) {
    auto claim = [&](const std::string& alias, bool case_sensitive) {
      Claim mine{&entity, alias, case_sensitive, name_key(alias, true)};
      auto& same = claims[name_key(alias, false)];
      for (const Claim& other : same) {
        if (other.entity == &entity) continue;
        if (other.case_sensitive && case_sensitive && other.exact != mine.exact) continue;
        error_at(entity.loc, "R006",
                 fmt::format("alias '{}' of '{}' is already claimed by '{}' (as '{}', {})", alias, entity.id,
                             other.entity->id, other.alias, where(other.entity->loc)));
        return;
      }
      same.push_back(std::move(mine));
    };
    if (!name_is_case_sensitive(entity)) claim(entity.name, false);
    for (const auto& alias : entity.aliases) claim(alias, false);
    for (const auto& alias : entity.case_sensitive_aliases) claim(alias, true);
  }

  std::set<std::string> entity_ids;
  for (const auto& entity : pack.entities) entity_ids.insert(entity.id);
  for (const auto& entity : pack.entities) {
    for (std::string_view attribute : kEntityReferenceAttributes) {
      const auto value = entity.attributes.find(std::string(attribute));
      if (value != entity.attributes.end() && !entity_ids.count(value->second)) {
        error_at(entity.loc, "R011",
                 fmt::format("attribute {} of '{}' names '{}', which is no entity id of the pack", attribute, entity.id,
                             value->second));
      }
    }
  }
  for (const auto& pattern : pack.patterns) {
    if (pattern.link && !entity_ids.count(pattern.link->from)) {
      error_at(pattern.link->loc, "R011",
               fmt::format("link.from names '{}', which is no entity id of the pack", pattern.link->from));
    }
  }
}

}  // namespace kgrep::rules_detail
