// --gazetteer TYPE=FILE lists: parsing, ids, diagnostics and matching.
#include <catch2/catch.hpp>

#include "kgrep/match.h"
#include "support/test_support.h"

namespace {

kgrep::RulePack small_pack() {
  auto result = kgrep::load_rule_sources({{"pack.toml", R"(
[[entity]]
id = "openai"
type = "Organization"
name = "OpenAI"

[[entity]]
id = "apple"
type = "Organization"
name = "Apple"
case_sensitive_aliases = ["Apple"]

[[entity]]
id = "google-deepmind"
type = "Organization"
name = "Google DeepMind"
aliases = ["DeepMind"]

[[entity]]
id = "mira-murati"
type = "Person"
name = "Mira Murati"
)"}});
  REQUIRE(result.pack);
  return *result.pack;
}

kgrep::GazetteerList list_of(std::string type, std::string content) {
  return kgrep::GazetteerList{std::move(type), kgrep::RuleSource{"names.txt", std::move(content)}};
}

const kgrep::EntityRule* entity(const kgrep::RulePack& pack, const std::string& id) {
  for (const auto& rule : pack.entities)
    if (rule.id == id) return &rule;
  return nullptr;
}

std::vector<std::string> messages(const std::vector<kgrep::Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& diagnostic : diagnostics) lines.push_back(kgrep::format_diagnostic(diagnostic));
  return lines;
}

// "entity-id@begin-end" for each mention the gazetteer finds in `text`.
std::vector<std::string> matches(const kgrep::RulePack& pack, const std::string& text) {
  const kgrep::GazetteerMatcher gazetteer(pack);
  std::vector<kgrep::Mention> found;
  gazetteer.find(kgrep::analyze(text), found);
  std::vector<std::string> result;
  for (const auto& mention : kgrep::select_mentions(std::move(found)))
    result.push_back(mention.entity_id + "@" + std::to_string(mention.span.begin) + "-" +
                     std::to_string(mention.span.end));
  return result;
}

}  // namespace

TEST_CASE("A name list adds one entity a line with ids slugged from the names", "[match][gazetteer]") {
  kgrep::RulePack pack = small_pack();
  const auto diagnostics = kgrep::add_gazetteer_lists(
      pack, {list_of("Organization", "NVIDIA CORP\r\nMeta Platforms, Inc.\n\n  Berkshire  Hathaway \n")});
  CHECK(diagnostics.empty());
  REQUIRE(pack.entities.size() == 7);
  const auto* nvidia = entity(pack, "nvidia-corp");
  REQUIRE(nvidia != nullptr);
  CHECK(nvidia->name == "NVIDIA CORP");
  CHECK(nvidia->type == "Organization");
  CHECK(nvidia->loc.file == "names.txt");
  CHECK(nvidia->loc.line == 1);
  REQUIRE(entity(pack, "meta-platforms-inc") != nullptr);
  const auto* berkshire = entity(pack, "berkshire-hathaway");
  REQUIRE(berkshire != nullptr);
  CHECK(berkshire->name == "Berkshire Hathaway");
  CHECK(berkshire->loc.line == 4);
  CHECK(pack.files.back() == "names.txt");
}

TEST_CASE("Tab-separated aliases belong to the line's entity and match folded", "[match][gazetteer]") {
  kgrep::RulePack pack = small_pack();
  const auto diagnostics =
      kgrep::add_gazetteer_lists(pack, {list_of("Organization", "Alphabet Inc.\tAlphabet\tGoogle\nTülu Labs\n")});
  CHECK(diagnostics.empty());
  const auto* alphabet = entity(pack, "alphabet-inc");
  REQUIRE(alphabet != nullptr);
  CHECK(alphabet->aliases == std::vector<std::string>{"Alphabet", "Google"});
  CHECK(matches(pack, "GOOGLE and alphabet inc. met TULU LABS.") ==
        std::vector<std::string>{"alphabet-inc@0-6", "alphabet-inc@11-24", "tulu-labs@29-38"});
}

TEST_CASE("List names obey the pack's token boundaries", "[match][gazetteer]") {
  kgrep::RulePack pack = small_pack();
  REQUIRE(kgrep::add_gazetteer_lists(pack, {list_of("Organization", "Meta\nS&P 500\nZ.ai\n")}).empty());
  CHECK(matches(pack, "Meta's deal") == std::vector<std::string>{"meta@0-4"});
  CHECK(matches(pack, "the Metaverse") == std::vector<std::string>{});
  CHECK(matches(pack, "the S&P 500 rose") == std::vector<std::string>{"s-p-500@4-11"});
  CHECK(matches(pack, "Z. ai and z.ai") == std::vector<std::string>{"z-ai@10-14"});
}

TEST_CASE("Lines whose names slug alike are one entity", "[match][gazetteer]") {
  kgrep::RulePack pack = small_pack();
  REQUIRE(kgrep::add_gazetteer_lists(pack, {list_of("Organization", "Apple Inc.\nAPPLE INC\n")}).empty());
  const auto* apple = entity(pack, "apple-inc");
  REQUIRE(apple != nullptr);
  CHECK(apple->name == "Apple Inc.");
  CHECK(apple->aliases == std::vector<std::string>{"APPLE INC"});
  CHECK(pack.entities.size() == 5);
}

TEST_CASE("Names the pack already matches are skipped with one warning", "[match][gazetteer]") {
  kgrep::RulePack pack = small_pack();
  // "OPENAI" and "apple" slug to pack entities of the type and fold like
  // their names: nothing to add, and the exact-case Apple stays exact.
  const auto diagnostics = kgrep::add_gazetteer_lists(
      pack, {list_of("Organization", "OPENAI\nMurati Holdings\tDeepMind\napple\nDEEPMIND\nMira Murati\n")});
  CHECK(messages(diagnostics) ==
        std::vector<std::string>{"names.txt:2:1: warning[G005]: 3 name(s) skipped because the rules already match "
                                 "them, the first 'DeepMind' ('google-deepmind' has it)"});
  const auto* holdings = entity(pack, "murati-holdings");
  REQUIRE(holdings != nullptr);
  CHECK(holdings->aliases.empty());
  CHECK(entity(pack, "deepmind") == nullptr);
  CHECK(entity(pack, "openai")->aliases.empty());
  CHECK(entity(pack, "apple")->aliases.empty());
  CHECK(matches(pack, "an apple a day") == std::vector<std::string>{});
}

TEST_CASE("A list line whose id is an entity of another type is skipped", "[match][gazetteer]") {
  kgrep::RulePack pack = small_pack();
  const auto diagnostics = kgrep::add_gazetteer_lists(pack, {list_of("Organization", "Mira-Murati\n")});
  CHECK(messages(diagnostics) ==
        std::vector<std::string>{"names.txt:1:1: warning[G005]: 1 name(s) skipped because the rules already match "
                                 "them, the first 'Mira-Murati' (its id 'mira-murati' is a Person)"});
  CHECK(pack.entities.size() == 4);
}

TEST_CASE("Bad list lines are errors at file:line:column and nothing is added", "[match][gazetteer]") {
  kgrep::RulePack pack = small_pack();
  const auto diagnostics = kgrep::add_gazetteer_lists(
      pack, {list_of("Person", "Ada Lovelace\nGrace \xFFHopper\n\tAlias\nAlan Turing\t\tTuring\n---\nLinus\t\n")});
  CHECK(messages(diagnostics) ==
        std::vector<std::string>{
            "names.txt:2:7: error[G002]: invalid UTF-8",
            "names.txt:3:1: error[G003]: the line has aliases but no name before the first tab",
            "names.txt:4:13: error[G003]: empty alias (two tabs in a row, or a tab at the end of the line)",
            "names.txt:5:1: error[G004]: '---' has no letter or digit to match or to make an id of",
            "names.txt:6:7: error[G003]: empty alias (two tabs in a row, or a tab at the end of the line)",
        });
  CHECK(pack.entities.size() == 4);
  CHECK(pack.files.size() == 1);
}

TEST_CASE("read_gazetteer_list checks the spec, the type and the file", "[match][gazetteer]") {
  kgrep::testing::TempDir dir;
  dir.write("people.txt", "Ada Lovelace\n");
  const std::string file = (dir.path() / "people.txt").string();
  const kgrep::GazetteerList list = kgrep::read_gazetteer_list("Person=" + file);
  CHECK(list.type == "Person");
  CHECK(list.source.name == file);
  CHECK(list.source.content == "Ada Lovelace\n");
  CHECK_THROWS_WITH(kgrep::read_gazetteer_list("people.txt"),
                    "--gazetteer needs TYPE=FILE (such as Organization=names.txt), not 'people.txt'");
  CHECK_THROWS_WITH(kgrep::read_gazetteer_list("Company=" + file),
                    Catch::StartsWith("--gazetteer Company=" + file + ": unknown entity type 'Company'"));
  CHECK_THROWS_WITH(kgrep::read_gazetteer_list("Person=" + file + ".missing"),
                    file + ".missing: cannot read the list of names");
}

TEST_CASE("name_tokens gives what normalize and tokenize give", "[match][gazetteer]") {
  for (const std::string name : {"Thinking Machines Lab", "S&P 500", "Z.ai", "OpenAI's\tlab", "a\x01z", "Tülu 3",
                                 "Ｆｕｌｌｗｉｄｔｈ", "  x  "}) {
    CAPTURE(name);
    const kgrep::NormalizedText normalized = kgrep::normalize(name);
    const kgrep::TokenizedText expected_tokenized = kgrep::tokenize(normalized.text);
    const std::vector<kgrep::Token>& expected = expected_tokenized.tokens;
    const std::vector<kgrep::NameToken> tokens = kgrep::name_tokens(name);
    REQUIRE(tokens.size() == expected.size());
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      CHECK(tokens[k].folded == expected[k].folded);
      CHECK(tokens[k].exact == normalized.text.substr(expected[k].span.begin, expected[k].span.size()));
      CHECK(tokens[k].space_before == expected[k].space_before);
    }
  }
}

TEST_CASE("name_key joins the tokens name_tokens gives", "[match][gazetteer]") {
  std::string reused = "left over";
  for (const std::string name : {"Thinking Machines Lab", "S&P 500", "Z.ai", "OpenAI's\tlab", "a\x01z",
                                 "a\x1F"
                                 "b",
                                 "Tülu 3", "Ｆｕｌｌｗｉｄｔｈ", "  x  ", "A--B", "x\x7Fy", "C3.ai Inc.", "", " \t "}) {
    for (const bool case_sensitive : {false, true}) {
      CAPTURE(name, case_sensitive);
      std::string expected;
      for (const kgrep::NameToken& token : kgrep::name_tokens(name)) {
        if (!expected.empty()) expected += token.space_before ? ' ' : '\x1F';
        expected += case_sensitive ? token.exact : token.folded;
      }
      CHECK(kgrep::name_key(name, case_sensitive) == expected);
      kgrep::name_key(name, case_sensitive, reused);
      CHECK(reused == expected);
    }
  }
}
