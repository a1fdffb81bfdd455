#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "kgrep/match.h"

namespace kgrep {

namespace {

struct Word {
  std::string_view text;
  double value;
};

constexpr std::array<Word, 44> kNumberWords = {{
    {"one", 1},      {"two", 2},     {"three", 3},     {"four", 4},     {"five", 5},      {"six", 6},
    {"seven", 7},    {"eight", 8},   {"nine", 9},      {"ten", 10},     {"eleven", 11},   {"twelve", 12},
    {"fifteen", 15}, {"twenty", 20}, {"thirty", 30},   {"forty", 40},   {"fifty", 50},    {"hundred", 100},
    {"a", 1},        {"een", 1},     {"één", 1},       {"twee", 2},     {"drie", 3},      {"vier", 4},
    {"vijf", 5},     {"zes", 6},     {"zeven", 7},     {"acht", 8},     {"negen", 9},     {"tien", 10},
    {"elf", 11},     {"twaalf", 12}, {"vijftien", 15}, {"twintig", 20}, {"dertig", 30},   {"veertig", 40},
    {"vijftig", 50}, {"zestig", 60}, {"zeventig", 70}, {"tachtig", 80}, {"negentig", 90}, {"honderd", 100},
    {"sixty", 60},   {"half", 0.5},
}};

constexpr std::array<Word, 20> kScaleWords = {{
    {"k", 1e3},   {"thousand", 1e3}, {"duizend", 1e3},  {"m", 1e6},         {"mn", 1e6},
    {"mln", 1e6}, {"million", 1e6},  {"millions", 1e6}, {"miljoen", 1e6},   {"b", 1e9},
    {"bn", 1e9},  {"bln", 1e9},      {"billion", 1e9},  {"billions", 1e9},  {"miljard", 1e9},
    {"mrd", 1e9}, {"t", 1e12},       {"tn", 1e12},      {"trillion", 1e12}, {"biljoen", 1e12},
}};

struct Currency {
  std::string_view text;
  std::string_view code;
};

constexpr std::array<Currency, 14> kCurrencies = {{
    {"$", "USD"},
    {"usd", "USD"},
    {"us$", "USD"},
    {"dollar", "USD"},
    {"dollars", "USD"},
    {"€", "EUR"},
    {"eur", "EUR"},
    {"euro", "EUR"},
    {"euros", "EUR"},
    {"£", "GBP"},
    {"gbp", "GBP"},
    {"pound", "GBP"},
    {"pounds", "GBP"},
    {"¥", "JPY"},
}};

template <typename Table>
const auto* lookup(const Table& table, std::string_view word) {
  for (const auto& entry : table)
    if (entry.text == word) return &entry;
  return static_cast<decltype(&table[0])>(nullptr);
}

// Reads "12", "12.5", "1,3" (Dutch decimal), "140,000" and "12.000.000"
// (thousands groups) as a number.
std::optional<double> parse_number(std::string_view digits) {
  std::string cleaned;
  const auto commas = std::count(digits.begin(), digits.end(), ',');
  const auto dots = std::count(digits.begin(), digits.end(), '.');
  auto grouped_by = [&](char separator) {
    // "1,300,000": every group after the first has exactly three digits.
    std::size_t pos = digits.find(separator);
    if (pos == std::string_view::npos || pos == 0 || pos > 3) return false;
    while (pos != std::string_view::npos) {
      const std::size_t next = digits.find(separator, pos + 1);
      const std::size_t group = (next == std::string_view::npos ? digits.size() : next) - pos - 1;
      if (group != 3) return false;
      pos = next;
    }
    return true;
  };
  const char thousands = (commas > 0 && dots == 0 && grouped_by(','))   ? ','
                         : (dots > 1 && commas == 0 && grouped_by('.')) ? '.'
                                                                        : '\0';
  for (char ch : digits) {
    if (ch == thousands) continue;
    cleaned += ch == ',' ? '.' : ch;
  }
  try {
    std::size_t used = 0;
    const double value = std::stod(cleaned, &used);
    if (used != cleaned.size()) return std::nullopt;
    return value;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> normalize_amount(std::string_view text) {
  std::string_view currency;
  std::optional<double> value;
  double scale = 1;
  std::size_t pos = 0;
  auto lower = [](std::string_view word) {
    std::string out(word);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  };
  while (pos < text.size()) {
    const unsigned char ch = static_cast<unsigned char>(text[pos]);
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '-' || ch == '~') {
      ++pos;
      continue;
    }
    std::size_t end = pos;
    if (std::isdigit(ch) != 0) {
      while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) != 0 ||
                                   ((text[end] == '.' || text[end] == ',') && end + 1 < text.size() &&
                                    std::isdigit(static_cast<unsigned char>(text[end + 1])) != 0)))
        ++end;
      if (!value) value = parse_number(text.substr(pos, end - pos));
    } else if (std::isalpha(ch) != 0 || ch >= 0x80) {
      while (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) != 0 ||
                                   static_cast<unsigned char>(text[end]) >= 0x80 || text[end] == '$'))
        ++end;
      const std::string word = lower(text.substr(pos, end - pos));
      if (const auto* found = lookup(kCurrencies, word)) {
        if (currency.empty()) currency = found->code;
      } else if (const auto* number = lookup(kNumberWords, word); number && !value) {
        value = number->value;
      } else if (const auto* scale_word = lookup(kScaleWords, word); scale_word && value) {
        scale *= scale_word->value;
      }
    } else {
      end = pos + 1;
      if (ch == '$') {
        if (currency.empty()) currency = "USD";
      }
    }
    pos = std::max(end, pos + 1);
  }
  if (!value || currency.empty()) return std::nullopt;
  const double amount = std::round(*value * scale);
  if (!(amount > 0) || amount > 1e18) return std::nullopt;
  return fmt::format("{} {:.0f}", currency, amount);
}

}  // namespace kgrep
