#include "core/regex_screen.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>

namespace kgrep::core_detail {

namespace {

constexpr int64_t kScreenMemoryBudget = 64 << 20;

bool outside_ascii(std::string_view atom) {
  return std::any_of(atom.begin(), atom.end(), [](char ch) { return (ch & 0x80) != 0; });
}

// Whether `atom` is, but for the spaces and marks around it, a function word
// of English or Dutch: such words are on nearly every line of news ("from "
// on one line in five of Reuters), so a cut is better made of the regex's
// other words, if it has any.
bool is_function_word(std::string_view atom) {
  static constexpr std::string_view kWords[] = {
      "a",    "an",    "and",  "are",  "as",   "at",  "be",   "been",  "by",    "for",   "from", "had",  "has",
      "have", "he",    "her",  "his",  "in",   "is",  "it",   "its",   "of",    "on",    "or",   "she",  "that",
      "the",  "their", "they", "this", "to",   "was", "were", "which", "who",   "will",  "with", "aan",  "als",
      "bij",  "dat",   "de",   "die",  "door", "een", "en",   "het",   "heeft", "hij",   "met",  "naar", "niet",
      "om",   "op",    "ook",  "over", "te",   "uit", "van",  "voor",  "werd",  "wordt", "zij",  "zijn"};
  const auto is_letter = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); };
  const auto first = std::find_if(atom.begin(), atom.end(), is_letter);
  const auto last = std::find_if(atom.rbegin(), atom.rend(), is_letter).base();
  if (first >= last) return false;
  std::string word(first, last);
  for (char& ch : word) ch = static_cast<char>(ch | 0x20);
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

}  // namespace

struct RegexScreen::Rule {
  explicit Rule(int min_atom_bytes) : filter(min_atom_bytes) {}
  re2::FilteredRE2 filter;  // this regex alone
  bool compiled = false;    // false: it may match anything
  bool has_atoms = false;   // false: the filter passes every text
  std::vector<int> atoms;   // the filter's atoms, as ids of the screen's scanner
  // By scanner id: a cut atom that passes the filter on its own (with the
  // atoms nobody looks for, taken as there), so that finding it settles it.
  std::vector<bool> enough;
  bool cut_outside_ascii = false;
  bool cut_only = false;
};

RegexScreen::RegexScreen(const std::vector<ScreenedRegex>& regexes) {
  std::map<std::string, int> atom_ids;
  std::vector<std::string> all_atoms;
  for (const ScreenedRegex& screened : regexes) {
    auto rule = std::make_unique<Rule>(screened.min_atom_bytes);
    rule->cut_only = screened.cut_only;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(screened.case_sensitive);
    options.set_max_mem(kScreenMemoryBudget);
    int id = 0;
    if (rule->filter.Add(screened.regex, options, &id) == RE2::NoError) {
      std::vector<std::string> strings;
      rule->filter.Compile(&strings);
      rule->compiled = true;
      rule->has_atoms = !strings.empty();
      for (const std::string& atom : strings) {
        const auto [it, added] = atom_ids.emplace(atom, static_cast<int>(all_atoms.size()));
        if (added) all_atoms.push_back(atom);
        rule->atoms.push_back(it->second);
      }
    }
    rules_.push_back(std::move(rule));
  }
  for (const std::string& atom : all_atoms) {
    atom_lengths_.push_back(atom.size());
    placeless_.push_back(outside_ascii(atom));
  }

  // Each rule's cut: its atoms, less those the filter still fails without,
  // the most common tried first: function words, then the shorter.
  cut_words_ = (rules_.size() + 63) / 64;
  cut_bits_.assign(all_atoms.size() * cut_words_, 0);
  std::vector<int> present, passed;
  for (std::size_t index = 0; index < rules_.size(); ++index) {
    Rule* rule = rules_[index].get();
    if (!rule->has_atoms) continue;
    std::vector<int> order(rule->atoms.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
    auto commonness = [&](int k) {
      const auto atom = static_cast<std::size_t>(rule->atoms[static_cast<std::size_t>(k)]);
      return std::make_pair(!is_function_word(all_atoms[atom]), atom_lengths_[atom]);
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return commonness(a) < commonness(b); });
    std::vector<bool> cut(rule->atoms.size(), true);
    for (const int candidate : order) {
      present.clear();
      for (std::size_t k = 0; k < cut.size(); ++k)
        if (!cut[k] || static_cast<int>(k) == candidate) present.push_back(static_cast<int>(k));
      rule->filter.AllPotentials(present, &passed);
      if (passed.empty()) cut[static_cast<std::size_t>(candidate)] = false;
    }
    for (std::size_t k = 0; k < cut.size(); ++k) {
      if (!cut[k]) continue;
      const auto atom = static_cast<std::size_t>(rule->atoms[k]);
      cut_bits_[atom * cut_words_ + index / 64] |= std::uint64_t{1} << (index % 64);
      rule->cut_outside_ascii = rule->cut_outside_ascii || outside_ascii(all_atoms[atom]);
    }
  }
  // The scanner's ids are the atoms' ids: an atom not looked for is one the
  // scanner cannot find, an empty string.
  looked_for_.assign(all_atoms.size(), false);
  for (std::size_t index = 0; index < rules_.size(); ++index)
    for (const int atom : rules_[index]->atoms)
      if (!rules_[index]->cut_only || in_cut(index, atom)) looked_for_[static_cast<std::size_t>(atom)] = true;
  for (std::size_t index = 0; index < rules_.size(); ++index) {
    Rule* rule = rules_[index].get();
    rule->enough.assign(all_atoms.size(), false);
    if (!rule->has_atoms) continue;
    std::vector<int> unseen;  // the filter's own indices of the atoms not looked for
    for (std::size_t k = 0; k < rule->atoms.size(); ++k)
      if (!looked_for_[static_cast<std::size_t>(rule->atoms[k])]) unseen.push_back(static_cast<int>(k));
    for (std::size_t k = 0; k < rule->atoms.size(); ++k) {
      const auto atom = static_cast<std::size_t>(rule->atoms[k]);
      if (!in_cut(index, rule->atoms[k])) continue;
      present = unseen;
      present.push_back(static_cast<int>(k));
      std::sort(present.begin(), present.end());
      rule->filter.AllPotentials(present, &passed);
      rule->enough[atom] = !passed.empty();
    }
  }
  for (const auto& rule : rules_) open_.push_back(!rule->compiled || !rule->has_atoms);
  std::vector<std::string> wanted = all_atoms;
  for (std::size_t atom = 0; atom < wanted.size(); ++atom)
    if (!looked_for_[atom]) wanted[atom].clear();
  auto scanner = std::make_unique<AtomScanner>(wanted);
  if (scanner->usable()) {
    atoms_ = std::move(scanner);
  } else {
    open_.assign(rules_.size(), true);
  }
}

RegexScreen::~RegexScreen() = default;

void RegexScreen::scan(std::string_view text, AtomScan& scan, bool want_hits) const {
  scan.found.clear();
  scan.hits.clear();
  scan.present.assign(atom_lengths_.size(), false);
  if (!atoms_) return;
  atoms_->find(text, scan.found, want_hits ? &scan.hits : nullptr);
  for (const int atom : scan.found) scan.present[static_cast<std::size_t>(atom)] = true;
}

bool RegexScreen::may_match(std::size_t index, const AtomScan& scan) const {
  if (open_[index]) return true;
  const Rule& rule = *rules_[index];
  // No atom of the cut anywhere: the filter would say no, at more cost.
  bool cut_found = false;
  for (const int atom : scan.found) {
    if (rule.enough[static_cast<std::size_t>(atom)]) return true;
    cut_found = cut_found || in_cut(index, atom);
  }
  if (!cut_found) return false;
  thread_local std::vector<int> local, passed;
  local.clear();
  for (std::size_t k = 0; k < rule.atoms.size(); ++k)
    if (!looked_for_[static_cast<std::size_t>(rule.atoms[k])] || scan.present[static_cast<std::size_t>(rule.atoms[k])])
      local.push_back(static_cast<int>(k));
  rule.filter.AllPotentials(local, &passed);
  return !passed.empty();
}

void RegexScreen::may_match_among(std::size_t first, std::size_t count, const AtomScan& scan,
                                  std::vector<std::size_t>& out) const {
  out.clear();
  const std::size_t end = first + count;
  // Only regexes with a cut atom among those found can pass: their bits,
  // gathered over the atoms found, within the range's words.
  const std::size_t first_word = first / 64, end_word = (end + 63) / 64;
  thread_local std::vector<std::uint64_t> with_cut_atom;
  with_cut_atom.assign(end_word - first_word, 0);
  for (const int atom : scan.found) {
    const std::uint64_t* bits = &cut_bits_[static_cast<std::size_t>(atom) * cut_words_];
    for (std::size_t word = first_word; word < end_word; ++word) with_cut_atom[word - first_word] |= bits[word];
  }
  for (std::size_t index = first; index < end; ++index) {
    const bool has_cut_atom = (with_cut_atom[index / 64 - first_word] >> (index % 64) & 1u) != 0;
    if (open_[index] || (has_cut_atom && may_match(index, scan))) out.push_back(index - first);
  }
}

const RE2* RegexScreen::regex(std::size_t index) const {
  const Rule& rule = *rules_[index];
  return rule.compiled ? &rule.filter.GetRE2(0) : nullptr;
}

bool RegexScreen::cut_has_places(std::size_t index) const { return !open_[index] && !rules_[index]->cut_outside_ascii; }

bool RegexScreen::in_cut(std::size_t index, int atom) const {
  return (cut_bits_[static_cast<std::size_t>(atom) * cut_words_ + index / 64] >> (index % 64) & 1u) != 0;
}

SpanScans::SpanScans(const RegexScreen& screen, const AtomScan& text) {
  for (const AtomHit& hit : text.hits)
    placed_.push_back(Placed{hit.end - screen.atom_length(hit.atom), hit.end, hit.atom});
  std::sort(placed_.begin(), placed_.end(), [](const Placed& a, const Placed& b) { return a.begin < b.begin; });
  for (const int atom : text.found)
    if (!screen.has_places(atom)) placeless_.push_back(atom);
  span_.present.assign(text.present.size(), false);
}

const AtomScan& SpanScans::within(std::size_t begin, std::size_t end) {
  for (const int atom : span_.found) span_.present[static_cast<std::size_t>(atom)] = false;
  span_.found = placeless_;
  while (next_ < placed_.size() && placed_[next_].begin < begin) ++next_;
  for (std::size_t k = next_; k < placed_.size() && placed_[k].begin < end; ++k)
    if (placed_[k].end <= end) span_.found.push_back(placed_[k].atom);
  std::sort(span_.found.begin(), span_.found.end());
  span_.found.erase(std::unique(span_.found.begin(), span_.found.end()), span_.found.end());
  for (const int atom : span_.found) span_.present[static_cast<std::size_t>(atom)] = true;
  return span_;
}

}  // namespace kgrep::core_detail
