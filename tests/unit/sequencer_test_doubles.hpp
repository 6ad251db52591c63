#pragma once
// Test doubles of the three hardware roles for the sequencer's tests. They log every call in one
// shared, ordered, thread-safe log (the order proves what the sequencer did and that the rig was
// left safe), can run a hook on any call (to press the operator's keys at a chosen moment) and
// can throw a DriverError from a chosen call. The stream source produces a known signal: a raised-
// cosine stroke of known frequency, depth and retraction, so verdicts can be checked against truth;
// its force is always above a preload of 0.8 N, so an approach to it stops at once.

#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <mutex>
#include <numbers>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rig/core/driver_error.hpp"
#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/core/stream_source.hpp"

namespace needlerig::testing {

class CallLog {
 public:
  void add(const std::string& call) {
    std::function<void(const std::string&)> hook;
    {
      const std::lock_guard lock(mutex_);
      calls_.push_back(call);
      hook = hook_;
      if (throw_on_.count(call) != 0) {
        throw_on_.erase(call);
        throw rig::core::DriverError(call.substr(0, call.find('.')), "injected failure in " + call);
      }
    }
    if (hook) hook(call);
  }
  std::vector<std::string> calls() const {
    const std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t count(const std::string& call) const {
    const std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& c : calls_) n += c == call ? 1 : 0;
    return n;
  }
  /// Index of the last occurrence of `call`, or -1.
  long last(const std::string& call) const {
    const std::lock_guard lock(mutex_);
    for (std::size_t i = calls_.size(); i-- > 0;) {
      if (calls_[i] == call) return static_cast<long>(i);
    }
    return -1;
  }
  void on_call(std::function<void(const std::string&)> hook) {
    const std::lock_guard lock(mutex_);
    hook_ = std::move(hook);
  }
  void throw_on(const std::string& call) {
    const std::lock_guard lock(mutex_);
    throw_on_.insert(call);
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> calls_;
  std::function<void(const std::string&)> hook_;
  std::set<std::string> throw_on_;
};

/// A stage whose moves end after `polls_per_move` looks at moving() (the sequencer looks once
/// per block it reads), at their target.
class FakeAxis final : public rig::core::MotionAxis {
 public:
  explicit FakeAxis(CallLog& log) : log_(log) {}
  void configure(const rig::core::AxisConfig&) override {
    log_.add("axis.configure");
    state_ = rig::core::LifecycleState::inactive;
  }
  void activate() override {
    log_.add("axis.activate");
    if (!activate_error.empty()) {
      state_ = rig::core::LifecycleState::fault;  // as a stage whose line cannot be opened
      throw rig::core::DriverError("axis", activate_error);
    }
    state_ = rig::core::LifecycleState::active;
  }
  void deactivate() override { state_ = rig::core::LifecycleState::inactive; }
  rig::core::LifecycleState state() const override { return state_; }
  std::string activate_error;  // non-empty: activate() fails with it
  void home() override {
    log_.add("axis.home");
    start(0.0);
    homing_ = true;
  }
  void move_to(double position_mm, double) override {
    log_.add("axis.move_to");
    start(position_mm);
  }
  void stop() noexcept override {
    log_.add("axis.stop");
    remaining_polls_ = 0;
    homing_ = false;
  }
  bool moving() const override {
    if (remaining_polls_.load() == 0) return false;
    if (--remaining_polls_ == 0) {
      position_mm_ = target_mm_.load();
      if (homing_.exchange(false)) homed_ = true;
    }
    return remaining_polls_.load() > 0;
  }
  double position_mm() const override { return position_mm_; }
  bool homed() const override { return homed_; }

  int polls_per_move = 3;

 private:
  void start(double target_mm) {
    target_mm_ = target_mm;
    remaining_polls_ = polls_per_move;
  }

  CallLog& log_;
  std::atomic<rig::core::LifecycleState> state_{rig::core::LifecycleState::unconfigured};
  mutable std::atomic<bool> homed_{false};
  mutable std::atomic<bool> homing_{false};
  mutable std::atomic<double> position_mm_{0.0};
  std::atomic<double> target_mm_{0.0};
  mutable std::atomic<int> remaining_polls_{0};
};

class FakePen final : public rig::core::PenDriver {
 public:
  FakePen(CallLog& log, rig::core::PenCapabilities capabilities)
      : log_(log), capabilities_(capabilities) {}
  void configure(const rig::core::PenIdentity& identity) override {
    log_.add("pen.configure");
    identity_ = identity;
    state_ = rig::core::LifecycleState::inactive;
  }
  void activate() override {
    log_.add("pen.activate");
    state_ = rig::core::LifecycleState::active;
  }
  void deactivate() override { state_ = rig::core::LifecycleState::inactive; }
  rig::core::LifecycleState state() const override { return state_; }
  const rig::core::PenIdentity& identity() const override { return identity_; }
  rig::core::PenCapabilities capabilities() const override { return capabilities_; }
  void set_speed_level(int) override { log_.add("pen.set_speed_level"); }
  void set_frequency_hz(double) override { log_.add("pen.set_frequency_hz"); }
  void set_depth_mm(double) override { log_.add("pen.set_depth_mm"); }
  void power_on() override {
    log_.add("pen.power_on");
    powered_ = true;
  }
  void power_off() noexcept override {
    log_.add("pen.power_off");
    powered_ = false;
  }
  rig::core::PenStatus status() const override {
    rig::core::PenStatus status;
    status.powered = powered_;
    status.fault = state_ == rig::core::LifecycleState::fault;
    if (supply_current && state_ == rig::core::LifecycleState::active) {
      ++current_reads;
      try {
        status.supply_current_a = supply_current();
      } catch (const rig::core::DriverError&) {
        state_ = rig::core::LifecycleState::fault;  // as a real driver whose line failed
        throw;
      }
    }
    return status;
  }

  /// What status() says of the supply current (may throw DriverError); unset: nothing.
  std::function<std::optional<double>()> supply_current;
  mutable int current_reads = 0;

 private:
  CallLog& log_;
  rig::core::PenCapabilities capabilities_;
  rig::core::PenIdentity identity_;
  mutable std::atomic<rig::core::LifecycleState> state_{rig::core::LifecycleState::unconfigured};
  std::atomic<bool> powered_{false};
};

/// The known signal: protrusion p(t) = lo + (hi - lo) (1 - cos(2 pi f t)) / 2, force = preload +
/// stiffness * max(p, 0). Encoded with 1e-4 mm and 1e-4 N per code.
struct KnownSignal {
  double frequency_hz = 120.0;
  double hi_mm = 1.0;   // P_max of every stroke: the delivered depth
  double lo_mm = -1.0;  // P_min: retraction
  double preload_n = 0.8;
  double stiffness_n_per_mm = 0.5;
};

/// A DAQ producing the known signal in lockstep with the sequencer (not free-running, unless a
/// test says so), so that a fault placed at "block n of the first capture" lands there every time.
/// Windows are counted by begin_window(), which a test calls when a capture starts (1: the first
/// capture).
class FakeSource final : public rig::core::StreamSource {
 public:
  static constexpr double kProtrusionScale = 1e-4;
  static constexpr double kForceScale = 1e-4;

  FakeSource(CallLog& log, KnownSignal known = {}) : signal(known), log_(log) {
    channels_.push_back({"protrusion_mm", "mm", kProtrusionScale, 0.0, -50000, 50000});
    channels_.push_back({"force_N", "N", kForceScale, 0.0, -200000, 200000});
  }
  void configure(const rig::core::StreamConfig& config) override {
    log_.add("daq.configure");
    config_ = config;
    state_ = rig::core::LifecycleState::inactive;
  }
  void activate() override {
    log_.add("daq.activate");
    next_index_ = 0;
    ++activations_;
    state_ = rig::core::LifecycleState::active;
  }
  void deactivate() override {
    log_.add("daq.deactivate");
    if (state_ == rig::core::LifecycleState::active) state_ = rig::core::LifecycleState::inactive;
  }
  rig::core::LifecycleState state() const override { return state_; }
  const std::vector<rig::core::ChannelInfo>& channels() const override { return channels_; }
  double sample_rate_hz() const override { return config_.sample_rate_hz; }
  bool free_running() const override { return free_running_device; }

  /// A capture starts: blocks are counted from 0 in window `window_count() + 1`.
  void begin_window() {
    blocks_in_window_ = 0;
    ++window_;
  }
  std::size_t activations() const { return activations_.load(); }

  /// Called on the acquisition thread (no allocation in the normal path).
  rig::core::ReadStatus read_block(rig::core::SampleBlock& block,
                                   std::chrono::nanoseconds) override {
    const std::size_t n = blocks_in_window_.fetch_add(1);
    const std::size_t window = window_.load();
    if (on_block) on_block(window, n);
    const bool faulty = window == fault_window;
    if (faulty && disconnect_at_block && n >= *disconnect_at_block) {
      state_ = rig::core::LifecycleState::fault;
      return rig::core::ReadStatus::disconnected;
    }
    auto status = rig::core::ReadStatus::ok;
    if (faulty && overrun_at_block && n == *overrun_at_block) {
      next_index_ += config_.block_samples;  // the device lost one block's worth
      status = rig::core::ReadStatus::overrun;
    }
    block.first_sample_index = next_index_;
    block.first_sample_time_ns =
        static_cast<std::int64_t>(1e9 * static_cast<double>(next_index_) / config_.sample_rate_hz);
    block.sample_count = config_.block_samples;
    block.channel_count = channels_.size();
    for (std::size_t s = 0; s < block.sample_count; ++s) {
      const double t = static_cast<double>(next_index_ + s) / config_.sample_rate_hz;
      const double p =
          signal.lo_mm + (signal.hi_mm - signal.lo_mm) * 0.5 *
                             (1.0 - std::cos(2.0 * std::numbers::pi * signal.frequency_hz * t));
      const double f = signal.preload_n + signal.stiffness_n_per_mm * std::max(p, 0.0);
      block.codes[s * 2] = static_cast<std::int32_t>(std::lround(p / kProtrusionScale));
      block.codes[s * 2 + 1] = static_cast<std::int32_t>(std::lround(f / kForceScale));
    }
    next_index_ += block.sample_count;
    delivered_.fetch_add(1);
    delivered_.notify_all();
    return status;
  }

  KnownSignal signal;                // set before the run
  bool free_running_device = false;  // true: read ahead freely, as a real DAQ is
  // Faults act in one window only (1: the first capture).
  std::size_t fault_window = 1;
  std::optional<std::size_t> overrun_at_block;
  std::optional<std::size_t> disconnect_at_block;
  /// Runs on the acquisition thread before every read: (window, block within it; window 0 is
  /// everything before the first capture).
  std::function<void(std::size_t window, std::size_t block)> on_block;
  std::atomic<std::uint32_t> delivered_{0};  // blocks delivered so far (waitable)

 private:
  CallLog& log_;
  rig::core::StreamConfig config_;
  std::vector<rig::core::ChannelInfo> channels_;
  std::atomic<rig::core::LifecycleState> state_{rig::core::LifecycleState::unconfigured};
  std::uint64_t next_index_ = 0;
  std::atomic<std::size_t> blocks_in_window_{0};
  std::atomic<std::size_t> window_{0};
  std::atomic<std::size_t> activations_{0};
};

}  // namespace needlerig::testing
