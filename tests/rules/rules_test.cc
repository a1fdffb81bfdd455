#include "kgrep/rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <catch2/catch.hpp>

using kgrep::RuleSource;

namespace {

std::vector<std::string> messages(const kgrep::RuleLoadResult& result) {
  std::vector<std::string> lines;
  for (const auto& diagnostic : result.diagnostics) lines.push_back(kgrep::format_diagnostic(diagnostic));
  return lines;
}

}  // namespace

TEST_CASE("The default pack loads without diagnostics", "[rules]") {
  const auto result = kgrep::load_default_rules();
  CAPTURE(messages(result));
  REQUIRE(result.pack);
  CHECK(result.diagnostics.empty());
  CHECK(result.pack->entities.size() > 200);
  CHECK(result.pack->relations.size() > 30);
}

TEST_CASE("The embedded pack passes every check, its regexes compiled", "[rules]") {
  // Loaded under other names, the embedded files are checked in full; as
  // themselves their regexes are trusted, so this test is what checks them.
  std::vector<RuleSource> copies = kgrep::default_rule_sources();
  for (RuleSource& source : copies) source.name = "copy/" + source.name;
  const auto checked = kgrep::load_rule_sources(copies);
  CAPTURE(messages(checked));
  REQUIRE(checked.pack);
  CHECK(checked.diagnostics.empty());
  const auto trusted = kgrep::load_default_rules();
  REQUIRE(trusted.pack);
  CHECK(checked.pack->entities.size() == trusted.pack->entities.size());
  CHECK(checked.pack->patterns.size() == trusted.pack->patterns.size());
  CHECK(checked.pack->relations.size() == trusted.pack->relations.size());
  CHECK(checked.pack->modifiers.size() == trusted.pack->modifiers.size());
}

TEST_CASE("A file named like one of the embedded pack but written otherwise is checked in full", "[rules]") {
  std::vector<RuleSource> sources = kgrep::default_rule_sources();
  RuleSource& last = sources.back();
  const std::size_t line = static_cast<std::size_t>(std::count(last.content.begin(), last.content.end(), '\n')) + 2;
  last.content += "\n[[modifier]]\nid = \"broken\"\nregex = 'not (closed'\neffect = \"drop\"\n";
  const auto result = kgrep::load_rule_sources(sources);
  CHECK_FALSE(result.pack);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(kgrep::format_diagnostic(result.diagnostics[0]) ==
        last.name + ":" + std::to_string(line + 2) + ":14: error[R008]: RE2 rejects the regex: missing )");
}

TEST_CASE("A TOML syntax error names file, line and column", "[rules]") {
  const auto result = kgrep::load_rule_sources({{"pack/bad.toml", "[[entity]]\nid = \"x\"\nname = 'unterminated\n"}});
  REQUIRE_FALSE(result.pack);
  REQUIRE(result.diagnostics.size() == 1);
  const std::string text = kgrep::format_diagnostic(result.diagnostics[0]);
  CHECK(text.rfind("pack/bad.toml:3:", 0) == 0);
  CHECK(text.find("error[R001]: TOML syntax error") != std::string::npos);
}

TEST_CASE("Every problem of a pack is reported at once, sorted by location", "[rules]") {
  const std::string orgs =
      "[[entity]]\n"               // 1
      "id = \"openai\"\n"          // 2
      "type = \"Organization\"\n"  // 3
      "name = \"OpenAI\"\n"        // 4
      "colour = \"green\"\n"       // 5
      "\n"                         // 6
      "[[entity]]\n"               // 7
      "id = \"Bad Id\"\n"          // 8
      "type = \"Company\"\n"       // 9
      "name = \"openai\"\n";       // 10
  const std::string relations =
      "[[relation]]\n"                                                 // 1
      "id = \"left-en\"\n"                                             // 2
      "regex = '{Person:subject} left (?P<x {Organization:object}'\n"  // 3
      "relation = \"left\"\n"                                          // 4
      "\n"                                                             // 5
      "[[relation]]\n"                                                 // 6
      "id = \"joined-en\"\n"                                           // 7
      "regex = '{Persn:subject} joined {Organization:target}'\n"       // 8
      "relation = \"joined\"\n";                                       // 9
  const auto result = kgrep::load_rule_sources({{"p/orgs.toml", orgs}, {"p/relations.toml", relations}});
  REQUIRE_FALSE(result.pack);
  const auto lines = messages(result);
  CAPTURE(lines);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] ==
        "p/orgs.toml:5:1: error[R002]: unknown key 'colour' in [[entity]] (known keys: id, type, name, aliases, "
        "case_sensitive_aliases, attributes)");
  CHECK(lines[1] ==
        "p/orgs.toml:7:1: error[R006]: alias 'openai' of 'Bad Id' is already claimed by 'openai' (as "
        "'OpenAI', p/orgs.toml:1:1)");
  CHECK(lines[2] ==
        "p/orgs.toml:8:6: error[R004]: entity id 'Bad Id' must be a lower-case slug like "
        "'thinking-machines-lab'");
  CHECK(lines[3] ==
        "p/orgs.toml:9:8: error[R007]: unknown entity type 'Company' (known: Organization, Person, "
        "Model, Product, Event, Place, Amount, Date)");
  // The column points inside the regex, at the group RE2 could not parse.
  CHECK(lines[4].rfind("p/relations.toml:3:32: error[R008]: RE2 rejects the regex: invalid named capture group", 0) ==
        0);
  CHECK(lines[5].rfind("p/relations.toml:8:11: error[R009]: unknown entity type 'Persn' in placeholder", 0) == 0);
}

TEST_CASE("An emit naming no placeholder of the regex is an error at the emit", "[rules]") {
  const auto result = kgrep::load_rule_sources({{"r.toml",
                                                 "[[relation]]\n"
                                                 "id = \"move\"\n"
                                                 "regex = '{Person:who} left {Organization:from}'\n"
                                                 "emit = [\n"
                                                 "  { relation = \"left\", subject = \"who\", object = \"from\" },\n"
                                                 "  { relation = \"joined\", subject = \"who\", object = \"to\" },\n"
                                                 "]\n"}});
  REQUIRE_FALSE(result.pack);
  const auto lines = messages(result);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "r.toml:6:3: error[R010]: the regex has no placeholder named 'to' (write {Type:to} in the regex)");
}

TEST_CASE("Duplicate ids and unknown link targets are reported with both places", "[rules]") {
  const auto result = kgrep::load_rule_sources(
      {{"a.toml", "[[entity]]\nid = \"meta\"\ntype = \"Organization\"\nname = \"Meta\"\n"},
       {"b.toml",
        "[[entity]]\nid = \"meta\"\ntype = \"Organization\"\nname = \"Meta Platforms\"\n\n"
        "[[pattern]]\nid = \"llama\"\ntype = \"Model\"\nregex = 'Llama (\\d+)'\nname = \"Llama $2\"\n"
        "link = { relation = \"develops\", from = \"facebook\" }\n"}});
  REQUIRE_FALSE(result.pack);
  const auto lines = messages(result);
  CAPTURE(lines);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "b.toml:1:1: error[R005]: duplicate entity id 'meta' (first defined at a.toml:1:1)");
  CHECK(lines[1] == "b.toml:10:8: error[R016]: name refers to $2 but the regex has 1 capture group(s)");
  CHECK(lines[2] == "b.toml:11:40: error[R011]: link.from names 'facebook', which is no entity id of the pack");
}

TEST_CASE("A case-sensitive alias does not collide with a case-insensitive one of the same entity", "[rules]") {
  const auto result = kgrep::load_rule_sources({{"a.toml",
                                                 "[[entity]]\nid = \"meta\"\ntype = \"Organization\"\n"
                                                 "name = \"Meta\"\ncase_sensitive_aliases = [\"Meta\"]\n"}});
  REQUIRE(result.pack);
  CHECK(kgrep::name_is_case_sensitive(result.pack->entities[0]));
}

TEST_CASE("Placeholders expand to the token encoding and list placeholders accept lists", "[rules]") {
  const auto result = kgrep::load_rule_sources(
      {{"r.toml",
        "[[relation]]\nid = \"hiring\"\nregex = '{Organization:subject} hires from {Organization+:object}'\n"
        "relation = \"recruits_from\"\n"}});
  REQUIRE(result.pack);
  const auto& rule = result.pack->relations.at(0);
  REQUIRE(rule.placeholders.size() == 2);
  CHECK(rule.placeholders[0].name == "subject");
  CHECK_FALSE(rule.placeholders[0].list);
  CHECK(rule.placeholders[1].list);
  CHECK(rule.compiled_regex.find("(?P<subject>\\x01(?:Organization)#\\d+\\x02)") == 0);
  CHECK(kgrep::placeholder_token("Person", 12) == "\x01Person#12\x02");
  CHECK(kgrep::placeholder_indices("x \x01Person#3\x02 and \x01Organization#10\x02") ==
        std::vector<std::size_t>{3, 10});
}

TEST_CASE("A relaxed regex turns placeholders into any text and drops assertions", "[rules]") {
  using kgrep::relaxed_regex;
  // A placeholder is any text of a line (no sentence holds a line break),
  // and none at all first or last, where it changes nothing for a search.
  CHECK(relaxed_regex("{Person+:who} (?:has )?joined {Organization:to}") == " (?:has )?joined ");
  CHECK(relaxed_regex("(?:{Organization} )?hiring from {Organization+:x}!") == "(?:[^\\n]* )?hiring from [^\\n]*!");
  CHECK(relaxed_regex("^\\b(?:exits?) {Person}(?:[.,]|\\s*$)\\z") == "(?:exits?) [^\\n]*(?:[.,]|\\s*)");
  // Inside classes nothing is an assertion, and ']' first or "[:alpha:]" does not close them.
  CHECK(relaxed_regex("[^$\\b^]x") == "[^$\\b^]x");
  CHECK(relaxed_regex("[]^$]x[^]$]") == "[]^$]x[^]$]");
  CHECK(relaxed_regex("[[:alpha:]^$]+$") == "[[:alpha:]^$]+");
  // Escapes stay whole, braces of Unicode classes included; \B and \A go.
  CHECK(relaxed_regex("\\p{Lu}\\x{2019}s \\Bx\\A\\$\\^") == "\\p{Lu}\\x{2019}s x\\$\\^");
  CHECK(relaxed_regex("a\\Q$[^{Org}\\E$b") == "a\\Q$[^{Org}\\Eb");
  // Counted repetitions become stars: a superset, and a small automaton.
  CHECK(relaxed_regex("[^,]{0,80}? a{2} b{3,}c") == "[^,]*? a* b*c");
  CHECK(relaxed_regex("[{]{0,2}") == "[{]*");
  // What it gives compiles, and matches the plain text of a sentence the rule matches.
  const std::string relaxed = relaxed_regex("{Organization:a} (?:acquired|bought) (?:the )?{Organization:b}\\b");
  const RE2 re(relaxed);
  REQUIRE(re.ok());
  CHECK(RE2::PartialMatch("Last year, Acme Corp acquired Widget Co.", re));
  CHECK_FALSE(RE2::PartialMatch("Acme Corp and Widget Co met.", re));
}

TEST_CASE("An exact-case alias collides with another entity's case-insensitive one", "[rules]") {
  const auto result = kgrep::load_rule_sources(
      {{"a.toml",
        "[[entity]]\nid = \"acme\"\ntype = \"Organization\"\nname = \"Acme Corp\"\naliases = [\"Acme\"]\n\n"
        "[[entity]]\nid = \"acme-labs\"\ntype = \"Organization\"\nname = \"Acme Labs\"\n"
        "case_sensitive_aliases = [\"ACME\"]\n\n"
        "[[entity]]\nid = \"meta\"\ntype = \"Organization\"\nname = \"Meta\"\ncase_sensitive_aliases = [\"Meta\"]\n\n"
        "[[entity]]\nid = \"meta-band\"\ntype = \"Organization\"\nname = \"META Band\"\n"
        "case_sensitive_aliases = [\"META\"]\n"}});
  REQUIRE_FALSE(result.pack);
  const auto lines = messages(result);
  REQUIRE(lines.size() == 1);  // "Meta" and "META", both exact-case, may belong to two entities
  CHECK(lines[0] ==
        "a.toml:7:1: error[R006]: alias 'ACME' of 'acme-labs' is already claimed by 'acme' (as 'Acme', "
        "a.toml:1:1)");
}

TEST_CASE("Unicode classes with braces in a relation regex are not placeholders", "[rules]") {
  const auto result = kgrep::load_rule_sources(
      {{"r.toml",
        "[[relation]]\nid = \"r\"\nregex = '{Person:subject} \\p{Ll}+ \\x{41} {Organization:object}'\n"
        "relation = \"left\"\n"}});
  CAPTURE(messages(result));
  REQUIRE(result.pack);
  CHECK(result.pack->relations[0].placeholders.size() == 2);
  CHECK(result.pack->relations[0].compiled_regex.find("\\p{Ll}+ \\x{41} ") != std::string::npos);
}

TEST_CASE("A side taken from an attribute must name an entity attribute and the attribute an entity", "[rules]") {
  const std::string entities =
      "[[entity]]\n"                                        // 1
      "id = \"olmo\"\n"                                     // 2
      "type = \"Model\"\n"                                  // 3
      "name = \"Olmo\"\n"                                   // 4
      "attributes = { developer = \"allen-institute\" }\n"  // 5
      "\n"                                                  // 6
      "[[entity]]\n"                                        // 7
      "id = \"ai2\"\n"                                      // 8
      "type = \"Organization\"\n"                           // 9
      "name = \"Ai2\"\n";                                   // 10
  const std::string relations =
      "[[relation]]\n"                                                                               // 1
      "id = \"released\"\n"                                                                          // 2
      "regex = '{Model:object} was released'\n"                                                      // 3
      "emit = [{ relation = \"released\", subject = \"object.country\", object = \"object\" }]\n"    // 4
      "\n"                                                                                           // 5
      "[[relation]]\n"                                                                               // 6
      "id = \"launched\"\n"                                                                          // 7
      "regex = '{Model:object} was launched'\n"                                                      // 8
      "emit = [{ relation = \"released\", subject = \"model.developer\", object = \"object\" }]\n";  // 9
  const auto result = kgrep::load_rule_sources({{"e.toml", entities}, {"r.toml", relations}});
  REQUIRE_FALSE(result.pack);
  const auto lines = messages(result);
  CAPTURE(lines);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] ==
        "e.toml:1:1: error[R011]: attribute developer of 'olmo' names 'allen-institute', which is no "
        "entity id of the pack");
  CHECK(lines[1].rfind("r.toml:4:9: error[R018]: 'object.country': only attributes that name an entity", 0) == 0);
  CHECK(lines[2] ==
        "r.toml:9:9: error[R010]: the regex has no placeholder named 'model' (write {Type:model} in "
        "the regex)");
}

TEST_CASE("A context side names an entity type, and only one side of a fact can be one", "[rules]") {
  const std::string relations =
      "[[relation]]\n"                                                                                       // 1
      "id = \"departure\"\n"                                                                                 // 2
      "regex = 'departure was {Person:who}'\n"                                                               // 3
      "emit = [{ relation = \"left\", subject = \"who\", object = \"context:Company\" }]\n"                  // 4
      "\n"                                                                                                   // 5
      "[[relation]]\n"                                                                                       // 6
      "id = \"nobody\"\n"                                                                                    // 7
      "regex = 'a departure'\n"                                                                              // 8
      "emit = [{ relation = \"left\", subject = \"context:Person\", object = \"context:Organization\" }]\n"  // 9
      "\n"                                                                                                   // 10
      "[[relation]]\n"                                                                                       // 11
      "id = \"fine\"\n"                                                                                      // 12
      "regex = 'vertrekker is {Person:who}'\n"                                                               // 13
      "emit = [{ relation = \"left\", subject = \"who\", object = \"context:Organization\" }]\n";            // 14
  const auto result = kgrep::load_rule_sources({{"r.toml", relations}});
  REQUIRE_FALSE(result.pack);
  const auto lines = messages(result);
  CAPTURE(lines);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("r.toml:4:9: error[R018]: 'context:Company': a context side names an entity type", 0) == 0);
  CHECK(lines[1] == "r.toml:9:9: error[R018]: only one side of a fact can come from the context");
}
