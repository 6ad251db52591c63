#pragma once
// Samples travel in blocks identified by the absolute index of their first sample and the DAQ-clock
// time of that sample, so that every event (step boundary, trigger, overrun, safety trip) can be
// put on the same sample axis. Blocks carry raw ADC codes; ChannelInfo says how to turn a code into
// a physical value (one calibration step, in the recorder).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace needlerig::rig::core {

/// One acquired channel: its meaning (contract channel id and unit) and its encoding.
struct ChannelInfo {
  std::string id;      // contract channel id: "protrusion_mm", "force_N", "motor_current_A"
  std::string unit;    // "mm", "N", "A"
  double scale = 1.0;  // physical = offset + scale * code
  double offset = 0.0;
  std::int32_t code_min = INT32_MIN;  // the converter's full scale: codes at the ends are saturated
  std::int32_t code_max = INT32_MAX;
};

/// A block of samples of every channel, interleaved by sample: codes[s * channel_count + c].
/// Preallocated by the consumer and reused; a source fills it without allocating.
struct SampleBlock {
  std::uint64_t first_sample_index = 0;   // absolute index since the source was activated
  std::int64_t first_sample_time_ns = 0;  // DAQ-clock time of the first sample
  std::size_t sample_count = 0;           // samples of each channel in this block
  std::size_t channel_count = 0;
  std::vector<std::int32_t> codes;  // capacity fixed at configure time

  std::int32_t code(std::size_t sample, std::size_t channel) const {
    return codes[sample * channel_count + channel];
  }
};

}  // namespace needlerig::rig::core
