#include <catch2/catch.hpp>

#include "kgrep/resolve.h"

namespace {

// The date `text` states, as ISO text; "" for none. The article is dated
// Wednesday 2026-05-27 unless `article` says otherwise.
std::string date_in(const std::string& text, const std::string& article = "2026-05-27") {
  const auto found = kgrep::find_date(text, kgrep::parse_iso_date(article));
  return found ? found->date.iso() : "";
}

std::string date_of_article(const std::string& text, const std::string& metadata = "") {
  kgrep::Document document;
  document.date = metadata;
  const auto found = kgrep::article_date(document, text);
  return found ? found->iso() : "";
}

}  // namespace

TEST_CASE("Absolute dates in English, Dutch, German and French", "[resolve][dates]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"Mira Murati founded the lab in February 2025.", "2025-02"},
      {"The deal closed on 14 February 2025 in Paris.", "2025-02-14"},
      {"The deal closed on February 14, 2025, in Paris.", "2025-02-14"},
      {"It shipped on Feb. 3, 2026.", "2026-02-03"},
      {"Het model verscheen op 3 maart 2026.", "2026-03-03"},
      {"Das Modell erschien am 14. März 2026.", "2026-03-14"},
      {"Le modèle est sorti le 1er mars 2026.", "2026-03-01"},
      {"Filed 2025-11-30 with the SEC.", "2025-11-30"},
      {"Filed in 2025-11.", "2025-11"},
      {"Lambert joined Ai2 in October 2023.", "2023-10"},
  }));
  CAPTURE(text);
  CHECK(date_in(text) == expected);
}

TEST_CASE("Dates relative to the article's date", "[resolve][dates]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"Anthropic released it on June 9.", "2025-06-09"},  // after the article's day: last year
      {"Anthropic released it on May 9.", "2026-05-09"},
      {"Het model kwam uit op 9 mei.", "2026-05-09"},
      {"The lab raised money yesterday.", "2026-05-26"},
      {"Het lab haalde gisteren geld op.", "2026-05-26"},
      {"Karpathy joined last week.", "2026-05-20"},
      {"Karpathy kwam vorige week.", "2026-05-20"},
      {"The round closed on Tuesday.", "2026-05-26"},
      {"The round closed on Wednesday.", "2026-05-27"},
      {"The round closed last Wednesday.", "2026-05-20"},
      {"Mistral haalde dinsdag geld op.", "2026-05-26"},
      {"Ai2 released Olmo 3 last November.", "2025-11"},
      {"Alibaba bracht in februari Qwen 3.5 uit.", "2026-02"},
      {"Mistral bracht in december een model uit.", "2025-12"},
      {"Nvidia released it earlier this month.", "2026-05"},
      {"Nvidia bracht vorige maand een chip uit.", "2026-04"},
  }));
  CAPTURE(text);
  CHECK(date_in(text) == expected);
}

TEST_CASE("Words that look like dates but state none", "[resolve][dates]") {
  auto text = GENERATE(as<std::string>{}, "You may join us.", "They march on.", "A probe to Mars launched.",
                       "Jan Leike left OpenAI.", "She has hired engineers since January.",
                       "Karpathy richtte in 2024 Eureka Labs op.", "Nvidia closed at 135.20 on 3.",
                       "The deal is worth $30 billion.");
  CAPTURE(text);
  CHECK(date_in(text).empty());
}

TEST_CASE("Relative dates need an article date; impossible dates are none", "[resolve][dates]") {
  CHECK(kgrep::find_date("The round closed on Tuesday.", std::nullopt) == std::nullopt);
  CHECK(kgrep::find_date("Released last week.", std::nullopt) == std::nullopt);
  CHECK(date_in("It shipped on February 30, 2026.").empty());
  CHECK(date_in("Filed 2025-13-01.").empty());
  CHECK_FALSE(kgrep::parse_iso_date("2026-02-30"));
  CHECK(kgrep::parse_iso_date("2026-02")->iso() == "2026-02");
}

TEST_CASE("Of overlapping readings the longer wins, and every date is listed in order", "[resolve][dates]") {
  const auto dates = kgrep::find_dates("Ai2 released Olmo 3 last November, and Nvidia released Nemotron in June 2026.",
                                       kgrep::parse_iso_date("2026-06-18"));
  REQUIRE(dates.size() == 2);
  CHECK(dates[0].date.iso() == "2025-11");
  CHECK(dates[1].date.iso() == "2026-06");
}

TEST_CASE("An article's date: metadata, a date line at the top, or a dateline", "[resolve][dates]") {
  CHECK(date_of_article("Some text.\n", "2026-01-16") == "2026-01-16");
  CHECK(date_of_article("Three researchers leave a lab\n\n16 January 2026\n\nBarret Zoph left.\n") == "2026-01-16");
  CHECK(date_of_article("Title\nPublished: Jan. 16, 2026\n\nText.\n") == "2026-01-16");
  CHECK(date_of_article("Titel\nvrijdag 16 januari 2026\n\nTekst.\n") == "2026-01-16");
  CHECK(date_of_article("PARIS, March 3, 2026 - Mistral AI raised money.\n") == "2026-03-03");
  CHECK(date_of_article("SAN FRANCISCO (Reuters), March 3, 2026 -- OpenAI said.\n") == "2026-03-03");
  // A date inside a sentence is no date of the article.
  CHECK(date_of_article("Murati left OpenAI in September 2024, after six years.\n").empty());
  CHECK(date_of_article("Nothing here.\n").empty());
}
