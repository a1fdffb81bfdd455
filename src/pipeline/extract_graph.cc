#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "kgrep/pipeline.h"
#include "kgrep/resolve.h"

namespace kgrep {

namespace {

// A range of the one JSON Lines input, read by the thread that takes its
// batch.
struct RangeRead {
  const std::string* input = nullptr;
  SourceOptions options;
  SourceTotals totals;
  // Warnings are told when the batch is merged, by reading the range again
  // once the lines before it are counted, so that they name their line.
  bool warned = false;
};

// Files of whole-document formats (text, Markdown, HTML), read by the thread
// that takes their batch: a folder of short articles costs as much to open
// and read as to extract.
struct FilesRead {
  std::vector<InputFile> files;
  SourceOptions options;  // without progress, which is the calling thread's
  SourceTotals totals;
};

struct Batch {
  std::vector<Document> documents;
  std::size_t bytes = 0;
  std::optional<RangeRead> range;  // when set, documents come from reading it
  std::optional<FilesRead> files;  // or from reading these
  // Warnings of the reading, told when the batch is merged so that they come
  // in input order whichever thread read.
  std::vector<Diagnostic> notes;
  std::vector<DocumentResult> results;
  std::exception_ptr error;
  bool done = false;
};

// Each document is extracted as soon as it is read, while its text is still
// in this core's cache: a range read whole first (a megabyte of text) left
// its first documents' text to be fetched again from the shared cache.
void read_and_process_range(const Extractor& extractor, RangeRead& range, std::vector<DocumentResult>& results) {
  range.totals = read_inputs(
      {*range.input}, range.options,
      [&](Document&& document) {
        results.push_back(extractor.process(document));
        return true;
      },
      [&](const Diagnostic&) { range.warned = true; });
}

void read_and_process_files(const Extractor& extractor, FilesRead& read, std::vector<DocumentResult>& results,
                            std::vector<Diagnostic>& notes) {
  read.totals = read_input_files(
      read.files, read.options,
      [&](Document&& document) {
        results.push_back(extractor.process(document));
        return true;
      },
      [&](const Diagnostic& diagnostic) { notes.push_back(diagnostic); });
}

void process_batch(const Extractor& extractor, Batch& batch) {
  try {
    if (batch.range) {
      read_and_process_range(extractor, *batch.range, batch.results);
    } else if (batch.files) {
      read_and_process_files(extractor, *batch.files, batch.results, batch.notes);
    } else {
      batch.results.resize(batch.documents.size());
      for (std::size_t k = 0; k < batch.documents.size(); ++k) batch.results[k] = extractor.process(batch.documents[k]);
    }
  } catch (...) {
    batch.error = std::current_exception();
  }
  // The texts are no longer needed; results keep what the graph takes.
  batch.documents = {};
}

// Worker threads created once per run, taking whole batches from a queue, so
// a thread's start-up is paid once rather than per batch and reading overlaps
// extraction. Results are merged by the caller in submission order. The
// caller, which reads the input, also takes batches itself when enough are
// waiting (take), so that -j N runs N threads on N cores, not N + 1.
class WorkerPool {
 public:
  WorkerPool(const Extractor& extractor, unsigned threads) : extractor_(extractor) {
    for (unsigned k = 0; k < threads; ++k) threads_.emplace_back([this] { work(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    threads_.clear();  // joins
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(Batch* batch) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(batch);
    }
    work_ready_.notify_one();
  }

  void wait(const Batch& batch) {
    std::unique_lock lock(mutex_);
    batch_done_.wait(lock, [&] { return batch.done; });
  }

  [[nodiscard]] bool is_done(const Batch& batch) {
    std::lock_guard lock(mutex_);
    return batch.done;
  }

  // The oldest batch no worker has taken yet, now the caller's to process
  // (then finish()), or null; one is always left for the workers to go on
  // with while the caller works, unless `last` (no more input to read).
  Batch* take(bool last) {
    std::lock_guard lock(mutex_);
    if (queue_.size() < (last ? 1u : 2u)) return nullptr;
    Batch* batch = queue_.front();
    queue_.pop_front();
    return batch;
  }

  void finish(Batch& batch) {
    {
      std::lock_guard lock(mutex_);
      batch.done = true;
    }
    batch_done_.notify_all();
  }

 private:
  void work() {
    while (true) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        batch = queue_.front();
        queue_.pop_front();
      }
      process_batch(extractor_, *batch);
      finish(*batch);
    }
  }

  const Extractor& extractor_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable batch_done_;
  std::deque<Batch*> queue_;
  bool stopping_ = false;
  std::vector<std::jthread> threads_;
};

}  // namespace

ExtractSummary extract_graph(const Extractor& extractor, const std::vector<std::string>& inputs,
                             const ExtractOptions& options, GraphBuilder& builder, const DiagnosticSink& diagnostics) {
  ExtractSummary summary;
  const unsigned threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  const std::size_t batch_size = std::max<std::size_t>(1, options.batch_size);
  const std::size_t batch_bytes = std::max<std::size_t>(1, options.batch_bytes);

  // Read in ranges on the extracting threads: one JSON Lines file, more than one thread.
  const std::optional<std::size_t> ranged_size =
      threads > 1 && options.range_bytes > 0 && inputs.size() == 1 ? jsonl_file_size(inputs.front()) : std::nullopt;
  // Line numbers are known when the ranges start at the file's start.
  const bool lines_counted = options.source.range_begin == 0;
  std::size_t lines_before = 0;

  ExtractProgress progress;
  std::size_t reading_bytes = 0;  // of a read under way on this thread, not yet in summary.source
  auto add_totals = [&](const SourceTotals& totals) {
    summary.source.documents += totals.documents;
    summary.source.skipped += totals.skipped;
    summary.source.bytes += totals.bytes;
    summary.source.lines += totals.lines;
    progress.bytes = summary.source.bytes + reading_bytes;
  };
  auto merge_range_totals = [&](const RangeRead& range) {
    if (range.warned) {
      SourceOptions again = range.options;
      if (lines_counted) again.range_first_line = lines_before + 1;
      read_inputs(
          {*range.input}, again, [](Document&&) { return true; }, diagnostics);
    }
    lines_before += range.totals.lines;
    add_totals(range.totals);
  };
  bool merge_threw = false;  // set while a merge runs: still set, it threw
  auto merge = [&](Batch& batch) {
    merge_threw = true;
    // Moved out first: a batch merged again after a throw tells nothing twice.
    const std::vector<Diagnostic> notes = std::move(batch.notes);
    batch.notes.clear();
    for (const Diagnostic& note : notes) diagnostics(note);
    if (batch.error) std::rethrow_exception(batch.error);
    if (batch.range) merge_range_totals(*batch.range);
    if (batch.files) add_totals(std::exchange(batch.files->totals, {}));
    for (const DocumentResult& result : batch.results) builder.prefetch_document(result.document_id);
    // Merged in input order (the builder would give the same graph in any order).
    for (const DocumentResult& result : batch.results) {
      // Names only: a pronoun is resolved only in documents that may state a fact.
      summary.mentions += static_cast<std::size_t>(std::count_if(result.mentions.begin(), result.mentions.end(),
                                                                 [](const Mention& m) { return !is_reference(m); }));
      summary.facts += result.facts.size();
      extractor.collect(result, builder);
    }
    progress.documents += batch.results.size();
    if (options.progress) options.progress(progress);
    merge_threw = false;
  };

  // Batches in flight, oldest first; declared before the pool so that the
  // pool's threads are joined before the batches they work on are freed.
  std::deque<std::unique_ptr<Batch>> in_flight;
  std::unique_ptr<WorkerPool> pool;
  if (threads > 1) pool = std::make_unique<WorkerPool>(extractor, threads - 1);
  // Two batches a thread keep every thread busy while memory stays bounded.
  const std::size_t max_in_flight = 2 * static_cast<std::size_t>(threads);
  // Processes here a batch no worker has taken (see WorkerPool::take).
  auto process_waiting = [&](bool last) {
    Batch* waiting = pool->take(last);
    if (waiting == nullptr) return false;
    process_batch(extractor, *waiting);
    pool->finish(*waiting);
    return true;
  };
  // Merges the finished batches at the head; with `wait_for_room`, until fewer
  // than max_in_flight are left, processing waiting batches here meanwhile.
  auto merge_finished = [&](bool wait_for_room) {
    while (!in_flight.empty()) {
      Batch& oldest = *in_flight.front();
      const bool must_wait = wait_for_room && in_flight.size() >= max_in_flight;
      if (must_wait) {
        if (process_waiting(false)) continue;
        pool->wait(oldest);
      } else if (!pool->is_done(oldest)) {
        return;
      }
      merge(oldest);
      in_flight.pop_front();
    }
  };

  auto batch = std::make_unique<Batch>();
  auto submit = [&] {
    if (!pool) {
      process_batch(extractor, *batch);
      merge(*batch);
    } else {
      merge_finished(true);
      pool->submit(batch.get());
      in_flight.push_back(std::move(batch));
    }
    batch = std::make_unique<Batch>();
  };
  auto flush = [&] {
    if (!batch->documents.empty()) submit();
  };
  auto take_document = [&](Document&& document) {
    batch->bytes += document.text.size();
    batch->documents.push_back(std::move(document));
    if (batch->documents.size() >= batch_size || batch->bytes >= batch_bytes) flush();
    return true;
  };
  if (ranged_size) {
    const std::size_t end = std::min(options.source.range_end, *ranged_size);
    std::size_t from = options.source.range_begin;
    // At least one range, so that a file that cannot be read says so.
    do {
      RangeRead& range = batch->range.emplace();
      range.input = &inputs.front();
      range.options = options.source;
      range.options.progress = {};
      range.options.range_begin = from;
      // The last range runs to the end asked for, as one reader would.
      const bool last = from >= end || end - from <= options.range_bytes;
      range.options.range_end = last ? options.source.range_end : from + options.range_bytes;
      from = range.options.range_end;
      submit();
    } while (from < end);
  } else if (!pool) {
    SourceOptions source = options.source;
    source.progress = [&](const SourceTotals& totals) { progress.bytes = totals.bytes; };
    summary.source = read_inputs(inputs, source, take_document, diagnostics);
  } else {
    // Files of whole-document formats are read on the threads, a batch of
    // them each; JSON Lines and stdin are streamed here, as one thread would.
    // Every warning waits in its batch to be told in input order.
    SourceOptions source = options.source;
    source.progress = [&](const SourceTotals& totals) {
      reading_bytes = totals.bytes;
      progress.bytes = summary.source.bytes + reading_bytes;
    };
    const auto note = [&](const Diagnostic& diagnostic) { batch->notes.push_back(diagnostic); };
    auto read_here = [&](const SourceTotals& totals) {
      reading_bytes = 0;
      add_totals(totals);
    };
    const auto submit_any = [&] {
      if (!batch->documents.empty() || batch->files || !batch->notes.empty()) submit();
    };
    std::exception_ptr stopped;
    try {
      for (const std::string& input : inputs) {
        // A batch of files gets its warnings from the thread that reads them:
        // the next input's (the walk's first) start a batch of their own.
        submit_any();
        if (input == "-") {
          read_here(read_inputs({input}, source, take_document, note));
          continue;
        }
        for (InputFile& file : input_files(input, source, note, summary.source.skipped)) {
          if (file.format == InputFormat::kJsonLines) {
            if (batch->files) submit();
            read_here(read_input_files({file}, source, take_document, note));
            continue;
          }
          if (!batch->documents.empty()) submit();
          if (!batch->files) {
            batch->files.emplace().options = options.source;
            batch->files->options.progress = {};
          }
          batch->files->files.push_back(std::move(file));
          if (batch->files->files.size() >= batch_size) submit();
        }
      }
    } catch (...) {
      // What merging threw (a batch's error, a warning --strict stops at) is
      // already in input order; what reading threw here waits for the batches before it.
      if (merge_threw) throw;
      stopped = std::current_exception();
    }
    if (stopped) {
      // Told after the warnings read before it, as one thread reading would.
      batch->error = stopped;
      submit();
    } else {
      submit_any();
    }
  }
  flush();
  while (!in_flight.empty()) {
    if (process_waiting(true)) continue;
    pool->wait(*in_flight.front());
    merge(*in_flight.front());
    in_flight.pop_front();
  }
  extractor.register_entities(builder);
  return summary;
}

}  // namespace kgrep
