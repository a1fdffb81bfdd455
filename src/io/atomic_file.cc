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

void write_output_atomically(const std::string& path, const std::function<void(std::ostream&)>& writer) {
  namespace fs = std::filesystem;
  if (path == "-") {
    writer(std::cout);
    std::cout.flush();
    if (!std::cout) throw Error("cannot write to standard output");
    return;
  }
  const fs::path target(path);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string hidden_name = ".";
  hidden_name += target.filename().string();
  hidden_name += ".kgrep-XXXXXX";
  std::string pattern = (directory / hidden_name).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw Error(fmt::format("{}: cannot create a temporary file beside it: {}", path, std::strerror(errno)));
  const std::string temporary = pattern;
  auto fail = [&](const std::string& why) {
    ::unlink(temporary.c_str());
    throw Error(fmt::format("{}: {}", path, why));
  };
  std::ostringstream buffer;
  try {
    writer(buffer);
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  const std::string bytes = std::move(buffer).str();
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      fail("write failed: " + why);
    }
    written += static_cast<std::size_t>(n);
  }
  // Files made by mkstemp are 0600; outputs should get the usual 0666 & ~umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::fsync(fd) != 0 || ::close(fd) != 0) fail(std::string("cannot flush: ") + std::strerror(errno));
  if (::rename(temporary.c_str(), path.c_str()) != 0)
    fail(std::string("cannot rename into place: ") + std::strerror(errno));
}

}  // namespace kgrep
