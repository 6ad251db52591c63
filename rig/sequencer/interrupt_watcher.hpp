#pragma once
// Acts on the operator's terminate or abort at once, whatever the sequencer's thread is doing: a
// blocking move, a settle, a capture, the analysis of a capture. The signal handler can only set
// the operator action (one atomic); this thread polls it and makes the rig safe:
//
//   terminate: stops the axis (a running home, approach or move ends; the cleanup then retracts).
//   abort:     switches the pen off and stops the axis.
//
// The stop is repeated at every poll while the request is outstanding, so that a move the
// sequencer started just after the request (between its check and the call) is still stopped
// within a poll period. A terminate stays outstanding until the sequencer takes it over for its
// cleanup (take_over_terminate(): from then on the cleanup's own retract must be allowed to
// move); an abort stays outstanding until the run ends, since after an abort nothing moves.
//
// Threads: constructed and destroyed on the sequencer's thread; take_over_terminate() from it.
// The watcher thread calls MotionAxis::stop() and PenDriver::power_off(), which the role
// interfaces allow from any thread (rig/core).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/sequencer/operator_action.hpp"

namespace needlerig::rig::sequencer {

class InterruptWatcher {
 public:
  InterruptWatcher(const OperatorAction& action, core::PenDriver& pen, core::MotionAxis& axis,
                   std::chrono::milliseconds poll_period);
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  /// The sequencer's cleanup after a terminate: stops the axis once more (in case the watcher
  /// has not polled yet) and ends the watcher's repeated stops for the terminate, so that the
  /// cleanup's retract can move. An abort is still acted on.
  void take_over_terminate();

 private:
  void watch();
  void react_locked();

  const OperatorAction& action_;
  core::PenDriver& pen_;
  core::MotionAxis& axis_;
  std::chrono::milliseconds poll_period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  bool terminate_taken_over_ = false;
  std::thread thread_;
};

}  // namespace needlerig::rig::sequencer
