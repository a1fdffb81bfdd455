// The progress line `extract` shows on a terminal (internal to the CLI).
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "kgrep/pipeline.h"

namespace kgrep::cli {

// Total bytes of the inputs, for the ETA; 0 when unknown (stdin).
inline std::size_t input_bytes(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::size_t total = 0;
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    std::error_code error;
    if (fs::is_directory(input, error)) {
      for (fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, error), end;
           !error && it != end; it.increment(error)) {
        std::error_code ignored;
        if (it->is_regular_file(ignored)) total += it->file_size(ignored);
      }
    } else {
      const auto size = fs::file_size(input, error);
      if (!error) total += size;
    }
  }
  return total;
}

// "kgrep: 12000 documents, 48.0 MB, 41.2 MB/s, ETA 0:03" rewritten in place on
// stderr, at most a few times a second, and only when stderr is a terminal:
// logs and pipes get nothing.
class ProgressLine {
 public:
  explicit ProgressLine(std::size_t total_bytes)
      : enabled_(::isatty(STDERR_FILENO) != 0), total_bytes_(total_bytes), start_(Clock::now()), last_(start_) {}
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(const ExtractProgress& progress) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double megabytes = static_cast<double>(progress.bytes) / 1e6;
    const double rate = seconds > 0 ? megabytes / seconds : 0.0;
    std::string line = fmt::format("kgrep: {} documents, {:.1f} MB, {:.1f} MB/s", progress.documents, megabytes, rate);
    if (total_bytes_ > progress.bytes && rate > 0) {
      const auto eta = static_cast<long>(std::ceil(static_cast<double>(total_bytes_ - progress.bytes) / 1e6 / rate));
      line += fmt::format(", ETA {}:{:02}", eta / 60, eta % 60);
    }
    fmt::print(stderr, "\r{}\x1b[K", line);
    std::fflush(stderr);
    shown_ = true;
  }

  // Removes the line, so that a warning or the summary starts on a clean one.
  void clear() {
    if (!shown_) return;
    fmt::print(stderr, "\r\x1b[K");
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  std::size_t total_bytes_;
  Clock::time_point start_;
  Clock::time_point last_;
};

}  // namespace kgrep::cli
