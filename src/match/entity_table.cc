#include "match/entity_table.h"

#include <algorithm>
#include <functional>

namespace kgrep::match_detail {

EntityTable::EntityTable(const std::vector<EntityRule>& entities, bool index_ids) {
  std::size_t bytes = 0;
  for (const EntityRule& entity : entities) bytes += entity.id.size() + entity.name.size();
  chars_.resize(bytes);
  char* next = chars_.data();
  auto keep = [&next](const std::string& text) {
    std::copy(text.begin(), text.end(), next);
    const std::string_view view(next, text.size());
    next += text.size();
    return view;
  };
  entities_.reserve(entities.size());
  for (const EntityRule& entity : entities) {
    // A pack names a handful of types: each is stored once.
    auto type = std::find(types_.begin(), types_.end(), entity.type);
    if (type == types_.end()) type = types_.insert(types_.end(), entity.type);
    const std::string_view id = keep(entity.id);
    entities_.push_back(EntityNames{id, *type, keep(entity.name)});
  }
  if (!index_ids) return;
  std::size_t capacity = 64;
  while (capacity < 2 * entities_.size()) capacity *= 2;
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::size_t k = 0; k < entities_.size(); ++k) {
    std::size_t slot = std::hash<std::string_view>{}(entities_[k].id) & mask;
    while (slots_[slot] != 0 && entities_[slots_[slot] - 1].id != entities_[k].id) slot = (slot + 1) & mask;
    if (slots_[slot] == 0) slots_[slot] = static_cast<std::uint32_t>(k + 1);
  }
}

const EntityNames* EntityTable::find(std::string_view id) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = std::hash<std::string_view>{}(id)&mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
    const EntityNames& entity = entities_[slots_[slot] - 1];
    if (entity.id == id) return &entity;
  }
  return nullptr;
}

}  // namespace kgrep::match_detail
