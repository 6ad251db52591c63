#pragma once
// Stops the axis as soon as the operator aborts, even while the sequencer's thread is blocked in a
// move (moves block until they end; MotionAxis allows stop() from a second thread). The pen is
// switched off by the sequencer's thread right after the move returns: PenDriver promises no
// calls from a second thread.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "rig/core/motion_axis.hpp"
#include "rig/sequencer/operator_action.hpp"

namespace needlerig::rig::sequencer {

class AbortWatcher {
 public:
  AbortWatcher(const OperatorAction& action, core::MotionAxis& axis,
               std::chrono::milliseconds poll_period);
  ~AbortWatcher();
  AbortWatcher(const AbortWatcher&) = delete;
  AbortWatcher& operator=(const AbortWatcher&) = delete;

 private:
  void watch();

  const OperatorAction& action_;
  core::MotionAxis& axis_;
  std::chrono::milliseconds poll_period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace needlerig::rig::sequencer
