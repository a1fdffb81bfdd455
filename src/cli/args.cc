#include "cli/args.h"

#include <fmt/format.h>

#include "kgrep/core.h"

namespace kgrep::cli {

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
  std::vector<std::string> values;
  auto [first, last] = options.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

std::string ParsedArgs::last(const std::string& name, const std::string& fallback) const {
  auto values = all(name);
  return values.empty() ? fallback : values.back();
}

ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  ParsedArgs parsed;
  bool options_done = false;
  for (std::size_t k = 0; k < args.size(); ++k) {
    const std::string& arg = args[k];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg;
    std::string value;
    bool has_inline_value = false;
    if (const auto equals = arg.find('='); arg.starts_with("--") && equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      has_inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const auto& candidate : specs)
      if (candidate.long_name == name || (!candidate.short_name.empty() && candidate.short_name == name))
        spec = &candidate;
    if (spec == nullptr) throw Error(fmt::format("unknown option '{}' (see 'kgrep help')", name));
    if (spec->takes_value && !has_inline_value) {
      if (k + 1 >= args.size()) throw Error(fmt::format("option '{}' needs a value", name));
      value = args[++k];
    } else if (!spec->takes_value && has_inline_value) {
      throw Error(fmt::format("option '{}' takes no value", name));
    }
    parsed.options.emplace(spec->long_name, value);
  }
  return parsed;
}

std::size_t parse_byte_size(const std::string& option, const std::string& value) {
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  const std::string suffix = value.substr(digits);
  int shift = -1;
  if (suffix.empty()) shift = 0;
  if (suffix == "K" || suffix == "k") shift = 10;
  if (suffix == "M" || suffix == "m") shift = 20;
  if (suffix == "G" || suffix == "g") shift = 30;
  if (digits == 0 || digits > 15 || shift < 0)
    throw Error(fmt::format("{} needs a size in bytes such as 1048576, 512K, 64M or 2G, not '{}'", option, value));
  constexpr std::size_t kLargest = std::size_t{1} << 40;
  const std::size_t units = std::stoull(value.substr(0, digits));
  if (units == 0 || units > (kLargest >> shift))
    throw Error(fmt::format("{} must be between 1 byte and 1024G, not '{}'", option, value));
  return units << shift;
}

}  // namespace kgrep::cli
