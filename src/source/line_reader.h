// Lines of a file or a stream read through one buffer (internal: the source
// stage reads JSON Lines with it).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kgrep::source_detail {

// Reads up to `size` bytes into `into`; returns how many, 0 at the end, or
// a negative number when reading failed.
using ReadSome = std::function<std::ptrdiff_t(char* into, std::size_t size)>;

// A line that fits the buffer is handed out as a view into it, with no copy;
// a longer one is gathered up to a limit, so that a line of any length costs
// bounded memory.
class LineReader {
 public:
  explicit LineReader(ReadSome read, std::size_t buffer_size = std::size_t{1} << 18, std::string_view pending = {});

  // The next line without its '\n', at most `limit` bytes of it, valid until
  // the next call; false at the end of the input or once reading failed.
  // `length` is the whole line's length and `ended` whether a '\n' closed it.
  bool next(std::string_view& line, std::size_t& length, bool& ended, std::size_t limit);
  [[nodiscard]] bool failed() const { return failed_; }

 private:
  bool fill();  // reads more after end_; false at the end or on failure
  std::string_view gather_long_line(std::size_t& length, bool& ended, std::size_t limit);

  ReadSome read_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // unread bytes: buffer_[begin_, end_)
  std::size_t end_ = 0;
  bool at_end_ = false;
  bool failed_ = false;
  std::string long_line_;
};

}  // namespace kgrep::source_detail
