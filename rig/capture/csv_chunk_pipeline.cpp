#include "rig/capture/csv_chunk_pipeline.hpp"

#include <string_view>

namespace needlerig::rig::capture::csv {
namespace {
// Two chunks per worker keep every worker busy while the reading thread fills the next slot, and
// one more lets the reading thread take in the oldest result meanwhile.
constexpr std::size_t kSlotsPerWorker = 2;
}  // namespace

ChunkPipeline::ChunkPipeline(const ChunkLayout& layout, unsigned worker_count)
    : layout_(layout),
      slots_(kSlotsPerWorker * (worker_count == 0 ? 1 : worker_count) + 1),
      done_(slots_.size(), 0) {
  const unsigned count = worker_count == 0 ? 1 : worker_count;
  workers_.reserve(count);
  for (unsigned i = 0; i < count; ++i) workers_.emplace_back([this] { work(); });
}

ChunkPipeline::~ChunkPipeline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ChunkPipeline::submit() {
  {
    std::lock_guard lock(mutex_);
    done_[submitted_ % slots_.size()] = 0;
    ++submitted_;
    queued_ = submitted_;
  }
  work_ready_.notify_one();
}

ChunkSlot& ChunkPipeline::collect_oldest() {
  const std::size_t index = collected_ % slots_.size();
  {
    std::unique_lock lock(mutex_);
    chunk_done_.wait(lock, [&] { return done_[index] != 0; });
  }
  ++collected_;
  return slots_[index];
}

void ChunkPipeline::work() {
  while (true) {
    std::size_t chunk = 0;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || next_to_parse_ < queued_; });
      if (stopping_) return;
      chunk = next_to_parse_++;
    }
    ChunkSlot& slot = slots_[chunk % slots_.size()];
    try {
      parse_chunk(slot.text, layout_, slot.result);
    } catch (const std::exception& error) {  // out of memory: reported like a parse error
      slot.result.error = ChunkError{slot.result.lines, error.what()};
    }
    {
      std::lock_guard lock(mutex_);
      done_[chunk % slots_.size()] = 1;
    }
    chunk_done_.notify_all();
  }
}

}  // namespace needlerig::rig::capture::csv
