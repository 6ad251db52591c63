#pragma once
// The sequencer's clock: step timing and the settle waits. Injectable so that tests (and simulated
// runs in fast mode) never sleep: ManualClock moves time forward instead of waiting.

#include <mutex>

namespace needlerig::rig::sequencer {

class RunClock {
 public:
  virtual ~RunClock() = default;
  /// Seconds on a monotonic axis (only differences mean anything).
  virtual double now_s() = 0;
  /// Waits `seconds` (the sequencer waits in short slices so an operator request is noticed).
  virtual void sleep_for_s(double seconds) = 0;
};

/// The wall's monotonic clock; sleep_for_s really sleeps.
class SteadyClock final : public RunClock {
 public:
  double now_s() override;
  void sleep_for_s(double seconds) override;
};

/// Time that moves only when told to: sleep_for_s advances it at once. Thread-safe.
class ManualClock final : public RunClock {
 public:
  double now_s() override;
  void sleep_for_s(double seconds) override;
  void advance_s(double seconds) { sleep_for_s(seconds); }

 private:
  std::mutex mutex_;
  double now_s_ = 0.0;
};

}  // namespace needlerig::rig::sequencer
