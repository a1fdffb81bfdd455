// libFuzzer target: raw bytes read as one input of each format kgrep takes
// (the first byte picks text, Markdown, HTML, JSON Lines or sniffing, as for
// stdin), then every document that comes out normalised, tokenised and split
// into sentences. Scraped news is dirty: any bytes must give documents or
// warnings, and every document must be valid UTF-8 whose analysis maps back
// inside it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "kgrep/source.h"
#include "kgrep/text.h"

namespace {

kgrep::InputFormat format_from_selector(std::uint8_t selector) {
  switch (selector % 5) {
    case 0:
      return kgrep::InputFormat::kText;
    case 1:
      return kgrep::InputFormat::kMarkdown;
    case 2:
      return kgrep::InputFormat::kHtml;
    case 3:
      return kgrep::InputFormat::kJsonLines;
    default:
      return kgrep::InputFormat::kAuto;
  }
}

void check(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "broken invariant: %s\n", what);
  std::abort();
}

bool analyse(const kgrep::Document& document) {
  check(kgrep::is_valid_utf8(document.text), "a document's text is valid UTF-8");
  const kgrep::AnalyzedText analysed = kgrep::analyze(document.text);
  const std::size_t length = analysed.normalized.text.size();
  for (const kgrep::Token& token : analysed.tokens)
    check(token.span.begin < token.span.end && token.span.end <= length, "tokens lie inside the normalised text");
  for (const kgrep::Span& sentence : analysed.sentences) {
    check(sentence.begin <= sentence.end && sentence.end <= length, "sentences lie inside the normalised text");
    const kgrep::Span original = analysed.normalized.to_original(sentence);
    check(original.begin <= original.end && original.end <= document.text.size(),
          "sentences map back inside the original text");
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  kgrep::SourceOptions options;
  options.stdin_format = format_from_selector(data[0]);
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  kgrep::read_stream(in, "fuzz", options, analyse, [](const kgrep::Diagnostic&) {});
  return 0;
}
