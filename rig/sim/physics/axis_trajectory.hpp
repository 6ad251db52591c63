#pragma once
// The stage's motion: moves at constant speed (the acceleration phase of a stepper stage at a few
// mm/s lasts well under a millisecond and is left out), as a function of world time.

#include <algorithm>
#include <cmath>

namespace needlerig::rig::sim {

class AxisTrajectory {
 public:
  explicit AxisTrajectory(double position_mm = 0.0) : hold_mm_(position_mm) {}

  void start(double t_s, double target_mm, double speed_mm_per_s) {
    start_s_ = t_s;
    from_mm_ = hold_mm_;
    target_mm_ = target_mm;
    speed_mm_per_s_ = speed_mm_per_s;
    moving_ = true;
  }
  /// Stops where the axis is at t_s.
  void halt(double t_s) {
    hold_mm_ = position_mm(t_s);
    moving_ = false;
  }
  /// Ends the move at its target if t_s is past its arrival; true when it did.
  bool arrive_if_due(double t_s) {
    if (!moving_ || t_s < arrival_s()) return false;
    hold_mm_ = target_mm_;
    moving_ = false;
    return true;
  }
  double position_mm(double t_s) const {
    if (!moving_) return hold_mm_;
    const double travelled =
        std::min(std::abs(target_mm_ - from_mm_), speed_mm_per_s_ * std::max(0.0, t_s - start_s_));
    return from_mm_ + (target_mm_ >= from_mm_ ? travelled : -travelled);
  }
  double arrival_s() const { return start_s_ + std::abs(target_mm_ - from_mm_) / speed_mm_per_s_; }
  bool moving() const { return moving_; }
  void set_position(double position_mm) {
    hold_mm_ = position_mm;
    moving_ = false;
  }

 private:
  double hold_mm_;
  double start_s_ = 0.0;
  double from_mm_ = 0.0;
  double target_mm_ = 0.0;
  double speed_mm_per_s_ = 1.0;
  bool moving_ = false;
};

}  // namespace needlerig::rig::sim
