#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>

#include "core/huge_page_allocator.h"
#include "kgrep/rules.h"
#include "kgrep/text.h"

namespace kgrep {

namespace {

using core_detail::HugePageVector;

bool is_ascii(std::string_view text) {
  for (char ch : text)
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  return true;
}

bool is_ascii_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'; }

bool is_ascii_word(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); }

char ascii_lower(char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }

// slugify for ASCII input, without the ICU round trip (NFKD and case folding
// are the identity and tolower on ASCII).
std::string ascii_slug(std::string_view name) {
  std::string slug;
  bool pending_dash = false;
  for (char ch : name) {
    if (is_ascii_word(ch)) {
      if (pending_dash && !slug.empty()) slug += '-';
      pending_dash = false;
      slug += ascii_lower(ch);
    } else {
      pending_dash = true;
    }
  }
  return slug;
}

// collapse_whitespace, without its byte-by-byte copy for the usual field:
// single spaces between words and none at either end.
std::string collapsed(std::string_view field) {
  bool plain = !field.empty() && field.front() != ' ' && field.back() != ' ';
  for (std::size_t k = 0; plain && k < field.size(); ++k) {
    const char ch = field[k];
    if (static_cast<unsigned char>(ch) > ' ') continue;
    plain = !(is_ascii_space(ch) && (ch != ' ' || field[k + 1] == ' '));
  }
  return plain ? std::string(field) : collapse_whitespace(field);
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// Names (or ids) to entity indices, for lists of a million names: one
// open-addressing table over one buffer of key bytes, instead of a node and a
// string a key.
class KeyIndex {
 public:
  // Room for `keys` keys of `bytes` bytes in all, so that a list loads without rehashing.
  void reserve(std::size_t keys, std::size_t bytes) {
    std::size_t capacity = 64;
    while (capacity < 2 * keys) capacity *= 2;
    if (capacity > slots_.size()) rehash(capacity);
    chars_.reserve(bytes);
    core_detail::advise_huge_pages(chars_.data(), chars_.capacity());
  }

  [[nodiscard]] std::optional<std::size_t> find(std::string_view key) const {
    if (slots_.empty()) return std::nullopt;
    const Slot& slot = slots_[probe(key, std::hash<std::string_view>{}(key))];
    if (slot.length == kEmpty) return std::nullopt;
    return slot.value;
  }

  // Asks the processor to load the slot `key` would be looked up in.
  void prefetch(std::string_view key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[std::hash<std::string_view>{}(key)&mask_]);
  }

  // The value already under `key` and false, or `value` (now under it) and true.
  std::pair<std::size_t, bool> emplace(std::string_view key, std::size_t value) {
    if ((count_ + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(64, slots_.size() * 2));
    const std::uint64_t hash = std::hash<std::string_view>{}(key);
    Slot& slot = slots_[probe(key, hash)];
    if (slot.length != kEmpty) return {slot.value, false};
    slot = Slot{static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(chars_.size()),
                static_cast<std::uint32_t>(key.size()), static_cast<std::uint32_t>(value)};
    chars_ += key;
    ++count_;
    return {value, true};
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;
  // 16 bytes: the high half of the key's hash (the low bits pick the slot),
  // where its bytes are in chars_, and its value (an entity index).
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t begin = 0;
    std::uint32_t length = kEmpty;
    std::uint32_t value = 0;
  };

  // The slot holding `key`, or the empty one where it would go.
  [[nodiscard]] std::size_t probe(std::string_view key, std::uint64_t hash) const {
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::uint64_t k = hash & mask_;; k = (k + 1) & mask_) {
      const Slot& slot = slots_[k];
      if (slot.length == kEmpty || (slot.tag == tag && std::string_view(chars_).substr(slot.begin, slot.length) == key))
        return k;
    }
  }

  [[nodiscard]] std::uint64_t hash_of(const Slot& slot) const {
    return std::hash<std::string_view>{}(std::string_view(chars_).substr(slot.begin, slot.length));
  }

  void rehash(std::size_t capacity) {
    HugePageVector<Slot> old(capacity);
    old.swap(slots_);
    mask_ = capacity - 1;
    for (const Slot& slot : old)
      if (slot.length != kEmpty) place(hash_of(slot), slot);
  }

  void place(std::uint64_t hash, const Slot& slot) {
    std::uint64_t k = hash & mask_;
    while (slots_[k].length != kEmpty) k = (k + 1) & mask_;
    slots_[k] = slot;
  }

  HugePageVector<Slot> slots_;
  std::uint64_t mask_ = 0;
  std::size_t count_ = 0;
  std::string chars_;
};

struct Skipped {
  std::size_t count = 0;
  std::size_t first_line = 0;
  std::string first_name;
  std::string first_reason;
};

// Adds one list's names to the pack; `owners` maps the folded key of every name
// the pack already matches to the index of its entity.
class ListLoader {
 public:
  ListLoader(const GazetteerList& list, RulePack& pack, KeyIndex& owners, KeyIndex& ids,
             std::vector<Diagnostic>& diagnostics, std::size_t pack_entities,
             std::vector<std::pair<std::size_t, std::size_t>>& grown)
      : list_(list),
        pack_(pack),
        owners_(owners),
        ids_(ids),
        diagnostics_(diagnostics),
        pack_entities_(pack_entities),
        grown_(grown) {}

  void load() {
    const std::string_view content = list_.source.content;
    std::size_t line_start = 0;
    std::size_t line_number = 0;
    while (line_start < content.size()) {
      std::size_t line_end = content.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = content.size();
      ++line_number;
      load_line(content.substr(line_start, line_end - line_start), line_number);
      line_start = line_end + 1;
    }
    if (skipped_.count > 0) {
      diagnostics_.push_back(
          Diagnostic{Severity::kWarning, "G005", SourceLoc{list_.source.name, skipped_.first_line, 1, std::nullopt},
                     fmt::format("{} name(s) skipped because the rules already match them, the first '{}' ({})",
                                 skipped_.count, skipped_.first_name, skipped_.first_reason)});
    }
  }

 private:
  void error_at(std::size_t line, std::size_t column, std::string code, std::string message) {
    diagnostics_.push_back(Diagnostic{Severity::kError, std::move(code),
                                      SourceLoc{list_.source.name, line, column, std::nullopt}, std::move(message)});
  }

  void load_line(std::string_view line, std::size_t line_number) {
    std::size_t bad_offset = 0;
    if (!is_valid_utf8(line, &bad_offset)) {
      error_at(line_number, bad_offset + 1, "G002", "invalid UTF-8");
      return;
    }
    if (trim_spaces(line).empty()) return;
    // Fields with their 1-based columns, so an error can point into the line.
    std::vector<std::pair<std::string_view, std::size_t>>& fields = fields_;
    fields.clear();
    std::size_t field_start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', field_start);
      const std::size_t field_end = tab == std::string_view::npos ? line.size() : tab;
      fields.emplace_back(line.substr(field_start, field_end - field_start), field_start + 1);
      if (tab == std::string_view::npos) break;
      field_start = tab + 1;
    }
    bool ok = true;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const auto [field, column] = fields[k];
      if (trim_spaces(field).empty()) {
        error_at(line_number, column, "G003",
                 k == 0 ? "the line has aliases but no name before the first tab"
                        : "empty alias (two tabs in a row, or a tab at the end of the line)");
        ok = false;
      } else if (is_ascii(field) ? std::none_of(field.begin(), field.end(), is_ascii_word) : slugify(field).empty()) {
        error_at(line_number, column, "G004",
                 fmt::format("'{}' has no letter or digit to match or to make an id of", trim_spaces(field)));
        ok = false;
      }
    }
    if (!ok) return;
    const std::string name = collapsed(fields[0].first);
    std::string id = slug_of(name);
    // The keys of the line's spellings are made before the indexes are read,
    // and the slots they need fetched meanwhile: a long list's indexes are far
    // larger than the cache, and the line's probes then wait for memory
    // together rather than one after the other.
    ids_.prefetch(id);
    spellings_.resize(fields.size());
    keys_.resize(fields.size());
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (k > 0) spellings_[k] = collapsed(fields[k].first);
      name_key(k == 0 ? name : spellings_[k], false, keys_[k]);
      owners_.prefetch(keys_[k]);
    }
    const std::optional<std::size_t> known = ids_.find(id);
    if (known && pack_.entities[*known].type != list_.type) {
      skip(line_number, name, fmt::format("its id '{}' is a {}", id, pack_.entities[*known].type));
      return;
    }
    const std::size_t entity = known ? *known : pack_.entities.size();
    // A name another entity already answers to is that entity's: the line adds nothing.
    if (const std::optional<std::size_t> owner = owners_.find(keys_[0]); owner && *owner != entity) {
      skip(line_number, name, fmt::format("'{}' has it", pack_.entities[*owner].id));
      return;
    }
    if (!known) {
      ids_.emplace(id, entity);
      EntityRule& rule = pack_.entities.emplace_back();
      rule.id = std::move(id);
      rule.type = list_.type;
      rule.name = name;
      rule.loc = SourceLoc{list_.source.name, line_number, 1, std::nullopt};
    }
    EntityRule& rule = pack_.entities[entity];
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const std::string& spelling = k == 0 ? name : spellings_[k];
      const auto [owner, inserted] = owners_.emplace(keys_[k], entity);
      if (!inserted) {
        if (owner != entity) skip(line_number, spelling, fmt::format("'{}' has it", pack_.entities[owner].id));
        continue;
      }
      // The entity's own name is matched as such; every other spelling is an alias.
      if (spelling == rule.name) continue;
      if (entity < pack_entities_) grown_.emplace_back(entity, rule.aliases.size());
      if (k == 0)
        rule.aliases.push_back(name);
      else
        rule.aliases.push_back(std::move(spellings_[k]));
    }
  }

  std::string slug_of(std::string_view name) const { return is_ascii(name) ? ascii_slug(name) : slugify(name); }

  void skip(std::size_t line, const std::string& name, std::string reason) {
    if (skipped_.count++ > 0) return;
    skipped_.first_line = line;
    skipped_.first_name = name;
    skipped_.first_reason = std::move(reason);
  }

  const GazetteerList& list_;
  RulePack& pack_;
  KeyIndex& owners_;
  KeyIndex& ids_;
  std::vector<Diagnostic>& diagnostics_;
  std::size_t pack_entities_;                                // entities of the pack before any list
  std::vector<std::pair<std::size_t, std::size_t>>& grown_;  // to undo aliases added to those
  Skipped skipped_;
  std::vector<std::pair<std::string_view, std::size_t>> fields_;  // of the line being read, reused
  std::vector<std::string> spellings_;  // of the line being read, collapsed (the name's is unused)
  std::vector<std::string> keys_;       // name_key of each spelling
};

}  // namespace

namespace {

using core_detail::HugePageVector;

// Calls visit(token, space_before) for each token of an ASCII name. Lists of a
// million names must load in about a second, and ICU costs a microsecond a
// name: ASCII names, nearly all of them, take this path, which gives what
// normalize + tokenize give for ASCII text.
template <typename Visit>
void for_each_ascii_token(std::string_view alias, Visit visit) {
  bool space_before = true;
  std::size_t i = 0;
  while (i < alias.size()) {
    const char ch = alias[i];
    // The normaliser turns C0 controls other than tab, LF and CR into spaces.
    if (is_ascii_space(ch) || static_cast<unsigned char>(ch) < 0x20) {
      space_before = true;
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    if (is_ascii_word(ch))
      while (end < alias.size() && is_ascii_word(alias[end])) ++end;
    visit(alias.substr(i, end - i), space_before);
    space_before = false;
    i = end;
  }
}

}  // namespace

void name_tokens(std::string_view alias, std::vector<NameToken>& tokens) {
  std::size_t count = 0;
  auto next = [&]() -> NameToken& {
    if (count == tokens.size()) tokens.emplace_back();
    return tokens[count++];
  };
  if (!is_ascii(alias)) {
    const NormalizedText normalized = normalize(alias);
    const TokenizedText tokenized = tokenize(normalized.text);
    for (const Token& token : tokenized.tokens) {
      NameToken& name_token = next();
      name_token.folded = token.folded;
      name_token.exact = normalized.text.substr(token.span.begin, token.span.size());
      name_token.space_before = token.space_before;
    }
  } else {
    for_each_ascii_token(alias, [&](std::string_view text, bool space_before) {
      NameToken& token = next();
      token.folded = text;
      token.exact = text;
      token.space_before = space_before;
      for (char& folded : token.folded) folded = ascii_lower(folded);
    });
  }
  tokens.resize(count);
}

std::vector<NameToken> name_tokens(std::string_view alias) {
  std::vector<NameToken> tokens;
  name_tokens(alias, tokens);
  return tokens;
}

void name_key(std::string_view alias, bool case_sensitive, std::string& key) {
  // ASCII names, nearly all of a list, in one pass: what the tokens of
  // for_each_ascii_token give, joined as below. A separator comes between
  // two tokens without a byte between them ("Z.ai"), so a key may be up to
  // twice as long as the name.
  key.resize(2 * alias.size());
  char* const begin = key.data();
  char* out = begin;
  bool space_before = false;
  bool in_word = false;
  bool ascii = true;
  for (const char ch : alias) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte >= 0x80) {
      ascii = false;
      break;
    }
    if (byte <= 0x20) {  // white space, and C0 controls, which the normaliser makes spaces
      space_before = true;
      in_word = false;
      continue;
    }
    const bool word = is_ascii_word(ch);
    if (!(word && in_word) && out != begin) *out++ = space_before ? ' ' : '\x1F';
    *out++ = case_sensitive ? ch : ascii_lower(ch);
    in_word = word;
    space_before = false;
  }
  key.resize(static_cast<std::size_t>(out - begin));
  if (ascii) return;
  key.clear();
  for (const NameToken& token : name_tokens(alias)) {
    if (!key.empty()) key += token.space_before ? ' ' : '\x1F';
    key += case_sensitive ? token.exact : token.folded;
  }
}

std::string name_key(std::string_view alias, bool case_sensitive) {
  std::string key;
  name_key(alias, case_sensitive, key);
  return key;
}

GazetteerList read_gazetteer_list(std::string_view spec) {
  const std::size_t equals = spec.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size())
    throw Error(fmt::format("--gazetteer needs TYPE=FILE (such as Organization=names.txt), not '{}'", spec));
  GazetteerList list;
  list.type = spec.substr(0, equals);
  list.source.name = spec.substr(equals + 1);
  if (!is_entity_type(list.type))
    throw Error(fmt::format("--gazetteer {}: unknown entity type '{}' (known: {})", spec, list.type,
                            fmt::join(std::begin(kEntityTypes), std::end(kEntityTypes), ", ")));
  std::error_code error;
  if (std::filesystem::is_directory(list.source.name, error))
    throw Error(fmt::format("{}: is a directory, not a list of names", list.source.name));
  std::ifstream in(list.source.name, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot read the list of names", list.source.name));
  // Read into a string of the file's size, not through a stream buffer that
  // doubles: a list can be tens of megabytes, each copy page faults anew.
  const std::uintmax_t size = std::filesystem::file_size(list.source.name, error);
  if (!error) list.source.content.reserve(static_cast<std::size_t>(size));
  core_detail::advise_huge_pages(list.source.content.data(), list.source.content.capacity());
  std::array<char, 1 << 16> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0)
    list.source.content.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw Error(fmt::format("{}: cannot read the list of names", list.source.name));
  return list;
}

std::vector<Diagnostic> add_gazetteer_lists(RulePack& pack, const std::vector<GazetteerList>& lists) {
  std::vector<Diagnostic> diagnostics;
  if (lists.empty()) return diagnostics;
  // The pack grows in place and is cut back on error: copying it would cost
  // more than loading a list of a million names.
  const std::size_t original_entities = pack.entities.size();
  const std::size_t original_files = pack.files.size();
  std::vector<std::pair<std::size_t, std::size_t>> grown;  // pack entity, its alias count before
  std::size_t lines = 0;
  std::size_t spellings = 0;
  std::size_t bytes = 0;
  for (const GazetteerList& list : lists) {
    lines += static_cast<std::size_t>(std::count(list.source.content.begin(), list.source.content.end(), '\n'));
    spellings += static_cast<std::size_t>(std::count(list.source.content.begin(), list.source.content.end(), '\t'));
    bytes += list.source.content.size();
  }
  spellings += lines;
  pack.entities.reserve(original_entities + lines + lists.size());
  // 256 bytes an entity, written once each: 64 MB for a million names.
  core_detail::advise_huge_pages(pack.entities.data() + original_entities,
                                 (pack.entities.capacity() - original_entities) * sizeof(EntityRule));
  KeyIndex owners;
  KeyIndex ids;
  // Keys of a list are no longer than its lines; the pack's few add little.
  owners.reserve(2 * original_entities + spellings + lists.size(), bytes + (1 << 16));
  ids.reserve(original_entities + lines + lists.size(), bytes + (1 << 16));
  for (std::size_t k = 0; k < original_entities; ++k) {
    const EntityRule& entity = pack.entities[k];
    ids.emplace(entity.id, k);
    // Every spelling the pack matches, whatever its case rule: a caseless name
    // from a list would also match an exact-case one.
    owners.emplace(name_key(entity.name, false), k);
    for (const auto& alias : entity.aliases) owners.emplace(name_key(alias, false), k);
    for (const auto& alias : entity.case_sensitive_aliases) owners.emplace(name_key(alias, false), k);
  }
  for (const GazetteerList& list : lists) {
    if (!is_entity_type(list.type)) {
      diagnostics.push_back(Diagnostic{Severity::kError, "G001", SourceLoc{list.source.name, 0, 0, std::nullopt},
                                       fmt::format("unknown entity type '{}'", list.type)});
      continue;
    }
    ListLoader(list, pack, owners, ids, diagnostics, original_entities, grown).load();
    pack.files.push_back(list.source.name);
  }
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity != Severity::kError) continue;
    pack.entities.resize(original_entities);
    pack.files.resize(original_files);
    for (auto it = grown.rbegin(); it != grown.rend(); ++it) pack.entities[it->first].aliases.resize(it->second);
    break;
  }
  return diagnostics;
}

}  // namespace kgrep
