#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kgrep/io.h"

namespace kgrep {

namespace {

// Where bytes for `path` must go: a symlink is followed so the file it names is
// replaced (not the link), and a FIFO or device is written in place, since
// renaming over it would replace it with a regular file.
struct Destination {
  std::string path;
  bool in_place = false;
};

Destination destination_of(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path target(path);
  if (fs::is_symlink(fs::symlink_status(target, error))) {
    const fs::path resolved = fs::weakly_canonical(target, error);
    if (!error) target = resolved;
  }
  const auto status = fs::status(target, error);
  const bool special = !error && fs::exists(status) && !fs::is_regular_file(status);
  return Destination{target.string(), special};
}

void write_all(int fd, const std::string& bytes, const std::string& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(fmt::format("{}: write failed: {}", path, std::strerror(errno)));
    }
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

OutputSet::~OutputSet() {
  for (const auto& pending : pending_) {
    if (!pending.temporary.empty()) ::unlink(pending.temporary.c_str());
  }
}

void OutputSet::add(const std::string& path, const std::function<void(std::ostream&)>& writer) {
  std::ostringstream buffer;
  writer(buffer);
  Pending pending;
  pending.target = path;
  pending.bytes = std::move(buffer).str();
  if (path == "-") {
    pending_.push_back(std::move(pending));
    return;
  }
  const Destination destination = destination_of(path);
  pending.target = destination.path;
  if (destination.in_place) {
    pending_.push_back(std::move(pending));
    return;
  }
  namespace fs = std::filesystem;
  const fs::path target(destination.path);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string hidden_name = ".";
  hidden_name += target.filename().string();
  hidden_name += ".kgrep-XXXXXX";
  std::string pattern = (directory / hidden_name).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw Error(fmt::format("{}: cannot create a temporary file beside it: {}", path, std::strerror(errno)));
  pending.temporary = pattern;
  pending_.push_back(pending);  // registered first, so the destructor removes it on any failure
  pending_.back().bytes.clear();
  try {
    write_all(fd, pending.bytes, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  // Files made by mkstemp are 0600; outputs should get the usual 0666 & ~umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw Error(fmt::format("{}: cannot flush: {}", path, std::strerror(errno)));
}

void OutputSet::commit() {
  // Renames first: they are what can fail, and none has touched a target yet.
  for (auto& pending : pending_) {
    if (pending.temporary.empty()) continue;
    if (::rename(pending.temporary.c_str(), pending.target.c_str()) != 0)
      throw Error(fmt::format("{}: cannot rename into place: {}", pending.target, std::strerror(errno)));
    pending.temporary.clear();
  }
  for (auto& pending : pending_) {
    if (pending.target == "-") {
      std::cout << pending.bytes;
      std::cout.flush();
      if (!std::cout) throw Error("cannot write to standard output");
    } else if (!pending.bytes.empty()) {
      const int fd = ::open(pending.target.c_str(), O_WRONLY);
      if (fd < 0) throw Error(fmt::format("{}: cannot open: {}", pending.target, std::strerror(errno)));
      write_all(fd, pending.bytes, pending.target);
      ::close(fd);
    }
  }
  pending_.clear();
}

void write_output_atomically(const std::string& path, const std::function<void(std::ostream&)>& writer) {
  OutputSet outputs;
  outputs.add(path, writer);
  outputs.commit();
}

}  // namespace kgrep
