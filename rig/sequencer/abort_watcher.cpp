#include "rig/sequencer/abort_watcher.hpp"

namespace needlerig::rig::sequencer {

AbortWatcher::AbortWatcher(const OperatorAction& action, core::MotionAxis& axis,
                           std::chrono::milliseconds poll_period)
    : action_(action), axis_(axis), poll_period_(poll_period), thread_([this] { watch(); }) {}

AbortWatcher::~AbortWatcher() {
  {
    const std::lock_guard lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void AbortWatcher::watch() {
  // Polled: a signal handler cannot notify a condition variable. The wait ends early only when
  // the run is over, so this never holds the run up.
  std::unique_lock lock(mutex_);
  while (!done_) {
    if (action_.requested() == OperatorRequest::abort) {
      axis_.stop();
      return;
    }
    wake_.wait_for(lock, poll_period_, [this] { return done_; });
  }
}

}  // namespace needlerig::rig::sequencer
