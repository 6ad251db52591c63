#include "rig/sim/sim_clock.hpp"

#include <thread>

namespace needlerig::rig::sim {

std::chrono::nanoseconds SteadySimClock::now() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::steady_clock::now().time_since_epoch());
}

void SteadySimClock::sleep_until(std::chrono::nanoseconds deadline) {
  std::this_thread::sleep_until(std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(deadline)));
}

std::chrono::nanoseconds ManualClock::now() const {
  return std::chrono::nanoseconds{now_ns_.load()};
}

void ManualClock::sleep_until(std::chrono::nanoseconds deadline) {
  waits_.fetch_add(1);
  long long current = now_ns_.load();
  while (current < deadline.count() && !now_ns_.compare_exchange_weak(current, deadline.count())) {
  }
}

void ManualClock::advance(std::chrono::nanoseconds by) { now_ns_.fetch_add(by.count()); }

}  // namespace needlerig::rig::sim
