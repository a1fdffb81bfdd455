#include "kgrep/match.h"

#include <catch2/catch.hpp>

namespace {

kgrep::RulePack pack_of(const std::string& toml) {
  auto result = kgrep::load_rule_sources({{"test.toml", toml}});
  for (const auto& diagnostic : result.diagnostics) UNSCOPED_INFO(kgrep::format_diagnostic(diagnostic));
  REQUIRE(result.pack);
  return *result.pack;
}

const char* const kEntities = R"(
[[entity]]
id = "openai"
type = "Organization"
name = "OpenAI"

[[entity]]
id = "meta"
type = "Organization"
name = "Meta"
case_sensitive_aliases = ["Meta"]

[[entity]]
id = "thinking-machines-lab"
type = "Organization"
name = "Thinking Machines Lab"
aliases = ["Thinking Machines"]
case_sensitive_aliases = ["TML"]

[[entity]]
id = "sp-500"
type = "Organization"
name = "S&P 500"

[[entity]]
id = "google-deepmind"
type = "Organization"
name = "Google DeepMind"
aliases = ["DeepMind"]

[[entity]]
id = "claude"
type = "Model"
name = "Claude"

[[entity]]
id = "z-ai"
type = "Organization"
name = "Z.ai"

[[entity]]
id = "tulu"
type = "Model"
name = "Tülu"

[[pattern]]
id = "claude-version"
type = "Model"
regex = '(?:Claude )?(Opus|Fable) (\d+(?:\.\d+)?)'
name = "Claude $1 $2"
link = { relation = "develops", from = "openai" }

[[pattern]]
id = "amount"
type = "Amount"
normalize = "amount"
case_sensitive = false
regex = '(?:\$|€)\s?\d+(?:[.,]\d+)*(?:\s?(?:billion|miljard|B)\b)?|(?:twee|twaalf)\s(?:miljard)\s(?:dollar)'
)";

std::vector<std::string> found(const std::string& text) {
  static const kgrep::RulePack pack = pack_of(kEntities);
  static const kgrep::GazetteerMatcher gazetteer(pack);
  static const kgrep::PatternMatcher patterns(pack);
  const kgrep::AnalyzedText analyzed = kgrep::analyze(text);
  std::vector<kgrep::Mention> candidates;
  gazetteer.find(analyzed, candidates);
  patterns.find(analyzed, candidates);
  std::vector<std::string> result;
  for (const auto& mention : kgrep::select_mentions(std::move(candidates))) {
    const auto span = analyzed.normalized.to_original(mention.span);
    result.push_back(mention.entity_id + "=" + text.substr(span.begin, span.size()));
  }
  return result;
}

using Found = std::vector<std::string>;

}  // namespace

TEST_CASE("Word boundaries: names match whole tokens only", "[match]") {
  auto [text, expected] = GENERATE(table<std::string, Found>({
      {"OpenAI's new model", {"openai=OpenAI"}},
      {"OpenAI’s new model", {"openai=OpenAI"}},
      {"de OpenAI-topman zei", {"openai=OpenAI"}},
      {"the S&P 500 fell", {"sp-500=S&P 500"}},
      {"the S&P500 fell", {}},
      {"Claude-3 is old", {"claude=Claude"}},
      {"He joined DeepMind.", {"google-deepmind=DeepMind"}},
      {"Murati, Zoph-incident at Thinking Machines.", {"thinking-machines-lab=Thinking Machines"}},
      {"OpenAIs and NotOpenAI are no names", {}},
      {"the Metaverse is not Meta", {"meta=Meta"}},
      {"Z.ai released", {"z-ai=Z.ai"}},
      {"Z. ai is two tokens apart", {}},
  }));
  CAPTURE(text);
  CHECK(found(text) == expected);
}

TEST_CASE("A pattern's match counts only from a token's start to a token's end", "[match]") {
  // "Opus 4" inside "MagnaOpus 4" begins within a word; "Opus 4.8x" ends within one.
  CHECK(found("MagnaOpus 4 and Opus 4.8") == Found{"claude-opus-4-8=Opus 4.8"});
  CHECK(found("Opus 4.8x is no model").empty());
  CHECK(found("it cost $5 and $5x") == Found{"usd-5=$5"});
}

TEST_CASE("Case and diacritics fold for aliases but not for case-sensitive ones", "[match]") {
  CHECK(found("OPENAI and openai") == Found{"openai=OPENAI", "openai=openai"});
  CHECK(found("meta-analysis by Meta") == Found{"meta=Meta"});
  CHECK(found("TML and tml") == Found{"thinking-machines-lab=TML"});
  CHECK(found("Tulu, TÜLU and Tu\xCC\x88lu") == Found{"tulu=Tulu", "tulu=TÜLU", "tulu=Tu\xCC\x88lu"});
  CHECK(found("ons privéleven bij OpenAI") == Found{"openai=OpenAI"});
}

TEST_CASE("The longest candidate wins at a position; patterns beat shorter names", "[match]") {
  CHECK(found("Thinking Machines Lab hires") == Found{"thinking-machines-lab=Thinking Machines Lab"});
  CHECK(found("Google DeepMind and DeepMind") == Found{"google-deepmind=Google DeepMind", "google-deepmind=DeepMind"});
  CHECK(found("Claude Fable 5 and Claude") == Found{"claude-fable-5=Claude Fable 5", "claude=Claude"});
  CHECK(found("Opus 4.8 is out") == Found{"claude-opus-4-8=Opus 4.8"});
}

TEST_CASE("Overlap order is leftmost, then longest, then priority, then rule id", "[match]") {
  using kgrep::Mention;
  std::vector<Mention> candidates(4);
  candidates[0].span = {5, 9};
  candidates[0].entity_id = "b";
  candidates[0].rule_id = "r2";
  candidates[1].span = {0, 4};
  candidates[1].entity_id = "a";
  candidates[1].priority = 1;
  candidates[1].rule_id = "r1";
  candidates[2].span = {0, 4};
  candidates[2].entity_id = "c";
  candidates[2].priority = 0;
  candidates[2].rule_id = "r9";
  candidates[3].span = {2, 12};
  candidates[3].entity_id = "d";
  const auto selected = kgrep::select_mentions(candidates);
  REQUIRE(selected.size() == 2);
  CHECK(selected[0].entity_id == "c");  // same span as "a": the lower priority wins
  CHECK(selected[1].entity_id == "b");  // "d" overlaps the kept "c"
}

TEST_CASE("Pattern mentions carry their link and take listed entities' names", "[match]") {
  static const kgrep::RulePack pack = pack_of(kEntities);
  const kgrep::PatternMatcher patterns(pack);
  std::vector<kgrep::Mention> mentions;
  patterns.find(kgrep::analyze("Claude Opus 4.8 is new"), mentions);
  REQUIRE(mentions.size() == 1);
  CHECK(mentions[0].entity_id == "claude-opus-4-8");
  CHECK(mentions[0].name == "Claude Opus 4.8");
  CHECK(mentions[0].discovered);
  REQUIRE(mentions[0].link);
  CHECK(mentions[0].link->from == "openai");
}

TEST_CASE("Amounts in English and Dutch become canonical Amount entities", "[match]") {
  CHECK(found("valued at $12 billion today") == Found{"usd-12000000000=$12 billion"});
  CHECK(found("raised $2B") == Found{"usd-2000000000=$2B"});
  CHECK(found("haalde twee miljard dollar op") == Found{"usd-2000000000=twee miljard dollar"});
  CHECK(found("een waardering van twaalf miljard dollar") == Found{"usd-12000000000=twaalf miljard dollar"});
  CHECK(found("€1,3 miljard") == Found{"eur-1300000000=€1,3 miljard"});
}

TEST_CASE("normalize_amount reads currencies, digits, words and scales", "[match]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"$12 billion", "USD 12000000000"},
      {"$12.5 billion", "USD 12500000000"},
      {"$2B", "USD 2000000000"},
      {"US$ 500 million", "USD 500000000"},
      {"$140,000", "USD 140000"},
      {"twaalf miljard dollar", "USD 12000000000"},
      {"3,5 miljard dollar", "USD 3500000000"},
      {"EUR 12.000.000", "EUR 12000000"},
      {"€1,3 miljard", "EUR 1300000000"},
      {"fifty billion dollars", "USD 50000000000"},
  }));
  CAPTURE(text);
  CHECK(kgrep::normalize_amount(text).value_or("none") == expected);
}

TEST_CASE("normalize_amount refuses text without a currency or a number", "[match]") {
  CHECK_FALSE(kgrep::normalize_amount("12 billion"));
  CHECK_FALSE(kgrep::normalize_amount("billions of dollars"));
  CHECK_FALSE(kgrep::normalize_amount("$"));
}
