#pragma once
// The stream-source role played by a burst-capture DAQ over SCPI (docs/burst-daq.md): an
// oscilloscope or DAQ that captures a burst of samples into its memory and then transfers it.
// The driver configures the rate (ACQ:SRAT) and the burst length (ACQ:POIN), arms (INIT with
// TRIG:SOUR BUS) and triggers (*TRG: sample 0), and from then on the device captures bursts back
// to back while the driver fetches the oldest one as a binary block of int32 codes (FETC:STAR?,
// FETC:DATA?) and hands it on in blocks. A burst the device lost (its memory full) shows as a
// jump in the next burst's start index: the next block is an overrun and the loss is counted,
// never silent. A failed exchange is a disconnect (the role moves to fault): a capture is not
// resumed mid-run, since the samples in between are gone, and the line, which may be out of step,
// is not used again (no ABOR after a fault: the instrument stops capturing when the driver, and
// with it the connection, goes; configure() starts afresh on a new connection).
//
// The rig sees the stream a burst late: a burst of 10 ms at 100 kS/s (the default 1000 samples)
// keeps the approach's force loop within a few milliseconds of a streaming DAQ's.
//
// read_block() polls FETC:COUN? every poll interval until a burst is ready or its timeout has
// passed. Each exchange builds its short command strings (a few small allocations per burst);
// the burst's data is read into memory allocated at configure().

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rig/core/stream_source.hpp"
#include "rig/drivers/fault_note.hpp"
#include "rig/scpi/scpi_client.hpp"
#include "rig/transport/byte_stream.hpp"

namespace needlerig::rig::drivers {

struct ScpiBurstSettings {
  std::string host;
  std::uint16_t port = 5026;
  std::chrono::milliseconds timeout{2'000};  // connecting and each exchange
  std::size_t burst_samples = 1'000;         // samples of each channel in one burst
  std::chrono::milliseconds poll_interval{2};
};

class ScpiBurstSource final : public core::StreamSource {
 public:
  explicit ScpiBurstSource(ScpiBurstSettings settings);
  ~ScpiBurstSource() override;

  void configure(const core::StreamConfig& config) override;
  void activate() override;
  void deactivate() override;
  core::LifecycleState state() const override { return state_.load(); }
  const std::vector<core::ChannelInfo>& channels() const override { return channels_; }
  double sample_rate_hz() const override { return config_.sample_rate_hz; }
  core::ReadStatus read_block(core::SampleBlock& block, std::chrono::nanoseconds timeout) override;

  /// The device's identity, the exchanges that timed out, the bursts lost (dropouts).
  core::InstrumentHealth health() const override;

 private:
  /// Fetches the oldest burst if one is ready: false when none is.
  bool fetch_burst();
  std::string peer() const;

  ScpiBurstSettings settings_;
  core::StreamConfig config_;
  std::vector<core::ChannelInfo> channels_;
  std::atomic<core::LifecycleState> state_{core::LifecycleState::unconfigured};
  std::unique_ptr<transport::ByteStream> connection_;
  std::unique_ptr<scpi::ScpiClient> client_;
  std::string identity_;

  std::vector<std::uint8_t> burst_bytes_;  // the burst being handed on, as fetched
  std::size_t burst_samples_ = 0;          // samples of each channel in it
  std::size_t burst_offset_ = 0;           // samples already handed on
  std::uint64_t burst_first_index_ = 0;
  std::uint64_t next_index_ = 0;  // the sample the next burst should start at
  bool loss_pending_ = false;
  std::atomic<std::uint64_t> bursts_lost_{0}, timeouts_{0};
  FaultNote fault_;
};

}  // namespace needlerig::rig::drivers
