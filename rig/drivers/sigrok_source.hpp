#pragma once
// The stream-source role through libsigrok, so that the DAQs, oscilloscopes and meters sigrok
// supports can feed the rig (its `demo` device included). libsigrok runs the acquisition in its
// own session thread and hands analog packets, one channel at a time, to a callback; the driver
// interleaves them by sample into a ring of `buffer_s` seconds that read_block() empties.
//
// Values arrive as floats in the device's unit (volts for most DAQs): the driver turns each into
// a code of `code_resolution` device units, and the station's DAQ node calibrates the codes as
// for any DAQ (physical = offset + scale * code). A ring that fills (the rig read too late) loses
// samples: everything from then until the rig has emptied the ring, and the next block after the
// gap is an overrun, counted. A session that ends on its own (the device went away) is a
// disconnect: the role moves to fault.
//
// What sigrok hides: a device's own buffer and transfer sizes, and for most devices the exact
// rate (the driver refuses a device that does not take the station's rate exactly).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rig/core/stream_source.hpp"
#include "rig/drivers/fault_note.hpp"

struct sr_context;
struct sr_dev_inst;
struct sr_dev_driver;
struct sr_session;
struct sr_channel;
struct sr_datafeed_packet;

namespace needlerig::rig::drivers {

struct SigrokSettings {
  std::string driver;                 // the sigrok driver's name: "demo", "fx2lafw", ...
  std::string conn;                   // sigrok's connection string; empty: the driver's scan
  std::vector<std::string> channels;  // the device's channel for each of the DAQ node's channels
  double code_resolution = 1e-6;      // device units (V) a code
  double buffer_s = 2.0;              // the ring between sigrok's thread and the rig's reads
};

class SigrokSource final : public core::StreamSource {
 public:
  explicit SigrokSource(SigrokSettings settings);
  ~SigrokSource() override;

  void configure(const core::StreamConfig& config) override;
  void activate() override;
  void deactivate() override;
  core::LifecycleState state() const override { return state_.load(); }
  const std::vector<core::ChannelInfo>& channels() const override { return channels_; }
  double sample_rate_hz() const override { return config_.sample_rate_hz; }
  core::ReadStatus read_block(core::SampleBlock& block, std::chrono::nanoseconds timeout) override;

  /// The device's vendor and model, and the gaps a full ring made (dropouts).
  core::InstrumentHealth health() const override;

 private:
  static void on_packet(const sr_dev_inst* device, const sr_datafeed_packet* packet, void* self);
  void take_analog(const void* analog);
  /// Moves the samples every channel has into the ring (under the lock).
  void interleave_locked();
  /// Stops the session and joins its thread, if there is one.
  void end_session() noexcept;
  void close_device() noexcept;

  SigrokSettings settings_;
  core::StreamConfig config_;
  std::vector<core::ChannelInfo> channels_;
  std::atomic<core::LifecycleState> state_{core::LifecycleState::unconfigured};
  std::string identity_;

  sr_context* context_ = nullptr;
  sr_dev_driver* sigrok_driver_ = nullptr;
  sr_dev_inst* device_ = nullptr;
  sr_session* session_ = nullptr;
  std::thread session_thread_;
  std::vector<const sr_channel*> device_channels_;  // in the DAQ node's order

  // Between sigrok's thread and the rig's reads.
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<std::deque<std::int32_t>> pending_;  // per channel, not yet interleaved
  std::vector<std::int32_t> ring_;                 // interleaved samples
  std::size_t ring_samples_ = 0;                   // its capacity, in samples
  std::uint64_t read_index_ = 0;                   // the next sample the rig takes
  std::uint64_t write_index_ = 0;                  // one past the last sample in the ring
  std::uint64_t device_index_ = 0;                 // samples the device has delivered
  bool dropping_ = false;                          // the ring overflowed: dropping until empty
  bool loss_pending_ = false;                      // the next block comes after a gap
  bool session_ended_ = false;
  std::vector<float> scratch_;
  std::atomic<std::uint64_t> overflows_{0};
  FaultNote fault_;
};

}  // namespace needlerig::rig::drivers
