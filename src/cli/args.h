// Command-line parsing shared by the subcommands (internal to the CLI).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kgrep::cli {

// Exit codes of every subcommand (documented in README.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitNothingFound = 1;
inline constexpr int kExitError = 2;
// extract wrote its outputs, but left out documents it could not read.
inline constexpr int kExitSkipped = 3;
// merge: inputs of mention totals (extract --mention-totals) read the same
// document, so they cannot be added exactly; nothing is written.
inline constexpr int kExitSharedDocuments = 4;

struct OptionSpec {
  std::string long_name;   // "--rules"
  std::string short_name;  // "-o", or empty
  bool takes_value = true;
};

// Options in order of appearance; positional arguments apart. "--" ends
// options; "-" alone is positional (stdin/stdout).
struct ParsedArgs {
  std::multimap<std::string, std::string> options;  // by long name
  std::vector<std::string> positional;

  [[nodiscard]] bool has(const std::string& name) const { return options.count(name) > 0; }
  [[nodiscard]] std::vector<std::string> all(const std::string& name) const;
  [[nodiscard]] std::string last(const std::string& name, const std::string& fallback = "") const;
};

// Throws kgrep::Error with a usage message on unknown options or missing values.
ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

// A byte count such as "1048576", "512K", "64M" or "2G" (powers of 1024);
// throws kgrep::Error naming `option` otherwise.
std::size_t parse_byte_size(const std::string& option, const std::string& value);

}  // namespace kgrep::cli
