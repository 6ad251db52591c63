#pragma once
// The run's acquisition thread: reads the stream source from the run's start to its end into a
// preallocated pool and hands the blocks to the sequencer's thread through lock-free SPSC queues.
// It never blocks on the consumer and never drops silently: when no pooled block is free it reads
// into a scratch block, reports the lost samples (queue_full) and goes on, so that a real device
// never overruns because of us.
//
// A source that is not free-running (a simulated world in fast mode: rig/core/stream_source.hpp)
// is read in lockstep instead: a block is read only when the consumer asks for one (demand()),
// so that its world never runs ahead of the rig's commands and a seeded run is the same run
// however the threads are scheduled.
//
// Threads: start(), next(), block(), release() and stop() on the consumer (sequencer) thread;
// everything else on the acquisition thread.

#include <atomic>
#include <boost/lockfree/spsc_queue.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "rig/core/stream_source.hpp"

namespace needlerig::rig::sequencer {

struct AcquisitionMessage {
  enum class Kind : std::uint8_t {
    block,         // pool block `block_index` holds new samples: process, then release()
    overrun,       // the source reported lost samples before the block that follows
    queue_full,    // no pooled block was free: `sample_count` samples from first_sample_index lost
    timeout,       // a read delivered nothing within the read timeout (the consumer may look up)
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
  // A read waits at most read_timeout and then says so, so that the rig hears a terminate or
  // abort within 100 ms even when the source delivers nothing; 40 empty reads in a row (2 s) end
  // the acquisition.
  std::chrono::nanoseconds read_timeout{std::chrono::milliseconds(50)};
  std::size_t max_consecutive_timeouts = 40;
};

class Acquisition {
 public:
  Acquisition(core::StreamSource& source, const AcquisitionSettings& settings);
  ~Acquisition();  // stops and joins the thread
  Acquisition(const Acquisition&) = delete;
  Acquisition& operator=(const Acquisition&) = delete;

  /// Starts reading until stop(), a disconnect, no data for too long, or a failure.
  void start();

  /// Waits for the next message; false once the thread has finished and everything was taken.
  bool next(AcquisitionMessage& message);
  /// True when a message is queued (next() would not wait).
  bool has_pending() const { return messages_.read_available() > 0; }
  const core::SampleBlock& block(std::uint32_t index) const { return pool_[index]; }
  /// Gives a processed block back to the acquisition thread.
  void release(std::uint32_t index);
  /// Lockstep: asks for the next read (call before waiting in next()); ignored otherwise.
  void demand();
  /// Messages that did not fit in the queue (the consumer fell far behind); they mean lost data.
  std::size_t lost_messages() const { return lost_messages_.load(std::memory_order_acquire); }
  /// Ends the reading and joins the thread (blocks already queued can still be taken).
  void stop();

 private:
  void run() noexcept;
  /// False when the message did not fit (counted in lost_messages()).
  bool publish(const AcquisitionMessage& message) noexcept;
  /// Lockstep: waits until the consumer has asked for another read (or stop()).
  void wait_for_demand(std::uint64_t served) noexcept;

  core::StreamSource& source_;
  AcquisitionSettings settings_;
  bool lockstep_;
  std::vector<core::SampleBlock> pool_;
  core::SampleBlock scratch_;
  boost::lockfree::spsc_queue<std::uint32_t> free_;           // consumer -> acquisition
  boost::lockfree::spsc_queue<AcquisitionMessage> messages_;  // acquisition -> consumer
  std::atomic<std::uint32_t> published_{0};  // bumped after every push: the consumer waits on it
  std::atomic<std::uint64_t> demanded_{0};   // lockstep: reads the consumer asked for (and stop())
  std::atomic<bool> finished_{false};
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> lost_messages_{0};
  std::thread thread_;
};

}  // namespace needlerig::rig::sequencer
