// kgrep match stage: finding entity mentions.
//
// Engines implement `EntityMatcher`: the gazetteer (names and aliases from
// [[entity]] rules) and the pattern matcher (RE2 [[pattern]] rules for model
// versions, amounts…). Both report candidates over the normalised text and obey
// one word-boundary rule: a mention starts at a token start and ends at a token
// end (see kgrep::tokenize), so "OpenAI's", "OpenAI-topman" and "DeepMind."
// match while "Metaverse" never matches "Meta". `select_mentions` then resolves
// overlaps in one documented order. Matchers are immutable after construction
// and safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kgrep/core.h"
#include "kgrep/rules.h"
#include "kgrep/text.h"

namespace kgrep::core_detail {
// The scan for rule literals the pattern and relation matchers share (src/core/regex_screen.h).
class RegexScreen;
struct AtomScan;
}  // namespace kgrep::core_detail

namespace kgrep {
class GazetteerMatcher;
}  // namespace kgrep

namespace kgrep::match_detail {
// For tests: makes `matcher` walk its trie as it does when two transitions
// were found to share a key while it was built, comparing every token's text
// at every step and leaving the root's own table aside. What it finds must
// not change.
void force_token_comparison(GazetteerMatcher& matcher);
}  // namespace kgrep::match_detail

namespace kgrep {

struct Mention {
  Span span;  // in the normalised text
  std::string entity_id;
  std::string type;
  std::string name;                 // canonical name of the entity
  std::string rule_id;              // the entity or pattern rule that found it
  int priority = 0;                 // among equally long overlapping candidates, lower wins
  bool discovered = false;          // found by a pattern and not listed as an entity
  std::optional<PatternLink> link;  // a fact the pattern implies ("develops")
  std::map<std::string, std::string> attributes;
};

class EntityMatcher {
 public:
  virtual ~EntityMatcher() = default;
  // Appends candidate mentions in `text` to `out`; candidates may overlap.
  virtual void find(const AnalyzedText& text, std::vector<Mention>& out) const = 0;
};

// Matches entity names and aliases token by token through a trie keyed by
// folded tokens: case and accents never matter for `aliases`, exact case is
// checked for `case_sensitive_aliases`. At each token the longest alias wins.
// The trie's transitions live in one hash table, so a scan costs about one
// probe per token of text whatever the number of names (a million aliases
// build in about a second); see tools/bench-throughput.
class GazetteerMatcher final : public EntityMatcher {
 public:
  explicit GazetteerMatcher(const RulePack& pack);
  ~GazetteerMatcher() override;
  void find(const AnalyzedText& text, std::vector<Mention>& out) const override;
  // Spellings the matcher holds; spellings of one entity that fold alike
  // (exact-case ones: that are written alike) count once.
  [[nodiscard]] std::size_t alias_count() const;

 private:
  friend void match_detail::force_token_comparison(GazetteerMatcher& matcher);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs every [[pattern]] regex over the normalised text. The entity's name
// comes from the rule's `name` template ("Claude $1 $2") or the normaliser; its
// id is the slug of the name, and when that id is an [[entity]] of the pack the
// mention takes that entity's name and type. Throws kgrep::Error when RE2
// cannot compile a pattern within its memory budget.
class PatternMatcher final : public EntityMatcher {
 public:
  explicit PatternMatcher(const RulePack& pack);
  // With the pack's screen (match_detail::pack_screen), shared with the
  // relation matcher: find() may then be given the text's scan.
  PatternMatcher(const RulePack& pack, std::shared_ptr<const core_detail::RegexScreen> screen);
  ~PatternMatcher() override;
  void find(const AnalyzedText& text, std::vector<Mention>& out) const override;
  // The same with `scan`, the screen's scan of text.normalized.text.
  void find(const AnalyzedText& text, std::vector<Mention>& out, const core_detail::AtomScan& scan) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Keeps a non-overlapping subset of `candidates`, scanning left to right: at
// each start the longest candidate wins, then the lower priority (gazetteer 0
// before patterns 1), then the smaller rule id, then the smaller entity id.
// A dropped candidate with the same span and entity as the kept one passes on
// its pattern link. Returns mentions sorted by start.
std::vector<Mention> select_mentions(std::vector<Mention> candidates);

// "$12 billion", "$2B", "twaalf miljard dollar", "EUR 1,3 miljard" ->
// "USD 12000000000", "USD 2000000000", "USD 12000000000", "EUR 1300000000".
// Returns nullopt when no currency or number can be read.
std::optional<std::string> normalize_amount(std::string_view text);

}  // namespace kgrep
