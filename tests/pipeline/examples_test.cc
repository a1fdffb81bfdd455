#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "kgrep/io.h"
#include "kgrep/pipeline.h"
#include "support/test_support.h"

namespace {

const std::string kSourceDir = KGREP_SOURCE_DIR;

using FactKey = std::tuple<std::string, std::string, std::string, std::string>;  // doc, subject, relation, object

using kgrep::testing::default_extractor;

// The facts `sentence` states with the default pack, as "subject relation object".
std::vector<std::string> facts_of_sentence(const std::string& sentence) {
  kgrep::Document document;
  document.id = "s";
  document.text = sentence;
  std::vector<std::string> facts;
  for (const auto& fact : default_extractor().process(document).facts)
    facts.push_back(fact.subject + " " + fact.relation + " " + fact.object);
  return facts;
}

kgrep::KnowledgeGraph extract(const std::vector<std::string>& inputs, unsigned threads) {
  const kgrep::Extractor& extractor = default_extractor();
  kgrep::GraphBuilder builder;
  kgrep::ExtractOptions options;
  options.threads = threads;
  options.batch_size = 2;  // several batches even for a handful of documents
  std::vector<std::string> warnings;
  kgrep::extract_graph(extractor, inputs, options, builder,
                       [&](const kgrep::Diagnostic& d) { warnings.push_back(kgrep::format_diagnostic(d)); });
  CHECK(warnings.empty());
  return builder.build();
}

// Every (document, subject label, relation, object label) the graph states.
std::set<FactKey> facts_of(const kgrep::KnowledgeGraph& knowledge) {
  std::set<FactKey> facts;
  const auto& graph = knowledge.graph;
  for (auto edge : boost::make_iterator_range(boost::edges(graph))) {
    const auto& properties = graph[edge];
    for (const auto& doc : properties.docs) {
      facts.emplace(doc, graph[boost::source(edge, graph)].label, properties.relation,
                    graph[boost::target(edge, graph)].label);
    }
  }
  return facts;
}

std::set<FactKey> expected_facts() {
  std::ifstream in(kSourceDir + "/tests/data/examples-expected.tsv");
  REQUIRE(in);
  std::set<FactKey> expected;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream stream(line);
    for (std::string field; std::getline(stream, field, '\t');) fields.push_back(field);
    REQUIRE(fields.size() >= 4);
    expected.emplace(fields[0], fields[1], fields[2], fields[3]);
  }
  return expected;
}

std::string graphml(const kgrep::KnowledgeGraph& graph) {
  std::ostringstream out;
  kgrep::write_graphml(graph, out);
  return out.str();
}

}  // namespace

TEST_CASE("Every fact the example articles state is extracted", "[pipeline][examples]") {
  const auto facts = facts_of(extract({kSourceDir + "/examples"}, 1));
  for (const auto& fact : expected_facts()) {
    CAPTURE(std::get<0>(fact), std::get<1>(fact), std::get<2>(fact), std::get<3>(fact));
    CHECK(facts.count(fact) == 1);
  }
}

TEST_CASE("The example articles yield no fact they do not state", "[pipeline][examples]") {
  // Traps in the articles: a denial, "has not joined", an open question, two
  // organisations named side by side, a euro amount in a sentence about
  // investing. `develops` is left out: pattern links add true facts the list
  // does not enumerate.
  const auto expected = expected_facts();
  for (const auto& fact : facts_of(extract({kSourceDir + "/examples"}, 1))) {
    if (std::get<2>(fact) == "develops") continue;
    CAPTURE(std::get<0>(fact), std::get<1>(fact), std::get<2>(fact), std::get<3>(fact));
    CHECK(expected.count(fact) == 1);
  }
}

TEST_CASE("The graph is byte-identical whatever the thread count and input order", "[pipeline][determinism]") {
  const std::string dir = kSourceDir + "/examples/";
  const std::vector<std::string> files = {
      dir + "en-ai2-lambert-open-models.txt",   dir + "en-thinking-machines-departures.txt",
      dir + "en-thinking-machines-funding.txt", dir + "nl-karpathy-anthropic.txt",
      dir + "nl-mistral-financiering.txt",      dir + "nl-thinking-machines-talentenstrijd.txt"};
  const std::vector<std::string> reversed(files.rbegin(), files.rend());
  const std::string one_thread = graphml(extract(files, 1));
  CHECK(one_thread.size() > 10000);
  CHECK(graphml(extract(files, 2)) == one_thread);
  CHECK(graphml(extract(reversed, 1)) == one_thread);
  CHECK(graphml(extract(reversed, 3)) == one_thread);
}

TEST_CASE("Ordinary news sentences that state no relation give no fact", "[pipeline][precision]") {
  auto sentence = GENERATE(
      as<std::string>{}, "Google hired lawyers to fight Sam Altman in court.",
      "Jensen Huang launched Microsoft's newest chip.", "Google released a study showing that GPT-5 hallucinates.",
      "Google criticized the pricing of ChatGPT.", "Nvidia invested in a startup valued at $2 billion.",
      "Microsoft raised concerns about a $10 billion deal.", "Nvidia closed 2% higher at $135.",
      "Microsoft backed away from OpenAI.", "SoftBank bought a stake in OpenAI.", "Microsoft bought GPUs from Nvidia.",
      "Beethoven wrote Opus 131 for Anthropic fans.", "Mira Murati vertrekt naar Anthropic.",
      "Nvidia verloor 500 miljard dollar op een dag.", "Microsoft heeft veel vertrouwen in OpenAI.",
      "Mistral AI haalt geld op bij Nvidia.", "Microsoft heeft geen deal met OpenAI.");
  const std::vector<std::string> facts = facts_of_sentence(sentence);
  CAPTURE(sentence, facts);
  CHECK(facts.empty());
}

TEST_CASE("Sentences that state a relation through an amount or a title give it", "[pipeline][recall]") {
  auto [sentence, expected] = GENERATE(table<std::string, std::string>({
      {"Microsoft has invested more than $13 billion in OpenAI.", "microsoft invested_in openai"},
      {"Anthropic raised a funding round of $30 billion.", "anthropic raised usd-30000000000"},
      {"Meta hired former OpenAI researcher Barret Zoph.", "barret-zoph joined meta"},
      {"Google bought Character.AI.", "google acquired character-ai"},
      // The agent of a release the sentence leaves unnamed is the developer the pack records.
      {"Google criticized the release of ChatGPT.", "openai released chatgpt"},
      {"Since Olmo 3 was released, the team has grown.", "ai2 released olmo-3"},
      {"Kort na de lancering van Gemini 3.5 Flash daalde het aandeel.", "google released gemini-3-5-flash"},
      {"Nathan Lambert is departing the Allen Institute for AI after three years.", "nathan-lambert left ai2"},
      // A position the pack records holds where the sentence names the person and the employer.
      {"Jensen Huang launched Nvidia's newest chip.", "jensen-huang works_at nvidia"},
      {"Meta's plan: Mark Zuckerberg wants talent.", "mark-zuckerberg works_at meta"},
  }));
  const std::vector<std::string> facts = facts_of_sentence(sentence);
  CAPTURE(sentence, facts);
  CHECK(std::find(facts.begin(), facts.end(), expected) != facts.end());
}
