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

// A transition's target is stored as state * classes_: the scan then needs
// no multiplication.
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

  // States renumbered: those where no atom ends first (the root, 0, among
  // them), then those where one does, so that a state's number tells whether
  // it has outputs and the walk's next state is the table read alone.
  std::vector<std::uint32_t> renumbered(states);
  std::uint32_t numbered = 0;
  for (const bool with_outputs : {false, true})
    for (std::size_t state = 0; state < states; ++state)
      if (ending[state].empty() != with_outputs) renumbered[state] = numbered++;
  const std::size_t quiet_states = static_cast<std::size_t>(std::count_if(
      ending.begin(), ending.end(), [](const std::vector<int>& atoms_here) { return atoms_here.empty(); }));
  output_begin_.reserve(states - quiet_states + 1);
  output_begin_.push_back(0);
  for (std::vector<int>& atoms_here : ending) {
    if (atoms_here.empty()) continue;  // in the order of their new numbers
    std::sort(atoms_here.begin(), atoms_here.end());
    atoms_here.erase(std::unique(atoms_here.begin(), atoms_here.end()), atoms_here.end());
    outputs_.insert(outputs_.end(), atoms_here.begin(), atoms_here.end());
    output_begin_.push_back(static_cast<std::uint32_t>(outputs_.size()));
  }
  if (edges.size() >= std::numeric_limits<std::uint32_t>::max()) return;  // not usable()
  outputs_from_ = static_cast<std::uint32_t>(quiet_states * classes_);
  next_.resize(edges.size());
  for (std::size_t state = 0; state < states; ++state)
    for (std::size_t cls = 0; cls < classes_; ++cls)
      next_[renumbered[state] * classes_ + cls] =
          static_cast<std::uint32_t>(renumbered[edges[state * classes_ + cls]] * classes_);
}

void AtomScanner::find(std::string_view text, std::vector<int>& found, std::vector<AtomHit>* hits) const {
  found.clear();
  if (hits) hits->clear();
  thread_local std::vector<std::uint64_t> seen;
  seen.assign((atom_count_ + 63) / 64, 0);
  // Out of the loops' way: atoms end at few places, and the compiler, told
  // nothing here writes the table, keeps the walk's state in registers.
  auto mark_outputs = [&](std::uint32_t at, std::size_t end) __attribute__((noinline)) {
    const std::size_t state = (at - outputs_from_) / classes_;
    for (std::uint32_t k = output_begin_[state]; k < output_begin_[state + 1]; ++k) {
      const auto atom = static_cast<std::size_t>(outputs_[k]);
      seen[atom / 64] |= std::uint64_t{1} << (atom % 64);
      if (hits) hits->push_back(AtomHit{outputs_[k], end});
    }
  };
  const std::uint32_t* const next = next_.data();
  const std::uint8_t* const byte_class = byte_class_.data();
  const std::uint32_t outputs_from = outputs_from_;
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  // Each step waits for the table read of the one before; parts of the text
  // walked side by side keep several such reads in flight. Each part starts
  // early by the longest atom less one byte, so an atom across a cut is found
  // whole by the part after it. The last part's state carries on to the end.
  const std::size_t overlap = longest_atom_ > 0 ? longest_atom_ - 1 : 0;
  std::size_t walked = 0;
  std::uint32_t at = 0;
  auto walk_parts = [&]<std::size_t kParts>(std::integral_constant<std::size_t, kParts>) {
    const std::size_t part = text.size() / kParts;
    std::array<const unsigned char*, kParts> from{};
    std::array<std::uint32_t, kParts> state{};
    for (std::size_t k = 0; k < kParts; ++k) from[k] = k == 0 ? bytes : bytes + k * part - overlap;
    // The first part walks `overlap` bytes more than it needs, which is harmless.
    const std::size_t steps = part + overlap;
    for (std::size_t step = 0; step < steps; ++step) {
      std::uint32_t highest = 0;
#pragma GCC unroll 8
      for (std::size_t k = 0; k < kParts; ++k) {
        state[k] = next[state[k] + byte_class[from[k][step]]];
        highest = std::max(highest, state[k]);
      }
      if (highest >= outputs_from) [[unlikely]] {
#pragma GCC unroll 8
        for (std::size_t k = 0; k < kParts; ++k)
          if (state[k] >= outputs_from) mark_outputs(state[k], static_cast<std::size_t>(from[k] - bytes) + step + 1);
      }
    }
    walked = kParts * part;
    at = state[kParts - 1];
  };
  if (text.size() / 8 > overlap + 16) {
    walk_parts(std::integral_constant<std::size_t, 8>{});
  } else if (text.size() / 4 > overlap + 16) {
    walk_parts(std::integral_constant<std::size_t, 4>{});
  } else if (text.size() / 2 > overlap + 16) {
    walk_parts(std::integral_constant<std::size_t, 2>{});
  }
  for (std::size_t k = walked; k < text.size(); ++k) {
    at = next[at + byte_class[bytes[k]]];
    if (at >= outputs_from) mark_outputs(at, k + 1);
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
