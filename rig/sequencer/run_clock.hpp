#pragma once
// The sequencer's clock: the run's time axis (step timing, event times). Injectable so that tests
// and simulated runs control it. The sequencer never sleeps on it: settle times are counted in
// DAQ samples (sequencer.cpp), so nothing in a run waits on the wall clock.

#include <mutex>

namespace needlerig::rig::sequencer {

class RunClock {
 public:
  virtual ~RunClock() = default;
  /// Seconds on a monotonic axis (only differences mean anything).
  virtual double now_s() = 0;
};

/// The wall's monotonic clock.
class SteadyClock final : public RunClock {
 public:
  double now_s() override;
};

/// Time that moves only when told to. Thread-safe.
class ManualClock final : public RunClock {
 public:
  double now_s() override;
  void advance_s(double seconds);

 private:
  std::mutex mutex_;
  double now_s_ = 0.0;
};

}  // namespace needlerig::rig::sequencer
