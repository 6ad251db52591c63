#include "rig/sequencer/run_clock.hpp"

#include <chrono>

namespace needlerig::rig::sequencer {

double SteadyClock::now_s() {
  const auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration<double>(since_epoch).count();
}

double ManualClock::now_s() {
  const std::lock_guard lock(mutex_);
  return now_s_;
}

void ManualClock::advance_s(double seconds) {
  const std::lock_guard lock(mutex_);
  if (seconds > 0.0) now_s_ += seconds;
}

}  // namespace needlerig::rig::sequencer
