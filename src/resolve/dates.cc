#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>

#include "kgrep/resolve.h"

namespace kgrep {

namespace {

namespace chrono = std::chrono;

// Month names and the abbreviations news uses, in English, Dutch, German and
// French, lower case; index + 1 is the month. Abbreviations count only next to
// a day or a year: "Jan" alone is a first name as often as a month.
struct MonthName {
  std::string_view name;
  unsigned month;
  bool abbreviation;
};
constexpr MonthName kMonthNames[] = {
    {"january", 1, false},   {"januari", 1, false},   {"januar", 1, false},    {"jänner", 1, false},
    {"janvier", 1, false},   {"jan", 1, true},        {"february", 2, false},  {"februari", 2, false},
    {"februar", 2, false},   {"février", 2, false},   {"fevrier", 2, false},   {"feb", 2, true},
    {"febr", 2, true},       {"march", 3, false},     {"maart", 3, false},     {"märz", 3, false},
    {"maerz", 3, false},     {"mars", 3, false},      {"mar", 3, true},        {"mrt", 3, true},
    {"april", 4, false},     {"avril", 4, false},     {"apr", 4, true},        {"may", 5, false},
    {"mei", 5, false},       {"mai", 5, false},       {"june", 6, false},      {"juni", 6, false},
    {"juin", 6, false},      {"jun", 6, true},        {"july", 7, false},      {"juli", 7, false},
    {"juillet", 7, false},   {"jul", 7, true},        {"august", 8, false},    {"augustus", 8, false},
    {"août", 8, false},      {"aout", 8, false},      {"aug", 8, true},        {"september", 9, false},
    {"septembre", 9, false}, {"sep", 9, true},        {"sept", 9, true},       {"october", 10, false},
    {"oktober", 10, false},  {"octobre", 10, false},  {"oct", 10, true},       {"okt", 10, true},
    {"november", 11, false}, {"novembre", 11, false}, {"nov", 11, true},       {"december", 12, false},
    {"dezember", 12, false}, {"décembre", 12, false}, {"decembre", 12, false}, {"dec", 12, true},
    {"dez", 12, true},
};

// Weekday names, lower case; the value is days since Monday.
struct WeekdayName {
  std::string_view name;
  unsigned days_after_monday;
};
constexpr WeekdayName kWeekdayNames[] = {
    {"monday", 0},   {"maandag", 0},   {"montag", 0},     {"lundi", 0},    {"tuesday", 1},  {"dinsdag", 1},
    {"dienstag", 1}, {"mardi", 1},     {"wednesday", 2},  {"woensdag", 2}, {"mittwoch", 2}, {"mercredi", 2},
    {"thursday", 3}, {"donderdag", 3}, {"donnerstag", 3}, {"jeudi", 3},    {"friday", 4},   {"vrijdag", 4},
    {"freitag", 4},  {"vendredi", 4},  {"saturday", 5},   {"zaterdag", 5}, {"samstag", 5},  {"samedi", 5},
    {"sunday", 6},   {"zondag", 6},    {"sonntag", 6},    {"dimanche", 6},
};

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& ch : result) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  // The capitals of the accented month names above ("Février", "Décembre", "März").
  for (auto [upper, lowered] : {std::pair{"É", "é"}, std::pair{"Ä", "ä"}, std::pair{"Û", "û"}}) {
    for (std::size_t at = result.find(upper); at != std::string::npos; at = result.find(upper, at))
      result.replace(at, 2, lowered);
  }
  return result;
}

const MonthName* month_named(std::string_view word) {
  const std::string folded = lower(word);
  for (const MonthName& month : kMonthNames) {
    if (month.name == folded) return &month;
  }
  return nullptr;
}

// English "May" and "March" are also verbs, and news capitalises them as
// months; French "mars" is lower case, the planet "Mars" is not.
bool plausible_month(std::string_view word, const MonthName& month) {
  if (month.name == "may" || month.name == "march") return word[0] == 'M';
  if (month.name == "mars") return word[0] == 'm';
  return true;
}

std::string month_alternation(bool with_abbreviations) {
  std::string alternation;
  for (const MonthName& month : kMonthNames) {
    if (month.abbreviation && !with_abbreviations) continue;
    if (!alternation.empty()) alternation += '|';
    alternation += month.name;
  }
  return alternation;
}

std::string weekday_alternation() {
  std::string alternation;
  for (const WeekdayName& weekday : kWeekdayNames) {
    if (!alternation.empty()) alternation += '|';
    alternation += weekday.name;
  }
  return alternation;
}

bool valid(int year, unsigned month, unsigned day) {
  if (year < 1900 || year > 2199 || month < 1 || month > 12) return false;
  return day == 0 || chrono::year_month_day(chrono::year(year), chrono::month(month), chrono::day(day)).ok();
}

chrono::sys_days to_days(const CalendarDate& date) {
  return chrono::year_month_day(chrono::year(date.year), chrono::month(date.month), chrono::day(date.day));
}

CalendarDate from_days(chrono::sys_days days) {
  const chrono::year_month_day ymd(days);
  return CalendarDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day())};
}

// The month `month` most recently before (or, unless `strictly`, in) the
// article's month.
CalendarDate recent_month(const CalendarDate& article, unsigned month, bool strictly) {
  const bool this_year = strictly ? month < article.month : month <= article.month;
  return CalendarDate{this_year ? article.year : article.year - 1, month, 0};
}

CalendarDate add_months(const CalendarDate& date, int months) {
  const int index = date.year * 12 + static_cast<int>(date.month) - 1 + months;
  return CalendarDate{index / 12, static_cast<unsigned>(index % 12 + 1), 0};
}

// One form of date: its regex and what a match means.
enum class Form {
  kIso,             // 2025-02-14, 2025-02
  kDayMonthYear,    // 14 February 2025, 14. Februar 2025, 1er mars 2025
  kMonthDayYear,    // February 14, 2025
  kMonthYear,       // February 2025, Feb. 2025
  kDayMonth,        // 14 February (year from the article)
  kMonthDay,        // February 14
  kMonthAfterWord,  // in February, last October, afgelopen maart
  kWeekday,         // on Tuesday, last Tuesday, dinsdag
  kRelativeDay,     // yesterday, today, gisteren
  kRelativeWeek,    // last week, vorige week
  kRelativeMonth,   // last month, this month, vorige maand
};

struct DateForm {
  Form form;
  std::unique_ptr<RE2> re;
};

std::vector<DateForm> compile_forms() {
  const std::string months = "(" + month_alternation(true) + ")\\.?";
  const std::string full_months = "(" + month_alternation(false) + ")";
  const std::string day = "(\\d{1,2})(?:st|nd|rd|th|er|e|\\.)?";
  const std::string year = "((?:19|20|21)\\d\\d)";
  const std::pair<Form, std::string> sources[] = {
      {Form::kIso, "\\b" + year + "-(\\d\\d)(?:-(\\d\\d))?\\b"},
      {Form::kDayMonthYear, "\\b" + day + " " + months + ",? " + year + "\\b"},
      {Form::kMonthDayYear, "\\b" + months + " " + day + ",? " + year + "\\b"},
      {Form::kMonthYear, "\\b" + months + ",? (?:of )?" + year + "\\b"},
      {Form::kDayMonth, "\\b" + day + " " + months + "(?:[^\\pL\\pN]|$)"},
      {Form::kMonthDay, "\\b" + months + " " + day + "(?:[^\\pN:.,]|[.,]\\D|[.,]?$)"},
      {Form::kMonthAfterWord,
       "\\b(in|last|early|late|earlier in|afgelopen|vorige|begin|eind|medio|im|letzten|en) " + full_months + "\\b"},
      {Form::kWeekday, "\\b(?:(on|last|afgelopen|vorige|am|letzten|dernier) )?(" + weekday_alternation() + ")\\b"},
      {Form::kRelativeDay, "\\b(yesterday|today|gisteren|vandaag|gestern|heute|aujourd'hui)\\b"},
      {Form::kRelativeWeek,
       "\\b(last week|vorige week|afgelopen week|letzte woche|vergangene woche|"
       "la semaine dernière)\\b"},
      {Form::kRelativeMonth,
       "\\b(last month|earlier this month|this month|vorige maand|afgelopen maand|"
       "eerder deze maand|deze maand|letzten monat|vergangenen monat|le mois dernier|"
       "ce mois-ci)\\b"},
  };
  std::vector<DateForm> forms;
  for (const auto& [form, pattern] : sources) {
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    forms.push_back(DateForm{form, std::make_unique<RE2>(pattern, options)});
  }
  return forms;
}

const std::vector<DateForm>& date_forms() {
  static const std::vector<DateForm> forms = compile_forms();
  return forms;
}

int number(const re2::StringPiece& piece) { return std::atoi(std::string(piece).c_str()); }

// What one match of `form` says, or nothing (an impossible date, a relative
// one without an article date, a verb that looks like a month).
std::optional<CalendarDate> interpret(Form form, const std::vector<re2::StringPiece>& groups,
                                      const std::optional<CalendarDate>& article) {
  auto month_of = [&](const re2::StringPiece& piece) -> const MonthName* {
    const MonthName* month = month_named(std::string_view(piece.data(), piece.size()));
    return month && plausible_month(std::string_view(piece.data(), piece.size()), *month) ? month : nullptr;
  };
  auto checked = [](CalendarDate date) -> std::optional<CalendarDate> {
    if (!valid(date.year, date.month, date.day)) return std::nullopt;
    return date;
  };
  // A day and month without a year: the latest such day not after the article.
  auto in_article_year = [&](unsigned month, unsigned day) -> std::optional<CalendarDate> {
    if (!article || !valid(article->year, month, day)) return std::nullopt;
    CalendarDate date{article->year, month, day};
    const bool later = article->day != 0 ? to_days(date) > to_days(*article) : month > article->month;
    if (later) date.year -= 1;
    return checked(date);
  };
  switch (form) {
    case Form::kIso:
      return checked({number(groups[1]), static_cast<unsigned>(number(groups[2])),
                      groups[3].empty() ? 0u : static_cast<unsigned>(number(groups[3]))});
    case Form::kDayMonthYear:
      if (const MonthName* month = month_of(groups[2]))
        return checked({number(groups[3]), month->month, static_cast<unsigned>(number(groups[1]))});
      return std::nullopt;
    case Form::kMonthDayYear:
      if (const MonthName* month = month_of(groups[1]))
        return checked({number(groups[3]), month->month, static_cast<unsigned>(number(groups[2]))});
      return std::nullopt;
    case Form::kMonthYear:
      if (const MonthName* month = month_of(groups[1])) return checked({number(groups[2]), month->month, 0});
      return std::nullopt;
    case Form::kDayMonth:
      if (const MonthName* month = month_of(groups[2]))
        return in_article_year(month->month, static_cast<unsigned>(number(groups[1])));
      return std::nullopt;
    case Form::kMonthDay:
      if (const MonthName* month = month_of(groups[1]))
        return in_article_year(month->month, static_cast<unsigned>(number(groups[2])));
      return std::nullopt;
    case Form::kMonthAfterWord: {
      const MonthName* month = month_of(groups[2]);
      if (!month || !article) return std::nullopt;
      const std::string word = lower(std::string_view(groups[1].data(), groups[1].size()));
      const bool strictly = word == "last" || word == "afgelopen" || word == "vorige" || word == "letzten";
      return recent_month(*article, month->month, strictly);
    }
    case Form::kWeekday: {
      if (!article || article->day == 0) return std::nullopt;
      const std::string name = lower(std::string_view(groups[2].data(), groups[2].size()));
      unsigned target = 0;
      for (const WeekdayName& weekday : kWeekdayNames)
        if (weekday.name == name) target = weekday.days_after_monday;
      const chrono::sys_days day = to_days(*article);
      const unsigned today = (chrono::weekday(day).iso_encoding() + 6) % 7;  // days after Monday
      unsigned back = (today + 7 - target) % 7;
      if (back == 0 && !groups[1].empty() && lower(std::string_view(groups[1].data(), groups[1].size())) != "on" &&
          lower(std::string_view(groups[1].data(), groups[1].size())) != "am")
        back = 7;  // "last Tuesday" on a Tuesday is a week ago
      return from_days(day - chrono::days(back));
    }
    case Form::kRelativeDay: {
      if (!article || article->day == 0) return std::nullopt;
      const std::string word = lower(std::string_view(groups[1].data(), groups[1].size()));
      const bool today = word == "today" || word == "vandaag" || word == "heute" || word == "aujourd'hui";
      return from_days(to_days(*article) - chrono::days(today ? 0 : 1));
    }
    case Form::kRelativeWeek:
      if (!article || article->day == 0) return std::nullopt;
      return from_days(to_days(*article) - chrono::days(7));
    case Form::kRelativeMonth: {
      if (!article) return std::nullopt;
      const std::string words = lower(std::string_view(groups[1].data(), groups[1].size()));
      const bool previous =
          words.find("last") != std::string::npos || words.find("vorige") != std::string::npos ||
          words.find("afgelopen") != std::string::npos || words.find("letzten") != std::string::npos ||
          words.find("vergangenen") != std::string::npos || words.find("dernier") != std::string::npos;
      return add_months(CalendarDate{article->year, article->month, 0}, previous ? -1 : 0);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string CalendarDate::iso() const {
  return day == 0 ? fmt::format("{:04}-{:02}", year, month) : fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::optional<CalendarDate> parse_iso_date(std::string_view text) {
  auto digits = [&](std::size_t from, std::size_t count) {
    if (text.size() < from + count) return false;
    for (std::size_t k = from; k < from + count; ++k)
      if (text[k] < '0' || text[k] > '9') return false;
    return true;
  };
  if ((text.size() != 7 && text.size() != 10) || !digits(0, 4) || text[4] != '-' || !digits(5, 2)) return std::nullopt;
  CalendarDate date{std::atoi(std::string(text.substr(0, 4)).c_str()),
                    static_cast<unsigned>(std::atoi(std::string(text.substr(5, 2)).c_str())), 0};
  if (text.size() == 10) {
    if (text[7] != '-' || !digits(8, 2)) return std::nullopt;
    date.day = static_cast<unsigned>(std::atoi(std::string(text.substr(8, 2)).c_str()));
  }
  if (!valid(date.year, date.month, date.day)) return std::nullopt;
  return date;
}

std::vector<FoundDate> find_dates(std::string_view text, const std::optional<CalendarDate>& article) {
  std::vector<FoundDate> found;
  std::vector<re2::StringPiece> groups;
  const re2::StringPiece input(text.data(), text.size());
  for (const DateForm& form : date_forms()) {
    const int count = form.re->NumberOfCapturingGroups() + 1;
    groups.assign(static_cast<std::size_t>(count), re2::StringPiece());
    std::size_t pos = 0;
    while (pos <= text.size() && form.re->Match(input, pos, text.size(), RE2::UNANCHORED, groups.data(), count)) {
      const auto begin = static_cast<std::size_t>(groups[0].data() - text.data());
      const std::size_t end = begin + groups[0].size();
      if (auto date = interpret(form.form, groups, article)) found.push_back(FoundDate{*date, Span{begin, end}});
      pos = std::max(end, begin + 1);
    }
  }
  // Where two readings overlap ("in February" and "February 2025" in "in
  // February 2025"), the one reaching further wins, then the earlier one.
  std::sort(found.begin(), found.end(), [](const FoundDate& a, const FoundDate& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
  });
  std::vector<FoundDate> kept;
  for (const FoundDate& date : found) {
    if (!kept.empty() && date.span.begin < kept.back().span.end) {
      if (date.span.end > kept.back().span.end) kept.back() = date;
      continue;
    }
    kept.push_back(date);
  }
  return kept;
}

std::optional<FoundDate> find_date(std::string_view text, const std::optional<CalendarDate>& article) {
  auto dates = find_dates(text, article);
  if (dates.empty()) return std::nullopt;
  return dates.front();
}

std::optional<CalendarDate> article_date(const Document& document, std::string_view normalized) {
  if (auto date = parse_iso_date(document.date)) return date;
  // A date line: the line is the date, give or take a label and a weekday.
  static const RE2 label(
      R"(^(?i:(?:published|updated|posted|date|datum|gepubliceerd|bijgewerkt|veröffentlicht|publié le)\s*:?\s*)?(?i:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag),?\s*)?)");
  std::size_t line_start = 0;
  for (int line = 0, seen = 0; seen < 5 && line < 40 && line_start < normalized.size(); ++line) {
    std::size_t line_end = normalized.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = normalized.size();
    std::string_view text = normalized.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\t')) text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    if (text.empty()) continue;
    ++seen;
    re2::StringPiece rest(text.data(), text.size());
    RE2::Consume(&rest, label);
    const std::string_view candidate(rest.data(), rest.size());
    // Only absolute dates: there is no article date yet to be relative to.
    if (auto found = candidate.size() <= 40 ? find_date(candidate, std::nullopt) : std::nullopt) {
      if (found->span.begin == 0 && found->span.end >= candidate.size() - (candidate.back() == '.' ? 1 : 0))
        return found->date;
    }
    // A dateline: a place (and an agency) before the date, a dash or colon after it.
    if (auto found = find_date(text.substr(0, std::min<std::size_t>(text.size(), 80)), std::nullopt)) {
      static const RE2 place(R"(^\p{Lu}[\pL .'-]{1,40}(?:\s*\([^)]{1,30}\))?,\s*$)");
      static const RE2 after(R"(^\s*(?:\([^)]{1,30}\)\s*)?(?:-|--|\x{2013}|\x{2014}|:))");
      const std::string_view before = text.substr(0, found->span.begin);
      const std::string_view following = text.substr(found->span.end);
      if (RE2::FullMatch(re2::StringPiece(before.data(), before.size()), place) &&
          RE2::PartialMatch(re2::StringPiece(following.data(), following.size()), after))
        return found->date;
    }
  }
  return std::nullopt;
}

}  // namespace kgrep
