// kgrep relate stage: facts from relation patterns.
//
// Runs after entity matching. Each sentence holding two or more mentions is
// rewritten as a template in which every mention stands as a typed placeholder
// token; [[relation]] regexes, written with `{Type:name}` placeholders, are
// matched against that template with RE2. A list placeholder fans out ("hiring
// from Meta, OpenAI and Apple" gives three facts). Every fact carries its
// evidence. The matcher is immutable and safe to share between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kgrep/core.h"
#include "kgrep/match.h"
#include "kgrep/rules.h"
#include "kgrep/text.h"

namespace kgrep {

struct Fact {
  std::string subject;  // entity id
  std::string relation;
  std::string object;  // entity id
  std::string role;    // for works_at: "CEO", "CTO", "chief scientist"…
  double confidence = 1.0;
  Evidence evidence;
  // Where in the normalised text the sentence names the fact's sides (from the
  // first to the last); a date nearest to it is the fact's date.
  Span statement;
};

// One candidate fact of a sentence and what became of it, for `kgrep rules
// explain`: a fact, or why it was dropped or weakened.
struct RuleTrace {
  std::size_t sentence = 0;  // start of the sentence in the normalised text
  std::string rule_id;
  std::string fact;  // "subject relation object[/role]"
  double confidence = 0;
  std::string outcome;
};

// "subject relation object[/role]"
std::string describe_fact(const Fact& fact);

// What the pack's [[modifier]] rules make of a fact stated in `window`: drop
// it (a negation) or keep it with a lower confidence (a hedge).
struct ModifierEffect {
  bool drop = false;
  double confidence = 1.0;
  std::string rule_id;  // the dropping rule, or the first hedge; "" when none applies
};

class ModifierSet {
 public:
  // Throws kgrep::Error if RE2 cannot compile a modifier.
  explicit ModifierSet(const RulePack& pack);
  ~ModifierSet();
  [[nodiscard]] ModifierEffect effect(const Document& document, std::string_view window) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether a rule written for `lang` ("" = any) applies to `document`: its
// primary language subtag matches, or the document has no language.
bool language_applies(std::string_view lang, const Document& document);

class RelationMatcher {
 public:
  // A relation's regex is compiled the first time a sentence may match it;
  // find() throws kgrep::Error then if RE2 cannot compile it within its
  // memory budget (load_rule_sources() has reported such a regex already,
  // unless the pack was made by hand).
  explicit RelationMatcher(const RulePack& pack);
  // With the pack's screen (match_detail::pack_screen), shared with the
  // pattern matcher: may_state_facts() may then be given the text's scan.
  RelationMatcher(const RulePack& pack, std::shared_ptr<const core_detail::RegexScreen> screen);
  RelationMatcher(RelationMatcher&&) noexcept;
  ~RelationMatcher();

  // Appends the facts stated in `document`. `mentions` are the selected
  // mentions of `text` (sorted, non-overlapping). Facts come out in sentence
  // order, then rule order, then match order; a fact whose subject and object
  // are the same entity is dropped. With `trace`, every candidate fact and
  // its fate is appended to it.
  // `scan`, when given, is the screen's scan of text.normalized.text, with
  // hits (as for may_state_facts); otherwise the text is scanned here.
  void find(const Document& document, const AnalyzedText& text, const std::vector<Mention>& mentions,
            std::vector<Fact>& out, std::vector<RuleTrace>* trace = nullptr,
            const core_detail::AtomScan* scan = nullptr) const;

  // False when no rule can state a fact in `document` whatever its sentences
  // and pronouns turn out to be: no rule of its language has its regex,
  // loosened by relaxed_regex(), match the normalised text while its sides
  // accept the types of `named` (the document's names, pronouns not yet
  // added: a pronoun takes the type of a name) and of `author`.
  // `scan`, when given, is the screen's scan of text.normalized.text, with hits.
  [[nodiscard]] bool may_state_facts(const Document& document, const AnalyzedText& text,
                                     const std::vector<Mention>& named, const std::optional<Mention>& author,
                                     const core_detail::AtomScan* scan = nullptr) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Facts the rule pack records rather than a sentence states: a pattern's link
// ("Claude Opus 4.8" is developed by Anthropic), an entity's `developer`
// (Model, Product) and a person's `employer` (with `role`). Such a fact becomes
// a fact of a document only in a sentence that names both sides, and only when
// no relation rule related the two anywhere in the document: a fact must be
// traceable to a sentence that names it, not to the pack's knowledge alone.
class KnownLinkMatcher {
 public:
  explicit KnownLinkMatcher(const RulePack& pack);
  ~KnownLinkMatcher();
  // Appends to `facts`, which holds the document's relation facts.
  void find(const Document& document, const AnalyzedText& text, const std::vector<Mention>& mentions,
            std::vector<Fact>& facts, std::vector<RuleTrace>* trace = nullptr) const;
  // False when no record applies: no name among `named` carries a record
  // whose other side is named in the document too (or is `author`).
  [[nodiscard]] bool may_state_facts(const AnalyzedText& text, const std::vector<Mention>& named,
                                     const std::optional<Mention>& author) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Facts from an entity's recorded attributes keep this confidence; pattern
// links, which the matched name itself implies, keep 1.
inline constexpr double kKnownLinkConfidence = 0.8;

// The evidence of a fact that `sentence` (a span of the normalised text) of
// `document` states.
Evidence sentence_evidence(const Document& document, const AnalyzedText& text, Span sentence, std::string rule_id);

// The sentence template relation rules run on: the sentence text with mention
// k (of `mentions`, all inside `sentence`) replaced by placeholder_token(type, k).
std::string sentence_template(std::string_view normalized, Span sentence, const std::vector<Mention>& mentions);

}  // namespace kgrep
