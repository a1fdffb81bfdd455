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
};

class RelationMatcher {
 public:
  // Compiles every relation rule. Throws kgrep::Error if RE2 cannot compile
  // one within its memory budget.
  explicit RelationMatcher(const RulePack& pack);
  ~RelationMatcher();

  // Appends the facts stated in `document`. `mentions` are the selected
  // mentions of `text` (sorted, non-overlapping). Facts come out in sentence
  // order, then rule order, then match order; a fact whose subject and object
  // are the same entity is dropped.
  void find(const Document& document, const AnalyzedText& text, const std::vector<Mention>& mentions,
            std::vector<Fact>& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The sentence template relation rules run on: the sentence text with mention
// k (of `mentions`, all inside `sentence`) replaced by placeholder_token(type, k).
std::string sentence_template(std::string_view normalized, Span sentence, const std::vector<Mention>& mentions);

}  // namespace kgrep
