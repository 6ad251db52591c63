#pragma once
// Turns the raw blocks of one capture into an analysis::Capture: physical = offset + scale * code
// for every channel (the one calibration step), time from the absolute sample index and the rate.
// Lost samples (an index gap) leave a gap in time_s, which the engine reports as a dropout; an
// overrun the source reports without an index gap becomes a dropout finding here, so that lost
// data is never judged as sound.
//
// Called on the sequencer's thread only.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_settings.hpp"
#include "analysis/capture.hpp"
#include "rig/core/sample_block.hpp"

namespace needlerig::rig::sequencer {

class CaptureRecorder {
 public:
  /// Throws std::invalid_argument when `channels` has no "protrusion_mm" channel.
  CaptureRecorder(const std::vector<core::ChannelInfo>& channels, double sample_rate_hz,
                  std::uint64_t sample_count);

  /// Records the block's samples that fall into the capture. `after_overrun`: the source said
  /// samples were lost before this block.
  void add_block(const core::SampleBlock& block, bool after_overrun);
  /// Samples the source could not deliver (a full queue, a disconnect): a dropout finding.
  void note_lost(std::uint64_t first_sample_index, std::size_t count, const std::string& detail);

  double recorded_s() const;
  std::size_t recorded_samples() const { return recorded_; }
  /// Samples from the capture's first to the end of the last block recorded (gaps included),
  /// at most the samples wanted: less than wanted means the capture ended early.
  std::uint64_t covered_samples() const;
  /// The stream's index of the capture's first sample (0 before the first block).
  std::uint64_t first_sample_index() const { return first_index_.value_or(0); }
  /// The channel's full scale in physical units, for the engine's saturation check.
  std::optional<analysis::SensorRange> protrusion_range_mm() const { return range(protrusion_); }
  std::optional<analysis::SensorRange> force_range_n() const { return range(force_); }
  std::optional<analysis::SensorRange> motor_current_range_a() const { return range(current_); }

  /// The capture (trimmed to the samples recorded), with `metadata`.
  analysis::Capture finish(std::string source, analysis::CaptureMetadata metadata);

 private:
  std::optional<analysis::SensorRange> range(std::optional<std::size_t> channel) const;
  void add_lost_finding(std::uint64_t sample_index, std::size_t count, const std::string& detail);

  std::vector<core::ChannelInfo> channels_;
  double sample_rate_hz_;
  std::uint64_t sample_count_;
  std::optional<std::size_t> protrusion_;
  std::optional<std::size_t> force_;
  std::optional<std::size_t> current_;
  std::optional<std::uint64_t> first_index_;
  std::uint64_t next_index_ = 0;
  std::size_t recorded_ = 0;
  analysis::Capture capture_;
};

}  // namespace needlerig::rig::sequencer
