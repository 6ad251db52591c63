#pragma once
// Role: a stream source (a DAQ): channels sampled together at one rate, delivered in blocks.
//
// Lifecycle (lifecycle.hpp): configure() fixes the rate and channels and allocates; activate()
// starts the sample clock (sample index 0); read_block() is valid only while active and is called
// from one acquisition thread only; deactivate() stops the clock. A lost device moves the source to
// fault; read_block() then answers ReadStatus::disconnected.
//
// While active the source must be read continuously: a real device's buffer overruns (the next
// read answers ReadStatus::overrun), and a simulated world's time advances only as it is read,
// so a move or a settle waiting on that time waits until someone reads. Whoever activates the
// source keeps an acquisition thread reading until it deactivates it.

#include <chrono>
#include <vector>

#include "rig/core/lifecycle.hpp"
#include "rig/core/sample_block.hpp"

namespace needlerig::rig::core {

struct StreamConfig {
  double sample_rate_hz = 100'000.0;
  std::size_t block_samples = 1024;  // samples per channel in one block
};

/// Outcome of one read, returned rather than thrown: this is the hot path.
enum class ReadStatus : std::uint8_t {
  ok,            // the block holds new samples, contiguous with the previous block
  timeout,       // no block within the timeout; nothing lost yet
  overrun,       // the device's buffer overflowed: samples were lost before this block
  disconnected,  // the device is gone; the source is in fault
};

class StreamSource {
 public:
  virtual ~StreamSource() = default;

  virtual void configure(const StreamConfig& config) = 0;
  virtual void activate() = 0;
  virtual void deactivate() = 0;
  virtual LifecycleState state() const = 0;

  /// Channels in block order, valid after configure().
  virtual const std::vector<ChannelInfo>& channels() const = 0;
  /// The rate the device really runs at, as configured (the DAQ clock's own error is not known).
  virtual double sample_rate_hz() const = 0;

  /// Fills `block` (capacity from configure) with the next samples. Never throws, never allocates.
  virtual ReadStatus read_block(SampleBlock& block, std::chrono::nanoseconds timeout) = 0;
};

}  // namespace needlerig::rig::core
