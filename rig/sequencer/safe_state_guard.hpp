#pragma once
// Leaves the pen off and the axis stopped when it goes out of scope, however the scope is left
// (return, DriverError, any exception). Both calls are accepted in every lifecycle state and never
// throw (core/pen_driver.hpp, core/motion_axis.hpp), so this is safe in a destructor.

#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"

namespace needlerig::rig::sequencer {

class SafeStateGuard {
 public:
  SafeStateGuard(core::PenDriver& pen, core::MotionAxis& axis) : pen_(pen), axis_(axis) {}
  ~SafeStateGuard() { make_safe(); }
  SafeStateGuard(const SafeStateGuard&) = delete;
  SafeStateGuard& operator=(const SafeStateGuard&) = delete;

  /// Pen first: a running pen is the hazard to the phantom; a moving axis with the pen off is not.
  void make_safe() noexcept {
    pen_.power_off();
    axis_.stop();
  }

 private:
  core::PenDriver& pen_;
  core::MotionAxis& axis_;
};

}  // namespace needlerig::rig::sequencer
