#pragma once
// Acquisition of one capture on its own thread. The thread reads blocks from the stream source into
// a preallocated pool and hands them to the sequencer's thread through lock-free SPSC queues; it
// never blocks on the consumer and never drops silently: when no pooled block is free it reads into
// a scratch block, reports the lost samples (queue_full) and goes on, so the device never overruns
// because of us.
//
// Threads: start(), next(), block(), release() and join() on the consumer (sequencer) thread;
// everything else on the acquisition thread.

#include <atomic>
#include <boost/lockfree/spsc_queue.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "rig/core/stream_source.hpp"
#include "rig/sequencer/operator_action.hpp"

namespace needlerig::rig::sequencer {

struct AcquisitionMessage {
  enum class Kind : std::uint8_t {
    block,         // pool block `block_index` holds new samples: process, then release()
    overrun,       // the source reported lost samples before the block that follows
    queue_full,    // no pooled block was free: `sample_count` samples from first_sample_index lost
    disconnected,  // the source is gone (in fault); acquisition ended
    no_data,       // no block within the no-data timeout; acquisition ended
    failure,       // the source threw (it must not); acquisition ended
  };
  Kind kind = Kind::block;
  std::uint32_t block_index = 0;
  std::uint64_t first_sample_index = 0;
  std::size_t sample_count = 0;
};

struct AcquisitionSettings {
  std::size_t block_samples = 1024;  // per channel, as the source was configured
  std::size_t channel_count = 0;
  std::size_t pool_blocks = 64;
  // A read waits at most read_timeout, so that a terminate or abort is heard between reads within
  // 100 ms even when the source delivers nothing; 40 empty reads in a row (2 s) end the capture.
  std::chrono::nanoseconds read_timeout{std::chrono::milliseconds(50)};
  std::size_t max_consecutive_timeouts = 40;  // no data for this many reads ends the capture
};

class Acquisition {
 public:
  Acquisition(core::StreamSource& source, const AcquisitionSettings& settings);
  ~Acquisition();  // stops and joins the thread
  Acquisition(const Acquisition&) = delete;
  Acquisition& operator=(const Acquisition&) = delete;

  /// Starts reading until `sample_count` samples from the first block's index were read, the
  /// source fails, or the operator asks to terminate or abort (checked at every block boundary).
  void start(std::uint64_t sample_count, const OperatorAction& action);

  /// Waits for the next message; false once the thread has finished and everything was taken.
  bool next(AcquisitionMessage& message);
  const core::SampleBlock& block(std::uint32_t index) const { return pool_[index]; }
  /// Gives a processed block back to the acquisition thread.
  void release(std::uint32_t index);
  /// Messages that did not fit in the queue (the consumer fell far behind); they mean lost data.
  std::size_t lost_messages() const { return lost_messages_.load(std::memory_order_acquire); }
  void join();

 private:
  void run(std::uint64_t sample_count, const OperatorAction& action) noexcept;
  void publish(const AcquisitionMessage& message) noexcept;

  core::StreamSource& source_;
  AcquisitionSettings settings_;
  std::vector<core::SampleBlock> pool_;
  core::SampleBlock scratch_;
  boost::lockfree::spsc_queue<std::uint32_t> free_;           // consumer -> acquisition
  boost::lockfree::spsc_queue<AcquisitionMessage> messages_;  // acquisition -> consumer
  std::atomic<std::uint32_t> published_{0};  // bumped after every push: the consumer waits on it
  std::atomic<bool> finished_{false};
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> lost_messages_{0};
  std::thread thread_;
};

}  // namespace needlerig::rig::sequencer
