#include "relate/loose_screen.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>

namespace kgrep::relate_detail {

namespace {

// Atoms of fewer bytes are too common to tell documents apart.
constexpr int kMinAtomBytes = 4;
constexpr int64_t kLooseMemoryBudget = 64 << 20;

}  // namespace

struct LooseScreen::Rule {
  re2::FilteredRE2 filter{kMinAtomBytes};  // the rule's loosened regex alone
  bool compiled = false;                   // false: it may match anything
  bool has_atoms = false;                  // false: nothing to look for, the whole text is read
  std::vector<int> atoms;                  // the filter's atoms, as ids of the screen's scanner
  // A cut: atoms such that a text holding none of them does not pass the
  // filter, so every match holds one of them.
  std::vector<bool> in_cut;  // by scanner id
  // The scanner does not say where atoms outside ASCII are (it matches
  // them only by their bytes): with one in the cut the whole text is read.
  bool cut_outside_ascii = false;
};

LooseScreen::LooseScreen(const std::vector<LooseRegex>& regexes) {
  std::map<std::string, int> atom_ids;
  std::vector<std::string> all_atoms;
  for (const LooseRegex& loose : regexes) {
    auto rule = std::make_unique<Rule>();
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(loose.case_sensitive);
    options.set_max_mem(kLooseMemoryBudget);
    int id = 0;
    if (rule->filter.Add(loose.regex, options, &id) == RE2::NoError) {
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
  for (const std::string& atom : all_atoms) atom_lengths_.push_back(atom.size());
  auto scanner = std::make_unique<AtomScanner>(all_atoms);
  if (scanner->usable()) atoms_ = std::move(scanner);

  // Each rule's cut, shortest (most common) atoms left out first where the
  // filter still fails without them.
  std::vector<int> present;
  for (const auto& rule : rules_) {
    rule->in_cut.assign(all_atoms.size(), false);
    if (!rule->has_atoms) continue;
    std::vector<int> order(rule->atoms.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return atom_lengths_[static_cast<std::size_t>(rule->atoms[static_cast<std::size_t>(a)])] <
             atom_lengths_[static_cast<std::size_t>(rule->atoms[static_cast<std::size_t>(b)])];
    });
    std::vector<bool> cut(rule->atoms.size(), true);
    std::vector<int> passed;
    for (const int candidate : order) {
      // Outside the cut: atoms known to be allowed, and this one.
      present.clear();
      for (std::size_t k = 0; k < cut.size(); ++k)
        if (!cut[k] || static_cast<int>(k) == candidate) present.push_back(static_cast<int>(k));
      rule->filter.AllPotentials(present, &passed);
      if (passed.empty()) cut[static_cast<std::size_t>(candidate)] = false;
    }
    for (std::size_t k = 0; k < cut.size(); ++k) {
      if (!cut[k]) continue;
      const auto atom = static_cast<std::size_t>(rule->atoms[k]);
      rule->in_cut[atom] = true;
      rule->cut_outside_ascii = rule->cut_outside_ascii || std::any_of(all_atoms[atom].begin(), all_atoms[atom].end(),
                                                                       [](char ch) { return ch & 0x80; });
    }
  }
}

LooseScreen::~LooseScreen() = default;

bool LooseScreen::any_matches(std::string_view text, const std::vector<std::size_t>& candidates) const {
  if (candidates.empty()) return false;
  thread_local std::vector<int> found, local, passed;
  thread_local std::vector<AtomHit> hits;
  thread_local std::vector<bool> is_found;
  thread_local std::vector<std::size_t> line_starts;
  if (atoms_) {
    atoms_->find(text, found, &hits);
    is_found.assign(atom_lengths_.size(), false);
    for (const int atom : found) is_found[static_cast<std::size_t>(atom)] = true;
  }
  for (const std::size_t index : candidates) {
    const Rule& rule = *rules_[index];
    if (!rule.compiled) return true;
    const RE2& re = rule.filter.GetRE2(0);
    if (!atoms_ || !rule.has_atoms) {
      if (RE2::PartialMatch(text, re)) return true;
      continue;
    }
    // No atom of the cut anywhere: the filter would say no, at more cost.
    if (!std::any_of(found.begin(), found.end(), [&](int atom) { return rule.in_cut[static_cast<std::size_t>(atom)]; }))
      continue;
    local.clear();
    for (std::size_t k = 0; k < rule.atoms.size(); ++k)
      if (is_found[static_cast<std::size_t>(rule.atoms[k])]) local.push_back(static_cast<int>(k));
    rule.filter.AllPotentials(local, &passed);
    if (passed.empty()) continue;
    if (rule.cut_outside_ascii) {
      if (RE2::PartialMatch(text, re)) return true;
      continue;
    }
    // The lines that hold an atom of the rule's cut, each read once.
    line_starts.clear();
    for (const AtomHit& hit : hits) {
      if (!rule.in_cut[static_cast<std::size_t>(hit.atom)]) continue;
      const std::size_t begin = hit.end - atom_lengths_[static_cast<std::size_t>(hit.atom)];
      const std::size_t newline = text.rfind('\n', begin);
      line_starts.push_back(newline == std::string_view::npos ? 0 : newline + 1);
    }
    std::sort(line_starts.begin(), line_starts.end());
    line_starts.erase(std::unique(line_starts.begin(), line_starts.end()), line_starts.end());
    for (const std::size_t start : line_starts) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      if (RE2::PartialMatch(text.substr(start, end - start), re)) return true;
    }
  }
  return false;
}

}  // namespace kgrep::relate_detail
