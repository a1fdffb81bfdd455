// The id, type and name of every entity of a pack, as the matchers need them
// to make a mention (internal to the match stage). With a list of a million
// names, three strings an entity would cost three allocations each and more
// memory than the names themselves: here they share one buffer.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/huge_page_allocator.h"
#include "kgrep/rules.h"

namespace kgrep::match_detail {

struct EntityNames {
  std::string_view id;
  std::string_view type;
  std::string_view name;
};

class EntityTable {
 public:
  // With `index_ids`, find() looks entities up by id.
  EntityTable(const std::vector<EntityRule>& entities, bool index_ids);

  [[nodiscard]] std::size_t size() const { return entities_.size(); }
  [[nodiscard]] const EntityNames& operator[](std::size_t entity) const { return entities_[entity]; }
  // The first entity with this id, or null.
  [[nodiscard]] const EntityNames* find(std::string_view id) const;

 private:
  // Views point into chars_ and types_, whose characters never move: not
  // when the table moves (chars_ is one block, sized once) nor when a type is
  // added (a deque keeps its elements in place).
  core_detail::HugePageVector<char> chars_;
  std::deque<std::string> types_;
  core_detail::HugePageVector<EntityNames> entities_;
  core_detail::HugePageVector<std::uint32_t> slots_;  // open addressing by id: 1 + entity, 0 empty
};

}  // namespace kgrep::match_detail
