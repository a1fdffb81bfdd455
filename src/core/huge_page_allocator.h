// An allocator for large tables probed at random (internal to the library).
//
// A gazetteer of a million names makes a trie table of some 64 MB, and the
// list loader an index of some 32 MB, each probed at random once a token or a
// name. With 4 KB pages nearly every probe misses the TLB, and in a virtual
// machine a miss costs more than the probe: building the trie took twice as
// long as with 2 MB pages. Blocks of 2 MB or more are therefore mapped on
// their own, aligned to 2 MB, and the kernel is asked to back them with huge
// pages (madvise(MADV_HUGEPAGE): transparent huge pages in the `madvise`
// mode, Debian's default). It is advice: where the kernel declines, the
// block works as any other. Smaller blocks come from std::allocator.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

namespace kgrep::core_detail {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  explicit HugePageAllocator(const HugePageAllocator<U>& /*other*/) noexcept {}

  T* allocate(std::size_t count) {
    const std::size_t bytes = count * sizeof(T);
    if (bytes < kHugePageBytes) return std::allocator<T>{}.allocate(count);
    const std::size_t mapped = round_up(bytes);
    // One huge page more than needed, so that an aligned run fits; the rest is given back.
    void* raw = mmap(nullptr, mapped + kHugePageBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (start + kHugePageBytes - 1) & ~(std::uintptr_t{kHugePageBytes} - 1);
    if (aligned > start) munmap(raw, aligned - start);
    const std::uintptr_t end = start + mapped + kHugePageBytes;
    if (end > aligned + mapped) munmap(reinterpret_cast<void*>(aligned + mapped), end - (aligned + mapped));
    madvise(reinterpret_cast<void*>(aligned), mapped, MADV_HUGEPAGE);
    return reinterpret_cast<T*>(aligned);
  }

  void deallocate(T* block, std::size_t count) noexcept {
    const std::size_t bytes = count * sizeof(T);
    if (bytes < kHugePageBytes) {
      std::allocator<T>{}.deallocate(block, count);
      return;
    }
    munmap(block, round_up(bytes));
  }

  friend bool operator==(const HugePageAllocator& /*a*/, const HugePageAllocator& /*b*/) { return true; }

 private:
  static std::size_t round_up(std::size_t bytes) { return (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1); }
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

// The same advice for a block allocated elsewhere (the storage a std::vector
// reserved): the whole huge pages inside [data, data + bytes).
inline void advise_huge_pages(const void* data, std::size_t bytes) {
  const auto start = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (start + kHugePageBytes - 1) & ~(std::uintptr_t{kHugePageBytes} - 1);
  const std::uintptr_t last = (start + bytes) & ~(std::uintptr_t{kHugePageBytes} - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace kgrep::core_detail
