#include "source/line_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

using kgrep::source_detail::LineReader;

struct Line {
  std::string text;
  std::size_t length = 0;
  bool ended = false;
  bool operator==(const Line& other) const = default;
};

// Reads `input` `chunk` bytes at most at a time, as a pipe may give it.
kgrep::source_detail::ReadSome reading(const std::string& input, std::size_t chunk) {
  return [&input, chunk, at = std::size_t{0}](char* into, std::size_t size) mutable -> std::ptrdiff_t {
    const std::size_t count = std::min({size, chunk, input.size() - at});
    std::copy_n(input.data() + at, count, into);
    at += count;
    return static_cast<std::ptrdiff_t>(count);
  };
}

std::vector<Line> read_all(LineReader& reader, std::size_t limit) {
  std::vector<Line> lines;
  std::string_view text;
  Line line;
  while (reader.next(text, line.length, line.ended, limit)) {
    line.text = std::string(text);
    lines.push_back(line);
  }
  return lines;
}

// What the reader promises, by splitting the whole input at once.
std::vector<Line> expected_lines(const std::string& input, std::size_t limit) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  while (begin < input.size()) {
    const std::size_t newline = input.find('\n', begin);
    const std::size_t end = newline == std::string::npos ? input.size() : newline;
    lines.push_back(Line{input.substr(begin, std::min(end - begin, limit)), end - begin, newline != std::string::npos});
    begin = end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("The line reader gives every line whole, across buffer refills and long lines", "[source]") {
  std::mt19937 random(11);
  for (int round = 0; round < 300; ++round) {
    std::string input;
    const std::size_t lines = random() % 12;
    for (std::size_t k = 0; k < lines; ++k) {
      // Lengths around the buffer's size, which the round picks small.
      input += std::string(random() % 40, static_cast<char>('a' + k % 26));
      if (k + 1 < lines || random() % 2 == 0) input += '\n';
    }
    const std::size_t buffer = 1 + random() % 24;
    const std::size_t chunk = 1 + random() % 30;
    const std::size_t limit = random() % 2 == 0 ? std::string::npos : random() % 20;
    INFO("round " << round << ", buffer " << buffer << ", chunk " << chunk << ", limit " << limit);
    LineReader reader(reading(input, chunk), buffer);
    CHECK(read_all(reader, limit) == expected_lines(input, limit));
    CHECK_FALSE(reader.failed());
  }
}

TEST_CASE("Bytes taken before the reader was made come first", "[source]") {
  const std::string rest = "b\nc";
  LineReader reader(reading(rest, 1), 4, "  {\"a\n");
  const std::vector<Line> expected = {{"  {\"a", 5, true}, {"b", 1, true}, {"c", 1, false}};
  CHECK(read_all(reader, 100) == expected);
}

TEST_CASE("A failed read ends the lines and is told, the partial line dropped", "[source]") {
  int calls = 0;
  LineReader reader(
      [&calls](char* into, std::size_t size) -> std::ptrdiff_t {
        if (++calls > 1) return -1;
        const std::string first = "one\ntw";
        const std::size_t count = std::min(size, first.size());
        std::copy_n(first.data(), count, into);
        return static_cast<std::ptrdiff_t>(count);
      },
      64);
  const std::vector<Line> expected = {{"one", 3, true}};
  CHECK(read_all(reader, 100) == expected);
  CHECK(reader.failed());
}

TEST_CASE("A failed read in the middle of a line longer than the buffer is told too", "[source]") {
  int calls = 0;
  LineReader reader(
      [&calls](char* into, std::size_t size) -> std::ptrdiff_t {
        if (++calls > 2) return -1;
        std::fill_n(into, size, 'x');
        return static_cast<std::ptrdiff_t>(size);
      },
      8);
  CHECK(read_all(reader, 100).empty());
  CHECK(reader.failed());
}
