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

}  // namespace kgrep::cli
