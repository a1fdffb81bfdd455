#include "io/type_style.h"

namespace kgrep {

namespace {

// ColorBrewer "Paired" light tones: distinct, and dark text stays readable on them.
constexpr TypeStyle kStyles[] = {
    {"Organization", "box", 0xa6, 0xce, 0xe3, "#a6cee3"}, {"Person", "ellipse", 0xb2, 0xdf, 0x8a, "#b2df8a"},
    {"Model", "hexagon", 0xfd, 0xbf, 0x6f, "#fdbf6f"},    {"Product", "component", 0xfb, 0x9a, 0x99, "#fb9a99"},
    {"Event", "diamond", 0xca, 0xb2, 0xd6, "#cab2d6"},    {"Place", "house", 0xff, 0xff, 0x99, "#ffff99"},
    {"Amount", "note", 0xe0, 0xe0, 0xe0, "#e0e0e0"},      {"Date", "plain", 0xff, 0xff, 0xff, "#ffffff"},
};

constexpr TypeStyle kOther{"", "ellipse", 0xf0, 0xf0, 0xf0, "#f0f0f0"};

}  // namespace

const TypeStyle& style_of(std::string_view type) {
  for (const auto& style : kStyles)
    if (style.type == type) return style;
  return kOther;
}

}  // namespace kgrep
