#include <algorithm>
#include <thread>

#include "kgrep/pipeline.h"

namespace kgrep {

ExtractSummary extract_graph(const Extractor& extractor, const std::vector<std::string>& inputs,
                             const ExtractOptions& options, GraphBuilder& builder, const DiagnosticSink& diagnostics) {
  ExtractSummary summary;
  unsigned threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  const std::size_t batch_size = std::max<std::size_t>(1, options.batch_size);
  extractor.register_entities(builder);

  std::vector<Document> batch;
  std::vector<DocumentResult> results;
  auto flush = [&] {
    results.assign(batch.size(), DocumentResult{});
    const unsigned workers = std::min<unsigned>(threads, static_cast<unsigned>(batch.size()));
    if (workers <= 1) {
      for (std::size_t k = 0; k < batch.size(); ++k) results[k] = extractor.process(batch[k]);
    } else {
      std::vector<std::jthread> pool;
      for (unsigned worker = 0; worker < workers; ++worker) {
        pool.emplace_back([&, worker] {
          for (std::size_t k = worker; k < batch.size(); k += workers) results[k] = extractor.process(batch[k]);
        });
      }
    }
    // Merge in input order (the builder would give the same graph in any order).
    for (const DocumentResult& result : results) {
      summary.mentions += result.mentions.size();
      summary.facts += result.facts.size();
      extractor.collect(result, builder);
    }
    batch.clear();
  };
  summary.source = read_inputs(
      inputs, options.source,
      [&](Document&& document) {
        batch.push_back(std::move(document));
        if (batch.size() >= batch_size) flush();
        return true;
      },
      diagnostics);
  if (!batch.empty()) flush();
  return summary;
}

}  // namespace kgrep
