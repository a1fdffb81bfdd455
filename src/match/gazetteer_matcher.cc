#include <unordered_map>

#include "kgrep/match.h"

namespace kgrep {

namespace {

// The key of the k-th token of a name: its folded text, prefixed (after the
// first token) by how it was separated from the previous one.
std::string token_key(const Token& token, bool first, std::string_view text) {
  std::string key;
  if (!first) key += token.space_before ? ' ' : '\x1F';
  key += text.empty() ? token.folded : std::string(text);
  return key;
}

struct AliasEntry {
  std::size_t entity = 0;  // index into entities
  bool case_sensitive = false;
  std::vector<std::string> exact_tokens;  // the alias's tokens as written (case-sensitive aliases)
};

struct TrieNode {
  std::unordered_map<std::string, std::uint32_t> children;
  std::vector<AliasEntry> entries;
};

}  // namespace

struct GazetteerMatcher::Impl {
  std::vector<TrieNode> nodes{1};
  std::vector<const EntityRule*> entities;
  std::vector<EntityRule> owned;
  std::size_t aliases = 0;

  void add(std::size_t entity, std::string_view alias, bool case_sensitive) {
    const NormalizedText normalized = normalize(alias);
    const std::vector<Token> tokens = tokenize(normalized.text);
    if (tokens.empty()) return;
    std::uint32_t node = 0;
    AliasEntry entry{entity, case_sensitive, {}};
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const std::string key = token_key(tokens[k], k == 0, {});
      auto found = nodes[node].children.find(key);
      if (found == nodes[node].children.end()) {
        nodes.emplace_back();
        const auto created = static_cast<std::uint32_t>(nodes.size() - 1);
        nodes[node].children.emplace(key, created);
        node = created;
      } else {
        node = found->second;
      }
      entry.exact_tokens.push_back(normalized.text.substr(tokens[k].span.begin, tokens[k].span.size()));
    }
    for (const AliasEntry& existing : nodes[node].entries) {
      if (existing.entity == entity && existing.case_sensitive == case_sensitive &&
          existing.exact_tokens == entry.exact_tokens)
        return;
    }
    // An exact-case alias is the more specific claim, so it is tried first.
    auto& entries = nodes[node].entries;
    entries.insert(case_sensitive ? entries.begin() : entries.end(), std::move(entry));
    ++aliases;
  }

  // Whether an alias entry accepts the tokens [first, last] of the text.
  static bool accepts(const AliasEntry& entry, const AnalyzedText& text, std::size_t first) {
    if (!entry.case_sensitive) return true;
    for (std::size_t k = 0; k < entry.exact_tokens.size(); ++k) {
      const Span span = text.tokens[first + k].span;
      if (text.normalized.text.compare(span.begin, span.size(), entry.exact_tokens[k]) != 0) return false;
    }
    return true;
  }
};

GazetteerMatcher::GazetteerMatcher(const RulePack& pack) : impl_(std::make_unique<Impl>()) {
  impl_->owned = pack.entities;
  for (std::size_t k = 0; k < impl_->owned.size(); ++k) {
    const EntityRule& entity = impl_->owned[k];
    impl_->entities.push_back(&entity);
    if (!name_is_case_sensitive(entity)) impl_->add(k, entity.name, false);
    for (const auto& alias : entity.aliases) impl_->add(k, alias, false);
    for (const auto& alias : entity.case_sensitive_aliases) impl_->add(k, alias, true);
  }
}

GazetteerMatcher::~GazetteerMatcher() = default;

std::size_t GazetteerMatcher::alias_count() const { return impl_->aliases; }

void GazetteerMatcher::find(const AnalyzedText& text, std::vector<Mention>& out) const {
  const auto& nodes = impl_->nodes;
  const auto& tokens = text.tokens;
  for (std::size_t first = 0; first < tokens.size(); ++first) {
    std::uint32_t node = 0;
    const AliasEntry* best = nullptr;
    std::size_t best_last = 0;
    for (std::size_t last = first; last < tokens.size(); ++last) {
      const auto found = nodes[node].children.find(token_key(tokens[last], last == first, {}));
      if (found == nodes[node].children.end()) break;
      node = found->second;
      for (const AliasEntry& entry : nodes[node].entries) {
        if (Impl::accepts(entry, text, first)) {
          best = &entry;
          best_last = last;
          break;
        }
      }
    }
    if (best == nullptr) continue;
    const EntityRule& entity = impl_->owned[best->entity];
    Mention mention;
    mention.span = Span{tokens[first].span.begin, tokens[best_last].span.end};
    mention.entity_id = entity.id;
    mention.type = entity.type;
    mention.name = entity.name;
    mention.rule_id = entity.id;
    mention.priority = 0;
    out.push_back(std::move(mention));
  }
}

}  // namespace kgrep
