#include <algorithm>
#include <cstdint>

#include "core/huge_page_allocator.h"
#include "kgrep/match.h"
#include "match/entity_table.h"

namespace kgrep {

namespace {

using core_detail::HugePageVector;

std::uint64_t mix(std::uint64_t value) {
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdull;
  value ^= value >> 33;
  value *= 0xc4ceb9fe1a85ec53ull;
  value ^= value >> 33;
  return value;
}

// How the k-th token of a name joins the previous one: the first token has no
// separator; later ones are separated by white space or by nothing ("Z.ai").
enum Separator : std::uint8_t { kFirst = 0, kSpace = 1, kAdjacent = 2 };

Separator separator_of(bool first, bool space_before) { return first ? kFirst : space_before ? kSpace : kAdjacent; }

// A transition of the token trie: from `from`, a token with this folded text
// and separator leads to `to` (0: empty slot, the root is nobody's child).
struct Slot {
  std::uint64_t key = 0;
  std::uint32_t from = 0;
  std::uint32_t to = 0;
};

std::uint64_t transition_key(std::uint32_t from, Separator separator, std::uint64_t name_hash) {
  return mix(name_hash ^ (static_cast<std::uint64_t>(from) << 2 | separator));
}

struct AliasEntry {
  std::uint32_t entity = 0;
  std::uint32_t exact = 0;  // case-sensitive aliases: 1 + index of its exact tokens; 0: any case
};

// At least 32 bits an entry, so that what a filter does not hold passes at
// most one time in 32, within 2^14 and 2^20 bits (2 to 128 KB). The 8.8k
// pairs of the benchmark's 15.9k-name list filled a fixed 2^17 bits to 1 in 15.
unsigned filter_bits(std::size_t entries) {
  unsigned bits = 14;
  while (bits < 20 && (std::size_t{1} << bits) < entries * 32) ++bits;
  return bits;
}

}  // namespace

// One flat open-addressing table holds every transition of the trie, so the
// scan costs a hash and usually one probe per token whatever the number of
// names; the token text of each node is kept to rule out hash collisions.
struct GazetteerMatcher::Impl {
  HugePageVector<Slot> slots;
  std::uint64_t mask = 0;
  // The folded token that leads to node n is token_chars[token_begin[n],
  // token_begin[n + 1]); one buffer rather than a string a node.
  std::string token_chars;
  HugePageVector<std::uint32_t> token_begin{0};
  HugePageVector<Separator> node_separator;     // how the node's token joins the previous one
  HugePageVector<std::uint32_t> first_entry;    // entries of node n: [first_entry[n], first_entry[n + 1])
  HugePageVector<AliasEntry> entries;           // by node, in the order they are tried
  std::vector<std::vector<std::string>> exact;  // exact tokens of case-sensitive aliases
  // Bit filters (one bit per hash bucket) that answer from the L1 cache
  // what most tokens of a text get: no name begins here. First, whether any
  // name begins with the token; then, since a fifth of news tokens do ("the",
  // "first", "new"), whether the token is a name alone, or a name begins
  // with it and the next token. Only then are the trie's tables read.
  struct BitFilter {
    explicit BitFilter(unsigned bits) : words(std::size_t{1} << (bits - 6)), mask((std::uint64_t{1} << bits) - 1) {}
    std::vector<std::uint64_t> words;
    std::uint64_t mask;
    void set(std::uint64_t hash) { words[(hash & mask) / 64] |= std::uint64_t{1} << (hash & 63); }
    [[nodiscard]] bool test(std::uint64_t hash) const { return (words[(hash & mask) / 64] >> (hash & 63) & 1u) != 0; }
  };
  BitFilter first_tokens{17};  // 16 KB
  // These two sized by their entries (filter_bits): a token they let through
  // for nothing costs a read of the root table or of the large table of all
  // transitions.
  BitFilter alone{14};  // first tokens that end a name
  BitFilter pairs{14};  // first two tokens of a name, with how they join

  static std::uint64_t pair_hash(std::uint64_t first, Separator separator, std::uint64_t second) {
    return mix(first * 0x9e3779b97f4a7c15ull ^ second ^ separator);
  }
  // What the filters say of a name beginning at token `first`: whether one
  // may (`begins`), and whether it may go on past that token (`continues`).
  struct Start {
    bool begins = false;
    bool continues = false;
  };
  [[nodiscard]] bool may_begin_with(const Token& token) const { return first_tokens.test(mix(token.hash)); }
  // The rest of the filters, for a token that passed may_begin_with().
  [[nodiscard]] Start may_begin_name_at(const std::vector<Token>& tokens, std::size_t first) const {
    const std::uint64_t hash = tokens[first].hash;
    Start start;
    if (first + 1 < tokens.size()) {
      const Token& next = tokens[first + 1];
      start.continues = pairs.test(pair_hash(hash, separator_of(false, next.space_before), next.hash));
    }
    start.begins = start.continues || alone.test(mix(hash ^ 0x5bd1e995));
    return start;
  }

  explicit Impl(const RulePack& pack) : entities(pack.entities, false) {}
  using Entity = match_detail::EntityNames;
  match_detail::EntityTable entities;  // what a mention needs of each entity of the pack
  std::size_t aliases = 0;

  [[nodiscard]] std::size_t node_count() const { return node_separator.size(); }
  [[nodiscard]] std::string_view node_token(std::uint32_t node) const {
    return std::string_view(token_chars).substr(token_begin[node], token_begin[node + 1] - token_begin[node]);
  }

  [[nodiscard]] std::uint32_t child(std::uint32_t from, Separator separator, std::string_view token,
                                    std::uint64_t name_hash) const {
    const std::uint64_t key = transition_key(from, separator, name_hash);
    for (std::uint64_t k = key & mask;; k = (k + 1) & mask) {
      const Slot& slot = slots[k];
      if (slot.to == 0) return 0;
      // The full key first: the token text is read only for a likely hit.
      if (slot.key == key && slot.from == from && node_separator[slot.to] == separator && node_token(slot.to) == token)
        return slot.to;
    }
  }

  // The same as child() by the transition's key alone, leaving the token text
  // to verify_path(): a text token that begins no name costs one slot read.
  // Exact because no two transitions from one node share a key
  // (`key_collision` switches find() to child() should they ever).
  [[nodiscard]] std::uint32_t child_by_key(std::uint32_t from, Separator separator, std::uint64_t name_hash) const {
    const std::uint64_t key = transition_key(from, separator, name_hash);
    for (std::uint64_t k = key & mask;; k = (k + 1) & mask) {
      const Slot& slot = slots[k];
      if (slot.to == 0) return 0;
      if (slot.key == key && slot.from == from) return slot.to;
    }
  }
  bool key_collision = false;

  // The root's children again, in a table of their own: every text token that
  // passes the filters is looked up there, and these slots for the few
  // thousand first tokens of a large list stay in the L2 cache where the main
  // table (all transitions) does not.
  struct RootSlot {
    std::uint32_t check = 0;  // high half of the transition key
    std::uint32_t child = 0;  // 0: empty slot
  };
  std::vector<RootSlot> root_slots;
  std::uint64_t root_mask = 0;

  void build_root_table() {
    std::size_t children = 0;
    for (const Slot& slot : slots) children += slot.to != 0 && slot.from == 0;
    std::size_t size = 64;
    while (size < children * 2) size *= 2;
    root_slots.assign(size, RootSlot{});
    root_mask = size - 1;
    for (const Slot& slot : slots) {
      if (slot.to == 0 || slot.from != 0) continue;
      const auto check = static_cast<std::uint32_t>(slot.key >> 32);
      std::uint64_t k = slot.key & root_mask;
      for (; root_slots[k].child != 0; k = (k + 1) & root_mask)
        if (root_slots[k].check == check) key_collision = true;  // two first tokens a half-key apart
      root_slots[k] = RootSlot{check, slot.to};
    }
  }

  [[nodiscard]] const RootSlot* root_child(Separator separator, std::uint64_t name_hash) const {
    const std::uint64_t key = transition_key(0, separator, name_hash);
    const auto check = static_cast<std::uint32_t>(key >> 32);
    for (std::uint64_t k = key & root_mask;; k = (k + 1) & root_mask) {
      const RootSlot& slot = root_slots[k];
      if (slot.child == 0) return nullptr;
      if (slot.check == check) return &slot;
    }
  }

  void grow() {
    HugePageVector<Slot> old;
    old.swap(slots);
    slots.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
    mask = slots.size() - 1;
    for (const Slot& slot : old)
      if (slot.to != 0) place(slot);
  }

  void place(const Slot& slot) {
    std::uint64_t k = slot.key & mask;
    while (slots[k].to != 0) k = (k + 1) & mask;
    slots[k] = slot;
  }

  std::uint32_t add_child(std::uint32_t from, Separator separator, std::string_view token, std::uint64_t name_hash) {
    if (const std::uint32_t existing = child(from, separator, token, name_hash)) return existing;
    if (child_by_key(from, separator, name_hash) != 0) key_collision = true;
    if ((node_count() + 1) * 2 > slots.size()) grow();
    const auto created = static_cast<std::uint32_t>(node_count());
    token_chars += token;
    token_begin.push_back(static_cast<std::uint32_t>(token_chars.size()));
    node_separator.push_back(separator);
    place(Slot{transition_key(from, separator, name_hash), from, created});
    return created;
  }

  // Whether case-sensitive alias `entry` is written exactly as the tokens of
  // `text` from `first` on.
  [[nodiscard]] bool accepts(const AliasEntry& entry, const AnalyzedText& text, std::size_t first) const {
    if (entry.exact == 0) return true;
    const std::vector<std::string>& tokens = exact[entry.exact - 1];
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const Span span = text.tokens[first + k].span;
      if (text.normalized.text.compare(span.begin, span.size(), tokens[k]) != 0) return false;
    }
    return true;
  }
};

GazetteerMatcher::GazetteerMatcher(const RulePack& pack) : impl_(std::make_unique<Impl>(pack)) {
  Impl& impl = *impl_;
  impl.token_begin.push_back(0);  // the root's empty token
  impl.node_separator.push_back(kFirst);
  impl.grow();
  std::size_t alias_total = 0;
  std::size_t alias_bytes = 0;
  for (const EntityRule& entity : pack.entities) {
    alias_total += 1 + entity.aliases.size() + entity.case_sensitive_aliases.size();
    alias_bytes += entity.name.size();
    for (const auto& alias : entity.aliases) alias_bytes += alias.size();
  }
  // Upper bounds: reserved, not touched, so they cost no memory until used.
  impl.token_chars.reserve(alias_bytes);
  std::vector<std::pair<std::uint32_t, AliasEntry>> found;  // the node each alias ends at
  found.reserve(alias_total);
  auto add_token = [&](std::uint32_t node, bool first, bool space_before, std::string_view folded) {
    const std::uint64_t name_hash = token_hash(folded);
    if (first) impl.first_tokens.set(mix(name_hash));
    return impl.add_child(node, separator_of(first, space_before), folded, name_hash);
  };
  std::string key;  // reused from name to name
  // A caseless alias's tokens are those of its name_key: folded tokens joined
  // by ' ' (white space between them) or '\x1F' (none), bytes no token holds.
  auto add_caseless = [&](std::size_t entity, std::string_view alias) {
    name_key(alias, false, key);
    if (key.empty()) return;
    std::uint32_t node = 0;
    bool space_before = false;
    std::size_t begin = 0;
    for (std::size_t end = 0; end <= key.size(); ++end) {
      if (end < key.size() && key[end] != ' ' && key[end] != '\x1F') continue;
      node = add_token(node, begin == 0, space_before, std::string_view(key).substr(begin, end - begin));
      if (end < key.size()) space_before = key[end] == ' ';
      begin = end + 1;
    }
    found.emplace_back(node, AliasEntry{static_cast<std::uint32_t>(entity), 0});
  };
  std::vector<NameToken> tokens;
  auto add_exact = [&](std::size_t entity, std::string_view alias) {
    name_tokens(alias, tokens);
    if (tokens.empty()) return;
    std::uint32_t node = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k)
      node = add_token(node, k == 0, tokens[k].space_before, tokens[k].folded);
    std::vector<std::string> exact;
    for (const NameToken& token : tokens) exact.push_back(token.exact);
    impl.exact.push_back(std::move(exact));
    found.emplace_back(node,
                       AliasEntry{static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(impl.exact.size())});
  };
  for (std::size_t k = 0; k < pack.entities.size(); ++k) {
    const EntityRule& entity = pack.entities[k];
    if (!name_is_case_sensitive(entity)) add_caseless(k, entity.name);
    for (const auto& alias : entity.aliases) add_caseless(k, alias);
    for (const auto& alias : entity.case_sensitive_aliases) add_exact(k, alias);
  }
  // Entries grouped by node (a counting sort: a million aliases sort in one
  // pass). An exact-case alias is the more specific claim, so at one node those
  // are tried first, the latest added first; then the others in order.
  HugePageVector<std::uint32_t> group_start(impl.node_count() + 1, 0);
  for (const auto& [node, entry] : found) ++group_start[node + 1];
  for (std::size_t node = 1; node < group_start.size(); ++node) group_start[node] += group_start[node - 1];
  HugePageVector<AliasEntry> grouped(found.size());
  HugePageVector<std::uint32_t> next(group_start.begin(), group_start.end() - 1);
  for (auto it = found.rbegin(); it != found.rend(); ++it)
    if (it->second.exact != 0) grouped[next[it->first]++] = it->second;
  for (const auto& [node, entry] : found)
    if (entry.exact == 0) grouped[next[node]++] = entry;
  // Given back before the tables that stay are made: with a million names the
  // build's peak memory is here.
  std::vector<std::pair<std::uint32_t, AliasEntry>>().swap(found);
  HugePageVector<std::uint32_t>().swap(next);
  impl.first_entry.assign(impl.node_count() + 1, 0);
  impl.entries.reserve(grouped.size());
  for (std::uint32_t node = 0; node < impl.node_count(); ++node) {
    for (std::uint32_t k = group_start[node]; k < group_start[node + 1]; ++k) {
      const AliasEntry& entry = grouped[k];
      // One entity reached twice through spellings that fold alike (or, for
      // exact-case ones, are written alike) has one alias there.
      const auto group = impl.entries.end() - impl.first_entry[node + 1];
      if (std::any_of(group, impl.entries.end(), [&](const AliasEntry& other) {
            return other.entity == entry.entity &&
                   (other.exact == 0 ? entry.exact == 0
                                     : entry.exact != 0 && impl.exact[other.exact - 1] == impl.exact[entry.exact - 1]);
          }))
        continue;
      impl.entries.push_back(entry);
      ++impl.first_entry[node + 1];
    }
  }
  for (std::size_t node = 1; node < impl.first_entry.size(); ++node)
    impl.first_entry[node] += impl.first_entry[node - 1];
  impl.aliases = impl.entries.size();
  std::vector<std::uint64_t> node_hashes(impl.node_count());
  for (std::uint32_t node = 1; node < impl.node_count(); ++node) node_hashes[node] = token_hash(impl.node_token(node));
  impl.build_root_table();
  auto name_alone = [&](std::uint32_t node) {
    return impl.node_separator[node] == kFirst && impl.first_entry[node] != impl.first_entry[node + 1];
  };
  std::size_t names_alone = 0;
  for (std::uint32_t node = 1; node < impl.node_count(); ++node) names_alone += name_alone(node) ? 1 : 0;
  impl.alone = Impl::BitFilter(filter_bits(names_alone));
  for (std::uint32_t node = 1; node < impl.node_count(); ++node)
    if (name_alone(node)) impl.alone.set(mix(node_hashes[node] ^ 0x5bd1e995));
  auto second_level = [&](const Slot& slot) {
    return slot.to != 0 && slot.from != 0 && impl.node_separator[slot.from] == kFirst;
  };
  impl.pairs = Impl::BitFilter(
      filter_bits(static_cast<std::size_t>(std::count_if(impl.slots.begin(), impl.slots.end(), second_level))));
  for (const Slot& slot : impl.slots)
    if (second_level(slot))
      impl.pairs.set(Impl::pair_hash(node_hashes[slot.from], impl.node_separator[slot.to], node_hashes[slot.to]));
}

GazetteerMatcher::~GazetteerMatcher() = default;

std::size_t GazetteerMatcher::alias_count() const { return impl_->aliases; }

void match_detail::force_token_comparison(GazetteerMatcher& matcher) { matcher.impl_->key_collision = true; }

void GazetteerMatcher::find(const AnalyzedText& text, std::vector<Mention>& out) const {
  const Impl& impl = *impl_;
  const auto& tokens = text.tokens;
  thread_local std::vector<std::uint32_t> path;  // the nodes from `first` to `last`
  // Most tokens begin no name: the first filter is asked of all of them in a
  // loop without branches, which the rest, taken by a fifth of tokens, would
  // otherwise mispredict.
  thread_local std::vector<std::size_t> candidates;
  candidates.resize(tokens.size());
  std::size_t candidate_count = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    candidates[candidate_count] = k;
    candidate_count += impl.may_begin_with(tokens[k]) ? 1 : 0;
  }
  // Then the other two, again without branches; a candidate's low bit says whether a name may go on past it.
  std::size_t begin_count = 0;
  for (std::size_t candidate = 0; candidate < candidate_count; ++candidate) {
    const std::size_t first = candidates[candidate];
    const Impl::Start start = impl.may_begin_name_at(tokens, first);
    candidates[begin_count] = first << 1 | (start.continues ? 1u : 0u);
    begin_count += start.begins ? 1 : 0;
  }
  for (std::size_t candidate = 0; candidate < begin_count; ++candidate) {
    const std::size_t first = candidates[candidate] >> 1;
    Impl::Start start;
    start.continues = (candidates[candidate] & 1u) != 0;
    std::uint32_t node = 0;
    path.clear();
    std::size_t verified = 0;  // path[0, verified) is known to spell the text's tokens
    const AliasEntry* best = nullptr;
    std::size_t best_last = 0;
    for (std::size_t last = first; last < tokens.size(); ++last) {
      const Separator separator = separator_of(last == first, tokens[last].space_before);
      bool nothing_follows = false;  // the next token continues no name through this node
      if (impl.key_collision) {
        node = impl.child(node, separator, tokens[last].folded, tokens[last].hash);
      } else if (node == 0) {
        const Impl::RootSlot* root = impl.root_child(separator, tokens[last].hash);
        node = root ? root->child : 0;
        nothing_follows = !start.continues;
      } else {
        node = impl.child_by_key(node, separator, tokens[last].hash);
      }
      if (node == 0) break;
      path.push_back(node);
      if (impl.first_entry[node] == impl.first_entry[node + 1]) {
        if (nothing_follows) break;
        continue;
      }
      // An alias ends here: the path's token texts are compared only now.
      for (; verified < path.size(); ++verified) {
        const Token& token = tokens[first + verified];
        if (impl.node_separator[path[verified]] != separator_of(verified == 0, token.space_before) ||
            impl.node_token(path[verified]) != token.folded)
          break;
      }
      if (verified < path.size()) break;
      for (std::uint32_t k = impl.first_entry[node]; k < impl.first_entry[node + 1]; ++k) {
        if (impl.accepts(impl.entries[k], text, first)) {
          best = &impl.entries[k];
          best_last = last;
          break;
        }
      }
      if (nothing_follows) break;
    }
    if (best == nullptr) continue;
    const Impl::Entity& entity = impl.entities[best->entity];
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
