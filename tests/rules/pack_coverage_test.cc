// The default pack's coverage: how many entities of each type it lists, that
// the attributes linking entities name entities of the pack, that the names
// people actually write resolve to the right entity, and that ordinary words
// spelled like a listed name stay ordinary words.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "kgrep/pipeline.h"
#include "support/test_support.h"

namespace {

using kgrep::testing::default_extractor;
using kgrep::testing::default_pack;

// The mentions of `sentence` as (covered text -> entity id), and whether the
// mention was only discovered by a pattern.
struct FoundMention {
  std::string id;
  bool discovered = false;
};

std::map<std::string, FoundMention> mentions_of(const std::string& sentence) {
  kgrep::Document document;
  document.id = "s";
  document.text = sentence;
  std::map<std::string, FoundMention> found;
  for (const auto& mention : default_extractor().process(document).mentions) {
    // The sentences below are already in normal form, so normalised offsets
    // are offsets into `sentence`.
    found[sentence.substr(mention.span.begin, mention.span.end - mention.span.begin)] =
        FoundMention{mention.entity_id, mention.discovered};
  }
  return found;
}

struct Spelling {
  const char* sentence;
  const char* written;
  const char* entity_id;
};

void check_spellings(const std::vector<Spelling>& spellings) {
  for (const auto& spelling : spellings) {
    CAPTURE(spelling.sentence, spelling.written);
    const auto found = mentions_of(spelling.sentence);
    const auto it = found.find(spelling.written);
    REQUIRE(it != found.end());
    CHECK(it->second.id == spelling.entity_id);
    CHECK_FALSE(it->second.discovered);
  }
}

}  // namespace

TEST_CASE("The default pack lists at least 300 organizations, 300 people and 150 models", "[rules][pack]") {
  std::map<std::string, std::size_t> count;
  for (const auto& entity : default_pack().entities) ++count[entity.type];
  CAPTURE(count);
  CHECK(count["Organization"] >= 300);
  CHECK(count["Person"] >= 300);
  CHECK(count["Model"] >= 150);
  CHECK(count["Event"] >= 40);
}

TEST_CASE("Attributes that point at other entities name entities of the pack", "[rules][pack]") {
  std::map<std::string, std::string> type_of;
  for (const auto& entity : default_pack().entities) type_of[entity.id] = entity.type;
  // attribute -> the type of entity it must name
  const std::map<std::string, std::string> links = {{"parent", "Organization"},
                                                    {"developer", "Organization"},
                                                    {"organizer", "Organization"},
                                                    {"organization", "Organization"},
                                                    {"series", "Event"}};
  for (const auto& entity : default_pack().entities) {
    for (const auto& [key, value] : entity.attributes) {
      const auto link = links.find(key);
      if (link == links.end()) continue;
      CAPTURE(entity.id, key, value);
      const auto target = type_of.find(value);
      REQUIRE(target != type_of.end());
      CHECK(target->second == link->second);
      CHECK(value != entity.id);
    }
  }
}

TEST_CASE("Organizations are found under the spellings the press uses", "[rules][pack]") {
  check_spellings({
      {"Open AI heeft een nieuw model uitgebracht.", "Open AI", "openai"},
      {"OpenAIs neues Modell ist schneller.", "OpenAIs", "openai"},
      {"The model is on HuggingFace now.", "HuggingFace", "hugging-face"},
      {"Bytedance is building its own chips.", "Bytedance", "bytedance"},
      {"Zhipu released a new model on Monday.", "Zhipu", "z-ai"},
      {"Z.ai released a new model on Monday.", "Z.ai", "z-ai"},
      {"Ai2 published the training data.", "Ai2", "ai2"},
      {"Google DeepMind won the prize.", "Google DeepMind", "google-deepmind"},
      {"DeepMind won the prize.", "DeepMind", "google-deepmind"},
      {"Codeium was renamed last spring.", "Codeium", "windsurf"},
      {"Sequoia China became HongShan.", "Sequoia China", "hongshan"},
      {"The engineers came from Samsung and SK hynix.", "SK hynix", "sk-hynix"},
      {"The startup moved its models to Azure.", "Azure", "microsoft-azure"},
      {"She studied at ETH Zürich and EPFL.", "ETH Zürich", "eth-zurich"},
      {"Hij promoveerde aan de Technische Universiteit Delft.", "Technische Universiteit Delft", "tu-delft"},
      {"Sie forschte am Deutsches Forschungszentrum für Künstliche Intelligenz.",
       "Deutsches Forschungszentrum für Künstliche Intelligenz", "dfki"},
      {"Die Europäische Kommission prüft den Vertrag.", "Europäische Kommission", "european-commission"},
      {"De Europese Commissie onderzoekt de deal.", "Europese Commissie", "european-commission"},
      {"Die EU-Kommission prüft den Vertrag.", "EU-Kommission", "european-commission"},
      {"Het Witte Huis reageerde niet.", "Witte Huis", "white-house"},
      {"The US AI Safety Institute tested the model.", "US AI Safety Institute", "caisi"},
      {"Generally Intelligent raised money in 2023.", "Generally Intelligent", "imbue"},
  });
}

TEST_CASE("People are found under full names, known variants and distinctive surnames", "[rules][pack]") {
  check_spellings({
      {"Pony Ma runs Tencent.", "Pony Ma", "pony-ma"},
      {"Ma Huateng runs Tencent.", "Ma Huateng", "pony-ma"},
      {"Kai-Fu Lee founded 01.ai.", "Kai-Fu Lee", "kai-fu-lee"},
      {"Lukasz Kaiser co-wrote the paper.", "Lukasz Kaiser", "lukasz-kaiser"},
      {"Jurgen Schmidhuber disagreed.", "Jurgen Schmidhuber", "jurgen-schmidhuber"},
      {"Diederik Kingma joined Anthropic.", "Diederik Kingma", "durk-kingma"},
      {"Hassabis shared the Nobel prize.", "Hassabis", "demis-hassabis"},
      {"Musks Firma xAI wächst.", "Musks", "elon-musk"},
      {"Adam D'Angelo stayed on the board.", "Adam D'Angelo", "adam-d-angelo"},
  });
}

TEST_CASE("Model versions resolve to one node whichever rule finds them", "[rules][pack]") {
  check_spellings({
      {"Anthropic released Claude 3.5 Sonnet.", "Claude 3.5 Sonnet", "claude-3-5-sonnet"},
      {"Sonnet 3.5 beat the older models.", "Sonnet 3.5", "claude-3-5-sonnet"},
      {"Claude 4 Opus was slow.", "Claude 4 Opus", "claude-opus-4"},
      {"Claude Sonnet 4.5 writes code.", "Claude Sonnet 4.5", "claude-sonnet-4-5"},
      {"OpenAI shipped GPT-4o mini.", "GPT-4o mini", "gpt-4o-mini"},
      {"OpenAI shipped GPT-5.", "GPT-5", "gpt-5"},
      {"The o3 model reasons longer.", "o3", "o3"},
      {"Google shipped Gemini 2.5 Pro.", "Gemini 2.5 Pro", "gemini-2-5-pro"},
      {"Alibaba released Qwen2.5 and Qwen3-Coder.", "Qwen2.5", "qwen-2-5"},
      {"Alibaba released Qwen2.5 and Qwen3-Coder.", "Qwen3-Coder", "qwen3-coder"},
      {"Meta released Llama 4 Scout.", "Llama 4 Scout", "llama-4-scout"},
      {"Mistral AI released Mistral Large 2.", "Mistral Large 2", "mistral-large-2"},
      {"DeepSeek-V3.1 is cheaper.", "DeepSeek-V3.1", "deepseek-v3-1"},
      {"Kimi K2 is open.", "Kimi K2", "kimi-k2"},
      {"GLM-4.5 is open.", "GLM-4.5", "glm-4-5"},
      {"Nvidia sold more H100 chips.", "H100", "h100"},
  });
}

TEST_CASE("Ordinary words spelled like a listed name are not mentions", "[rules][pack]") {
  const std::vector<std::string> sentences = {
      "a meta analysis of apple and arm injuries",
      "the plane left the runway in a moonshot attempt",
      "she tried to grok the phi coefficient and the lambda function",
      "the command line shows a snowflake with a stripe",
      "prices are in flux; a whisper of a fortune",
      "the cadence of the wired network was stable",
      "a fair deal on the poolside at the white house on the corner",
      "the information was on the verge of a common crawl",
      "Het witte huis staat aan de rand van het dorp.",
  };
  for (const auto& sentence : sentences) {
    CAPTURE(sentence);
    const auto found = mentions_of(sentence);
    for (const auto& [written, mention] : found) UNSCOPED_INFO(written << " -> " << mention.id);
    CHECK(found.empty());
  }
}
