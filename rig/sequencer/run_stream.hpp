#pragma once
// The run's one stream: the stream source is activated before the first step and read by one
// acquisition thread until the run's last safe stop; each step is a window on its absolute sample
// axis (a move watches the force in it, a settle and a capture record it). The sequencer's thread
// pulls the blocks one by one, which is also where it looks at the operator's request, the
// axis and its deadlines: nothing waits anywhere else.
//
// Data problems (the device's overruns, blocks that found the queue full) are counted between
// take_problems() calls, so that a capture is judged on what happened within it only.
//
// Threads: the sequencer's only (the acquisition thread is internal).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/stream_source.hpp"
#include "rig/sequencer/acquisition.hpp"

namespace needlerig::rig::sequencer {

/// Lost data since the last take, counted per kind.
struct StreamProblems {
  std::size_t overruns = 0;  // the device lost samples before a block
  std::uint64_t first_overrun_index = 0;
  std::size_t dropped_blocks = 0;  // read, but not handed over (the queue was full)
  std::size_t dropped_samples = 0;
  std::uint64_t first_dropped_index = 0;
  std::size_t lost_messages = 0;  // messages that did not fit the queue at all

  bool any() const { return overruns > 0 || dropped_blocks > 0 || lost_messages > 0; }
};

class RunStream {
 public:
  RunStream(core::StreamSource& source, const AcquisitionSettings& settings);
  ~RunStream();
  RunStream(const RunStream&) = delete;
  RunStream& operator=(const RunStream&) = delete;

  /// Activates the source (where it is inactive) and starts reading it. Throws DriverError.
  void start();
  /// Stops reading and deactivates the source. Returns what went wrong deactivating it, or "".
  std::string stop() noexcept;

  enum class Pull : std::uint8_t {
    block,  // block() holds the next samples (after_overrun(): samples were lost before them)
    lost,   // samples [lost_first(), + lost_count()) were read but could not be handed over
    quiet,  // nothing new within the read timeout: look at the operator, the axis, the deadline
    ended,  // the stream is over: end_reason() says why
  };
  /// Gives back the previous block and waits for the next message.
  Pull pull();
  const core::SampleBlock& block() const { return *current_; }
  bool after_overrun() const { return after_overrun_; }
  std::uint64_t lost_first() const { return lost_first_; }
  std::size_t lost_count() const { return lost_count_; }
  /// "disconnected", "delivered no data" or "failed" once pull() answered ended; else "".
  const std::string& end_reason() const { return end_reason_; }
  /// end_reason() with the source's own account of its fault, for messages.
  std::string end_message() const;

  /// Drops the blocks read but not yet pulled: they were taken before a command that changes what
  /// the samples mean (the pen switched on). A lockstep source has none.
  void discard_pending();
  StreamProblems take_problems();

  const std::vector<core::ChannelInfo>& channels() const { return channels_; }
  double sample_rate_hz() const { return sample_rate_hz_; }
  /// The largest force (N) in the block; nullopt when the source has no force channel.
  std::optional<double> max_force_n(const core::SampleBlock& block) const;
  bool has_force() const { return force_channel_.has_value(); }
  /// The index of the sample after the last one pulled (read or lost): where the stream stands
  /// for the rig. A step's window starts and ends here.
  std::uint64_t position() const { return position_; }

 private:
  void give_back();

  core::StreamSource& source_;
  AcquisitionSettings settings_;
  std::unique_ptr<Acquisition> acquisition_;
  std::vector<core::ChannelInfo> channels_;
  double sample_rate_hz_ = 0.0;
  bool lockstep_ = false;
  std::optional<std::size_t> force_channel_;
  std::optional<std::uint32_t> held_;  // the pooled block of the last pull
  const core::SampleBlock* current_ = nullptr;
  bool after_overrun_ = false;
  bool overrun_pending_ = false;
  std::uint64_t lost_first_ = 0;
  std::size_t lost_count_ = 0;
  std::string end_reason_;
  StreamProblems problems_;
  std::size_t lost_messages_seen_ = 0;
  std::uint64_t position_ = 0;
};

}  // namespace needlerig::rig::sequencer
