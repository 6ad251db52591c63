#pragma once
// The stream-source role over the needlerig stream protocol on TCP (docs/stream-protocol.md): a
// DAQ, or a bridge in front of one, streams frames of codes; this driver checks each frame's CRC
// and sequence number, and reports a lost or corrupted frame as an overrun (samples lost before
// the next good block) and counts it, never silently. A closed connection or a stream that has
// lost its framing is a disconnect (the role moves to fault): a DAQ stream is not resumed
// mid-run, since the samples in between are gone.
//
// The channels are the station's DAQ node's calibrations; the server's channel ids must match
// them in order, or configure() refuses.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/stream_source.hpp"
#include "rig/drivers/fault_note.hpp"
#include "rig/stream/stream_frame.hpp"
#include "rig/transport/byte_stream.hpp"

namespace needlerig::rig::drivers {

struct StreamTcpSettings {
  std::string host;
  std::uint16_t port = 5027;
  std::chrono::milliseconds timeout{2'000};  // connecting and each control exchange
};

/// What the run record keeps of the stream: the device and what was lost on the wire.
struct StreamHealth {
  std::string peer;
  std::string device;
  std::uint64_t frames = 0;
  std::uint64_t dropped_frames = 0;  // sequence gaps
  std::uint64_t crc_failures = 0;
  std::uint64_t device_overruns = 0;  // frames the device flagged
};

class StreamTcpSource final : public core::StreamSource {
 public:
  explicit StreamTcpSource(StreamTcpSettings settings);
  ~StreamTcpSource() override;

  void configure(const core::StreamConfig& config) override;
  void activate() override;
  void deactivate() override;
  core::LifecycleState state() const override { return state_.load(); }
  const std::vector<core::ChannelInfo>& channels() const override { return channels_; }
  double sample_rate_hz() const override { return config_.sample_rate_hz; }
  core::ReadStatus read_block(core::SampleBlock& block, std::chrono::nanoseconds timeout) override;

  StreamHealth stream_health() const;
  /// The device's hello, and the frames lost or corrupted as dropouts.
  core::InstrumentHealth health() const override;

 private:
  std::string control(const std::string& line);
  core::ReadStatus fail_disconnected(const std::string& reason);
  std::size_t max_payload_bytes() const { return config_.block_samples * channels_.size() * 4; }

  StreamTcpSettings settings_;
  core::StreamConfig config_;
  std::vector<core::ChannelInfo> channels_;
  std::atomic<core::LifecycleState> state_{core::LifecycleState::unconfigured};
  std::unique_ptr<transport::ByteStream> connection_;
  std::string device_;

  // The frame being read: its header once read (a timeout may fall between header and payload).
  std::array<std::uint8_t, stream::kHeaderBytes> header_bytes_{};
  std::optional<stream::FrameHeader> pending_;
  std::vector<std::uint8_t> payload_;
  std::uint64_t next_sequence_ = 0;
  bool loss_pending_ = false;  // frames lost since the last block returned
  std::atomic<std::uint64_t> frames_{0}, dropped_{0}, crc_failures_{0}, device_overruns_{0};
  FaultNote fault_;
};

}  // namespace needlerig::rig::drivers
