// libFuzzer target: one document (valid UTF-8, as the source stage delivers,
// with an optional metadata header) through the built-in rule pack, its facts
// into a graph and the graph out as GraphML. Whatever the text, extraction
// must finish, and every span it reports must lie inside the text it
// indexes (mentions: the normalised text; evidence: the original).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "kgrep/io.h"
#include "kgrep/pipeline.h"
#include "kgrep/text.h"

namespace {

const kgrep::Extractor& default_extractor() {
  static const kgrep::Extractor extractor = [] {
    kgrep::RuleLoadResult loaded = kgrep::load_default_rules();
    if (!loaded.pack) std::abort();
    return kgrep::Extractor(std::move(*loaded.pack));
  }();
  return extractor;
}

void check(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "broken invariant: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!kgrep::is_valid_utf8(bytes)) return 0;
  const kgrep::Document document = kgrep::parse_text_document("fuzz", bytes, kgrep::InputFormat::kText);
  const kgrep::Extractor& extractor = default_extractor();
  const kgrep::DocumentResult result = extractor.process(document);
  if (!result.mentions.empty()) {
    const std::size_t normalized_size = kgrep::normalize(document.text).text.size();
    for (const kgrep::Mention& mention : result.mentions)
      check(mention.span.begin <= mention.span.end && mention.span.end <= normalized_size,
            "mentions lie inside the normalised document");
  }
  for (const kgrep::Fact& fact : result.facts) {
    const kgrep::Span sentence = fact.evidence.sentence;
    check(sentence.begin <= sentence.end && sentence.end <= document.text.size(),
          "evidence lies inside the original document");
  }
  // Only the entities this document mentions: registering the whole pack for
  // every input would cost more than the extraction itself.
  kgrep::GraphBuilder builder;
  extractor.collect(result, builder);
  std::ostringstream graphml;
  kgrep::write_graphml(builder.build(), graphml);
  return 0;
}
