// kgrep rules stage: loading and validating TOML rule packs.
//
// A rule pack is a folder of .toml files holding [[entity]], [[pattern]] and
// [[relation]] tables (see rules/README.md for the format). Loading checks
// everything (TOML syntax, keys, types, ids, aliases, every regex through RE2,
// every placeholder) and reports ALL problems at once as compiler-style
// diagnostics; a pack with any error is not returned, so nothing is ever half
// loaded. The result is plain data: the match and relate stages compile it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kgrep/core.h"

namespace kgrep {

// Entity types a rule may name. Amount and Date come from patterns only.
inline constexpr std::string_view kEntityTypes[] = {"Organization", "Person", "Model",  "Product",
                                                    "Event",        "Place",  "Amount", "Date"};
bool is_entity_type(std::string_view type);

// An entity's name matches case-insensitively unless the name itself is also
// listed in case_sensitive_aliases ("Meta", "Apple", "Claude"): then only the
// exact case matches.
struct EntityRule {
  std::string id;
  std::string type;
  std::string name;
  std::vector<std::string> aliases;                 // case-insensitive, accents folded
  std::vector<std::string> case_sensitive_aliases;  // exact case
  std::map<std::string, std::string> attributes;
  SourceLoc loc;
};

bool name_is_case_sensitive(const EntityRule& entity);

// A model version found by regex links to its developer: "Claude Opus 4.8"
// yields the fact (anthropic, develops, claude-opus-4-8).
struct PatternLink {
  std::string relation;
  std::string from;  // entity id of the subject
  SourceLoc loc;     // where `from` is written, for diagnostics
};

struct PatternRule {
  std::string id;
  std::string type;
  std::string regex;
  std::string name_template;  // "$1", "$2"… refer to capture groups; empty: the matched text
  std::string normalizer;     // "" or "amount"
  bool case_sensitive = true;
  std::optional<PatternLink> link;
  std::map<std::string, std::string> attributes;
  SourceLoc loc;
};

// One fact a relation rule emits; subject and object name placeholders. A side
// written "model.developer" is the entity that the `developer` attribute of
// the entity bound to `model` names: "Olmo 3 was released" states a release
// whose agent the pack knows, not the sentence. A side written
// "context:Organization" is the entity of that type the text named last
// before the sentence ("De meest opvallende vertrekker is Barret Zoph" after a
// paragraph about Thinking Machines Lab); see kContextSentences.
struct RelationEmit {
  std::string relation;
  std::string subject;
  std::string object;
  std::string subject_attribute;  // "" or the attribute of `subject`'s entity naming the real subject
  std::string object_attribute;
  std::string subject_context;  // "" or the entity type a "context:Type" side stands for (subject is then "")
  std::string object_context;
};

// How far back (in sentences) a "context:Type" side looks for its entity.
inline constexpr std::size_t kContextSentences = 5;

// Attributes whose value is the id of another entity of the pack; the loader
// checks that it is one.
inline constexpr std::string_view kEntityReferenceAttributes[] = {"developer", "employer", "parent"};

// A `{Type:name}` placeholder of a relation regex. `list` ("{Organization+:x}")
// accepts "A, B and C" and yields one fact per member.
struct Placeholder {
  std::string name;
  std::vector<std::string> types;  // empty: any type ("{Entity:x}")
  bool list = false;
};

struct RelationRule {
  std::string id;
  std::string lang;            // "" applies to every document; else only to documents in that language or without one
  std::string regex;           // as written, with placeholders
  std::string compiled_regex;  // placeholders expanded to RE2 syntax over the placeholder encoding
  std::vector<Placeholder> placeholders;
  std::vector<RelationEmit> emits;
  std::string role;  // fixed role, or empty; a (?P<role>...) group overrides it
  double confidence = 1.0;
  bool case_sensitive = false;
  // Whether [[modifier]] rules (negations, hedges) apply; an apposition or a
  // title is not in the scope of the clause's negation.
  bool modifiers = true;
  // Relations that make this rule's fact redundant: when the same sentence
  // states one of them between the same subject and object, this rule's fact
  // is dropped ("Anthropic released their Claude 5" is a release; the
  // possessive's `develops` adds nothing).
  std::vector<std::string> unless;
  SourceLoc loc;
};

// Words that change what a sentence says about a relation: a negation ("did
// not leave", "denied", "niet") drops the fact, a hedge ("reportedly",
// "rumoured", "naar verluidt") keeps it with its confidence multiplied. The
// regex runs, case-insensitively, over the sentence template from the start
// of the sentence to the end of the relation's match, so a cue before or
// inside the clause counts and one in a later clause does not.
struct ModifierRule {
  std::string id;
  std::string lang;  // as for relations
  std::string regex;
  bool drop = false;        // effect = "drop"; else "hedge"
  double confidence = 1.0;  // hedge: the factor
  SourceLoc loc;
};

struct RulePack {
  std::vector<EntityRule> entities;
  std::vector<PatternRule> patterns;
  std::vector<RelationRule> relations;
  std::vector<ModifierRule> modifiers;
  std::vector<std::string> files;  // the files read, in load order
};

// A rule file's name (used in diagnostics) and content.
struct RuleSource {
  std::string name;
  std::string content;
};

// Limits of a pack, each an error (R019, R020) with the place of the rule
// that crosses it, rather than a run that exhausts memory. A regex may take
// RE2's default budget to compile (the matchers give it more at run time, for
// the DFA); entities beyond the limit belong in --gazetteer lists, which hold
// millions of names.
inline constexpr std::int64_t kRegexMemoryBudget = 8 << 20;
inline constexpr std::size_t kMaxRegexRules = 10'000;  // patterns, relations and modifiers together
inline constexpr std::size_t kMaxEntityRules = 1'000'000;

struct RuleLoadResult {
  std::optional<RulePack> pack;  // set only when there is no error
  std::vector<Diagnostic> diagnostics;
};

// Loads the given files as one pack, in the given order. Files are independent
// TOML documents; ids and aliases must be unique across all of them.
RuleLoadResult load_rule_sources(const std::vector<RuleSource>& sources);

// Reads every *.toml file of `directory` (byte-wise sorted; not recursive).
// Throws kgrep::Error when the directory cannot be read.
std::vector<RuleSource> read_rule_directory(const std::string& directory);
// read_rule_directory + load_rule_sources.
RuleLoadResult load_rule_directory(const std::string& directory);

// The default pack (rules/ai-industry) as embedded in the binary at build time.
std::vector<RuleSource> default_rule_sources();
RuleLoadResult load_default_rules();

// A plain list of names given as `--gazetteer TYPE=FILE`: one entity per line,
// its name optionally followed by tab-separated aliases
// ("Alphabet Inc.<TAB>Alphabet<TAB>Google"). Blank lines are ignored.
struct GazetteerList {
  std::string type;
  RuleSource source;
};

// Splits "TYPE=FILE" and reads FILE. Throws kgrep::Error when the spec is
// malformed, the type unknown or the file unreadable.
GazetteerList read_gazetteer_list(std::string_view spec);

// Adds the lists' entries to `pack`: each line is an entity of the list's type
// with id slugify(name), matched case- and accent-insensitively with the same
// token boundaries as the pack's aliases. Lines whose names slug alike are one
// entity; a line whose id is a pack entity of the same type extends it. A name
// the pack (or an earlier line) already matches is skipped, and the skips are
// counted in one warning per list. Bad lines (invalid UTF-8, empty fields, no
// letter or digit) are errors at file:line:column; with any error `pack` is
// left unchanged. Returns the diagnostics.
std::vector<Diagnostic> add_gazetteer_lists(RulePack& pack, const std::vector<GazetteerList>& lists);

// The tokens of a name as the gazetteer matches them: what kgrep::tokenize
// gives on the normalised name, with each token's folded and exact text.
struct NameToken {
  std::string folded;
  std::string exact;
  bool space_before = false;
};
std::vector<NameToken> name_tokens(std::string_view alias);
// The same into `tokens`, whose strings are reused: a million names build
// without a vector and two strings a name.
void name_tokens(std::string_view alias, std::vector<NameToken>& tokens);

// The gazetteer's notion of "the same name": the name's tokens, folded unless
// `case_sensitive`, joined by ' ' where white space separated them and by
// '\x1F' where nothing did.
std::string name_key(std::string_view alias, bool case_sensitive);
// The same into `key`, whose buffer is reused.
void name_key(std::string_view alias, bool case_sensitive, std::string& key);

// How a mention stands in a sentence template for relation matching:
// "\x01Type#index\x02". Relation regexes are written against this encoding.
std::string placeholder_token(std::string_view type, std::size_t mention_index);
// Parses every placeholder token in `text` (in order) into mention indices.
std::vector<std::size_t> placeholder_indices(std::string_view text);

// A relation regex as written, loosened to run over plain text: each
// placeholder becomes "any text" and the assertions ^, $, \A, \z, \b and \B
// are dropped. Wherever the rule matches a sentence's template, this matches
// the sentence's own text, so a document it does not match states no fact by
// that rule.
std::string relaxed_regex(std::string_view regex);

}  // namespace kgrep
