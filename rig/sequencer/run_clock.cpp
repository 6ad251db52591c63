#include "rig/sequencer/run_clock.hpp"

#include <chrono>
#include <thread>

namespace needlerig::rig::sequencer {

double SteadyClock::now_s() {
  const auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration<double>(since_epoch).count();
}

void SteadyClock::sleep_for_s(double seconds) {
  if (seconds > 0.0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

double ManualClock::now_s() {
  const std::lock_guard lock(mutex_);
  return now_s_;
}

void ManualClock::sleep_for_s(double seconds) {
  const std::lock_guard lock(mutex_);
  if (seconds > 0.0) now_s_ += seconds;
}

}  // namespace needlerig::rig::sequencer
