// How each entity type looks in every export (internal to the io stage), so
// GEXF, GraphML, DOT and JSON colour a type alike.
#pragma once

#include <cstdint>
#include <string_view>

namespace kgrep {

struct TypeStyle {
  std::string_view type;
  std::string_view dot_shape;
  std::uint8_t r, g, b;
  std::string_view hex;  // "#a6cee3"
};

// The style of `type`; an unknown type gets a neutral grey.
const TypeStyle& style_of(std::string_view type);

}  // namespace kgrep
