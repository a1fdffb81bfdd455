#include "source/line_reader.h"

#include <algorithm>
#include <cstring>

namespace kgrep::source_detail {

LineReader::LineReader(ReadSome read, std::size_t buffer_size, std::string_view pending)
    : read_(std::move(read)), buffer_(std::max({buffer_size, pending.size(), std::size_t{1}})) {
  end_ = static_cast<std::size_t>(std::copy(pending.begin(), pending.end(), buffer_.begin()) - buffer_.begin());
}

bool LineReader::fill() {
  if (at_end_) return false;
  const std::ptrdiff_t got = read_(buffer_.data() + end_, buffer_.size() - end_);
  if (got > 0) {
    end_ += static_cast<std::size_t>(got);
    return true;
  }
  at_end_ = true;
  failed_ = got < 0;
  return false;
}

bool LineReader::next(std::string_view& line, std::size_t& length, bool& ended, std::size_t limit) {
  std::size_t searched = begin_;  // no '\n' in buffer_[begin_, searched)
  while (true) {
    const char* data = buffer_.data();
    if (const void* newline = std::memchr(data + searched, '\n', end_ - searched)) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(newline) - data);
      length = at - begin_;
      ended = true;
      line = std::string_view(data + begin_, std::min(length, limit));
      begin_ = at + 1;
      return true;
    }
    searched = end_;
    if (begin_ > 0 && end_ == buffer_.size()) {
      // Room for more of this line: the bytes read already move to the front.
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      searched -= begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buffer_.size()) {
      line = gather_long_line(length, ended, limit);
      return !failed_;
    }
    if (!fill()) {
      if (failed_ || begin_ == end_) return false;
      length = end_ - begin_;
      ended = false;
      line = std::string_view(buffer_.data() + begin_, std::min(length, limit));
      begin_ = end_;
      return true;
    }
  }
}

// A line longer than the buffer: kept up to `limit` bytes, the rest counted
// and passed over.
std::string_view LineReader::gather_long_line(std::size_t& length, bool& ended, std::size_t limit) {
  long_line_.assign(buffer_.data(), std::min(end_, limit));
  length = end_;
  begin_ = end_ = 0;
  ended = false;
  while (fill()) {
    const void* newline = std::memchr(buffer_.data(), '\n', end_);
    const std::size_t part =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data()) : end_;
    if (long_line_.size() < limit) long_line_.append(buffer_.data(), std::min(part, limit - long_line_.size()));
    length += part;
    if (newline) {
      ended = true;
      begin_ = part + 1;
      break;
    }
    end_ = 0;
  }
  return long_line_;
}

}  // namespace kgrep::source_detail
