#pragma once
// The clock that paces the simulator in real-time mode, injectable so that tests never sleep.
//
// SteadySimClock is the wall clock (std::chrono::steady_clock, sleeps for real). ManualClock is a
// test's clock: it moves only when told (advance()) or when a caller waits on it: sleep_until(t)
// moves it to t at once, so a paced wait returns immediately and the clock shows the time the
// wait would have taken. Both are safe to call from several threads.

#include <atomic>
#include <chrono>

namespace needlerig::rig::sim {

class SimClock {
 public:
  virtual ~SimClock() = default;
  virtual std::chrono::nanoseconds now() const = 0;
  /// Returns at or after `deadline` (at once if it has passed).
  virtual void sleep_until(std::chrono::nanoseconds deadline) = 0;
};

class SteadySimClock final : public SimClock {
 public:
  std::chrono::nanoseconds now() const override;
  void sleep_until(std::chrono::nanoseconds deadline) override;
};

class ManualClock final : public SimClock {
 public:
  explicit ManualClock(std::chrono::nanoseconds start = std::chrono::nanoseconds{0})
      : now_ns_(start.count()) {}
  std::chrono::nanoseconds now() const override;
  void sleep_until(std::chrono::nanoseconds deadline) override;
  void advance(std::chrono::nanoseconds by);
  /// How many times a caller waited on the clock (a test can see that a read was paced).
  long long waits() const { return waits_.load(); }

 private:
  std::atomic<long long> now_ns_;
  std::atomic<long long> waits_{0};
};

}  // namespace needlerig::rig::sim
