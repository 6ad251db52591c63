#pragma once
// Parses chunks of a CSV capture on worker threads while the reading thread fills the next ones,
// and hands the results back in file order. A fixed ring of slots bounds the memory: each slot
// holds one chunk's text (reused) and its result; the samples go where the result's out points.
//
// Threads: every member except the workers' own loop is called by the one reading thread.

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "rig/capture/csv_chunk_parser.hpp"
#include "rig/capture/csv_text_buffer.hpp"

namespace needlerig::rig::capture::csv {

struct ChunkSlot {
  TextBuffer text;  // whole lines ending in '\n'
  ChunkResult result;
};

class ChunkPipeline {
 public:
  ChunkPipeline(const ChunkLayout& layout, unsigned worker_count);
  ~ChunkPipeline();  // stops and joins the workers; chunks not yet parsed are abandoned
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  bool full() const { return submitted_ - collected_ == slots_.size(); }
  bool empty() const { return submitted_ == collected_; }

  /// The slot to fill next; only while !full().
  ChunkSlot& next_free() { return slots_[submitted_ % slots_.size()]; }
  /// Queues next_free() for parsing.
  void submit();
  /// Waits for the oldest submitted chunk and returns it; it stays valid until the next submit().
  /// Only while !empty().
  ChunkSlot& collect_oldest();

 private:
  void work();

  const ChunkLayout& layout_;
  std::vector<ChunkSlot> slots_;
  std::vector<unsigned char> done_;  // per slot, guarded by mutex_
  std::size_t submitted_ = 0;        // chunks handed to the workers (reading thread only)
  std::size_t collected_ = 0;        // chunks handed back (reading thread only)
  std::size_t next_to_parse_ = 0;    // guarded by mutex_
  std::size_t queued_ = 0;           // guarded by mutex_: copy of submitted_ for the workers
  bool stopping_ = false;            // guarded by mutex_
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable chunk_done_;
  std::vector<std::thread> workers_;
};

}  // namespace needlerig::rig::capture::csv
