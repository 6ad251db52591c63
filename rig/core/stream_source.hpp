#pragma once
// Role: a stream source (a DAQ): channels sampled together at one rate, delivered in blocks.
//
// Lifecycle (lifecycle.hpp): configure() fixes the rate and channels and allocates; activate()
// starts the sample clock (sample index 0); read_block() is valid only while active and is called
// from one acquisition thread only; deactivate() stops the clock. A lost device moves the source to
// fault; read_block() then answers ReadStatus::disconnected.
//
// The rig activates the source once per run, before it homes, and reads it until the last safe
// stop: every step (moves included) is a window on the one stream's absolute sample axis, so that
// the force is watched during the approach and a terminate is heard between blocks.
//
// While active the source must be read continuously: a real device's buffer overruns (the next
// read answers ReadStatus::overrun). A free-running source (free_running(): a real DAQ, a
// simulated one paced in real time) samples whether read or not. A source that is not free-
// running produces samples only as they are read (a simulated world in fast mode, whose time
// advances with its DAQ): its reader must not read ahead of what the rig has taken, or the world
// would run ahead of the rig's commands (rig/sequencer/acquisition.hpp reads it in lockstep).
//
// What a real DAQ does that the simulated one hides: its buffer is finite (read late and samples
// are lost: overrun), a USB or network link drops (disconnected), and its clock is its own (the
// rate it reports is nominal; the crystal's error is not known to the rig).

#include <chrono>
#include <string>
#include <vector>

#include "rig/core/instrument_health.hpp"
#include "rig/core/lifecycle.hpp"
#include "rig/core/sample_block.hpp"

namespace needlerig::rig::core {

/// One channel the station's DAQ node names: its contract id and unit, and its calibration
/// (physical = offset + scale * code) over the sensor's range (beyond it the sensor saturates).
struct ChannelCalibration {
  std::string id;  // protrusion_mm, force_N or motor_current_A
  std::string unit;
  double scale = 1e-4;
  double offset = 0.0;
  double range_min = -5.0;
  double range_max = 5.0;
};

struct StreamConfig {
  double sample_rate_hz = 100'000.0;
  std::size_t block_samples = 1024;  // samples per channel in one block
  /// In block order; empty: the source's own default channels.
  std::vector<ChannelCalibration> channels;
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

  /// True when the device samples in real time whether it is read or not (see above).
  virtual bool free_running() const { return true; }

  /// The instrument's identity and its line's record so far (the run record keeps it).
  virtual InstrumentHealth health() const { return {}; }
};

}  // namespace needlerig::rig::core
