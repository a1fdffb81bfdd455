#include "core/atom_scanner.h"

#include <algorithm>
#include <array>
#include <deque>
#include <limits>

namespace kgrep::core_detail {

namespace {

constexpr std::uint32_t kNoState = std::numeric_limits<std::uint32_t>::max();

unsigned char ascii_lower(unsigned char byte) { return byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte; }

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

}  // namespace

// A transition's target is stored as (state * classes_) << 1, with the low
// bit set when atoms end there: the scan then needs no multiplication and
// reads the outputs only at such states.
AtomScanner::AtomScanner(const std::vector<std::string>& atoms) : byte_class_(256, 0), atom_count_(atoms.size()) {
  for (const std::string& atom : atoms) {
    if (!is_ascii(atom)) continue;
    for (const char ch : atom) {
      const unsigned char byte = ascii_lower(static_cast<unsigned char>(ch));
      if (byte_class_[byte] == 0) byte_class_[byte] = static_cast<std::uint8_t>(classes_++);
    }
  }
  for (unsigned char upper = 'A'; upper <= 'Z'; ++upper) byte_class_[upper] = byte_class_[ascii_lower(upper)];

  // The trie: goto[state * classes_ + class], kNoState where it has no edge.
  std::vector<std::uint32_t> edges(classes_, kNoState);
  std::vector<std::vector<int>> ending(1);
  for (std::size_t index = 0; index < atoms.size(); ++index) {
    const std::string& atom = atoms[index];
    if (atom.empty()) continue;
    if (!is_ascii(atom)) {
      non_ascii_atoms_.push_back(static_cast<int>(index));
      continue;
    }
    longest_atom_ = std::max(longest_atom_, atom.size());
    std::uint32_t state = 0;
    for (const char ch : atom) {
      std::uint32_t& edge = edges[state * classes_ + byte_class_[static_cast<unsigned char>(ch)]];
      if (edge == kNoState) {
        edge = static_cast<std::uint32_t>(ending.size());
        ending.emplace_back();
        edges.resize(edges.size() + classes_, kNoState);  // invalidates `edge`, set above
      }
      state = edges[state * classes_ + byte_class_[static_cast<unsigned char>(ch)]];
    }
    ending[state].push_back(static_cast<int>(index));
  }

  // Failure links breadth first, turning the trie into a full automaton; a
  // state's outputs take in those of its failure state.
  const std::size_t states = ending.size();
  std::vector<std::uint32_t> failure(states, 0);
  std::deque<std::uint32_t> queue;
  for (std::size_t cls = 0; cls < classes_; ++cls) {
    std::uint32_t& edge = edges[cls];
    if (edge == kNoState) {
      edge = 0;
    } else {
      queue.push_back(edge);
    }
  }
  while (!queue.empty()) {
    const std::uint32_t state = queue.front();
    queue.pop_front();
    const std::vector<int>& inherited = ending[failure[state]];
    ending[state].insert(ending[state].end(), inherited.begin(), inherited.end());
    for (std::size_t cls = 0; cls < classes_; ++cls) {
      std::uint32_t& edge = edges[state * classes_ + cls];
      const std::uint32_t fallback = edges[failure[state] * classes_ + cls];
      if (edge == kNoState) {
        edge = fallback;
      } else {
        failure[edge] = fallback;
        queue.push_back(edge);
      }
    }
  }

  output_begin_.reserve(states + 1);
  output_begin_.push_back(0);
  for (std::vector<int>& atoms_here : ending) {
    std::sort(atoms_here.begin(), atoms_here.end());
    atoms_here.erase(std::unique(atoms_here.begin(), atoms_here.end()), atoms_here.end());
    outputs_.insert(outputs_.end(), atoms_here.begin(), atoms_here.end());
    output_begin_.push_back(static_cast<std::uint32_t>(outputs_.size()));
  }
  if (edges.size() * classes_ * 2 >= std::numeric_limits<std::uint32_t>::max()) return;  // not usable()
  next_.resize(edges.size());
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const std::uint32_t target = edges[k];
    const bool outputs = !ending[target].empty();
    next_[k] = static_cast<std::uint32_t>((target * classes_) << 1) | (outputs ? 1u : 0u);
  }
}

void AtomScanner::find(std::string_view text, std::vector<int>& found, std::vector<AtomHit>* hits) const {
  found.clear();
  if (hits) hits->clear();
  thread_local std::vector<std::uint64_t> seen;
  seen.assign((atom_count_ + 63) / 64, 0);
  // Out of the loops' way: atoms end at few places, and the compiler, told
  // nothing here writes the table, keeps the walk's state in registers.
  auto mark_outputs = [&](std::uint32_t at, std::size_t end) __attribute__((noinline)) {
    const std::size_t state = at / classes_;
    for (std::uint32_t k = output_begin_[state]; k < output_begin_[state + 1]; ++k) {
      const auto atom = static_cast<std::size_t>(outputs_[k]);
      seen[atom / 64] |= std::uint64_t{1} << (atom % 64);
      if (hits) hits->push_back(AtomHit{outputs_[k], end});
    }
  };
  const std::uint32_t* const next = next_.data();
  const std::uint8_t* const byte_class = byte_class_.data();
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  // Each step waits for the table read of the one before; four parts of the
  // text walked side by side keep four such reads in flight. Each part
  // starts early by the longest atom less one byte, so an atom across a cut
  // is found whole by the part after it.
  constexpr std::size_t kParts = 4;
  const std::size_t overlap = longest_atom_ > 0 ? longest_atom_ - 1 : 0;
  const std::size_t part = text.size() / kParts;
  std::size_t walked = 0;  // bytes from the start walked by the parallel loop's last part
  if (part > overlap + 64) {
    const unsigned char* p0 = bytes;
    const unsigned char* p1 = bytes + part - overlap;
    const unsigned char* p2 = bytes + 2 * part - overlap;
    const unsigned char* p3 = bytes + 3 * part - overlap;
    std::uint32_t at0 = 0, at1 = 0, at2 = 0, at3 = 0;
    const std::size_t steps = part + overlap;  // every part but the first walks `overlap` bytes more
    // The first part walks from 0 to part + overlap: more than it needs, which is harmless.
    for (std::size_t step = 0; step < steps; ++step) {
      const std::uint32_t n0 = next[at0 + byte_class[p0[step]]];
      const std::uint32_t n1 = next[at1 + byte_class[p1[step]]];
      const std::uint32_t n2 = next[at2 + byte_class[p2[step]]];
      const std::uint32_t n3 = next[at3 + byte_class[p3[step]]];
      at0 = n0 >> 1;
      at1 = n1 >> 1;
      at2 = n2 >> 1;
      at3 = n3 >> 1;
      if (((n0 | n1 | n2 | n3) & 1u) != 0) [[unlikely]] {
        if ((n0 & 1u) != 0) mark_outputs(at0, static_cast<std::size_t>(p0 - bytes) + step + 1);
        if ((n1 & 1u) != 0) mark_outputs(at1, static_cast<std::size_t>(p1 - bytes) + step + 1);
        if ((n2 & 1u) != 0) mark_outputs(at2, static_cast<std::size_t>(p2 - bytes) + step + 1);
        if ((n3 & 1u) != 0) mark_outputs(at3, static_cast<std::size_t>(p3 - bytes) + step + 1);
      }
    }
    walked = (kParts - 1) * part - overlap + steps;  // the last part's end
  }
  std::uint32_t at = 0;
  // The rest from `walked` less the overlap, so that an atom begun in the parallel part is completed.
  for (std::size_t k = walked > overlap ? walked - overlap : 0; k < text.size(); ++k) {
    const std::uint32_t step_to = next[at + byte_class[bytes[k]]];
    at = step_to >> 1;
    if ((step_to & 1u) != 0) mark_outputs(at, k + 1);
  }
  // An OR over the bytes rather than a search: the compiler makes it a vector loop.
  unsigned char high_bits = 0;
  for (const char ch : text) high_bits |= static_cast<unsigned char>(ch);
  if ((high_bits & 0x80u) != 0) {
    for (const int atom : non_ascii_atoms_)
      seen[static_cast<std::size_t>(atom) / 64] |= std::uint64_t{1} << (static_cast<std::size_t>(atom) % 64);
  }
  for (std::size_t word = 0; word < seen.size(); ++word) {
    for (std::uint64_t bits = seen[word]; bits != 0; bits &= bits - 1)
      found.push_back(static_cast<int>(word * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))));
  }
}

}  // namespace kgrep::core_detail
