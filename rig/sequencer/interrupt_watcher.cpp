#include "rig/sequencer/interrupt_watcher.hpp"

namespace needlerig::rig::sequencer {

InterruptWatcher::InterruptWatcher(const OperatorAction& action, core::PenDriver& pen,
                                   core::MotionAxis& axis, std::chrono::milliseconds poll_period)
    : action_(action),
      pen_(pen),
      axis_(axis),
      poll_period_(poll_period),
      thread_([this] { watch(); }) {}

InterruptWatcher::~InterruptWatcher() {
  {
    const std::lock_guard lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void InterruptWatcher::take_over_terminate() {
  const std::lock_guard lock(mutex_);
  react_locked();
  terminate_taken_over_ = true;
}

void InterruptWatcher::react_locked() {
  switch (action_.requested()) {
    case OperatorRequest::abort:
      // Pen first: a running pen is the hazard to the phantom; a moving axis with the pen off is
      // not.
      pen_.power_off();
      axis_.stop();
      break;
    case OperatorRequest::terminate:
      if (!terminate_taken_over_) axis_.stop();
      break;
    case OperatorRequest::none:
      break;
  }
}

void InterruptWatcher::watch() {
  // Polled: a signal handler cannot notify a condition variable. The wait ends early only when
  // the run is over, so this never holds the run up.
  std::unique_lock lock(mutex_);
  while (!done_) {
    react_locked();
    wake_.wait_for(lock, poll_period_, [this] { return done_; });
  }
}

}  // namespace needlerig::rig::sequencer
