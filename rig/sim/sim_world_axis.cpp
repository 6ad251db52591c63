// SimWorld: the stage axis role (SimMotionAxis forwards here). Commands start a motion and return
// at once; the motion advances with world time, that is as the DAQ is read (sim_world.hpp).

#include <cmath>
#include <string>

#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::sim {

namespace {
std::string state_text(core::LifecycleState s) {
  return std::string(core::lifecycle_state_name(s));
}
}  // namespace

void SimWorld::axis_configure(const core::AxisConfig& config) {
  std::lock_guard lock(mutex_);
  if (axis_state_ == core::LifecycleState::active) {
    throw core::DriverError("axis", "configure() while active: deactivate first");
  }
  if (!(config.max_speed_mm_per_s > 0.0) || !(config.travel_min_mm < config.travel_max_mm)) {
    throw core::DriverError("axis", "needs max_speed_mm_per_s > 0 and travel_min < travel_max");
  }
  axis_config_ = config;
  axis_state_ = core::LifecycleState::inactive;
}

void SimWorld::axis_activate() {
  std::lock_guard lock(mutex_);
  if (axis_state_ != core::LifecycleState::inactive) {
    throw core::DriverError("axis", "activate() in state " + state_text(axis_state_));
  }
  axis_state_ = core::LifecycleState::active;
}

void SimWorld::axis_deactivate() {
  axis_stop();
  std::lock_guard lock(mutex_);
  if (axis_state_ == core::LifecycleState::active) axis_state_ = core::LifecycleState::inactive;
}

core::LifecycleState SimWorld::axis_state() const {
  std::lock_guard lock(mutex_);
  return axis_state_;
}

void SimWorld::require_axis_idle_locked(const char* what) const {
  if (axis_state_ != core::LifecycleState::active) {
    throw core::DriverError("axis",
                            std::string(what) + " refused in state " + state_text(axis_state_));
  }
  if (moving_) throw core::DriverError("axis", std::string(what) + " refused: a move is running");
}

void SimWorld::start_move_locked(double target_mm, double speed_mm_per_s) {
  axis_.start(tick_time_s(tick_), target_mm, speed_mm_per_s);
  moving_ = !axis_.arrive_if_due(tick_time_s(tick_));  // a move to where it stands ends at once
  if (!moving_ && homing_) {
    homing_ = false;
    homed_ = true;
  }
}

void SimWorld::axis_home() {
  std::lock_guard lock(mutex_);
  require_axis_idle_locked("home()");
  homed_ = false;
  homing_ = true;
  // The home switch is at axis position 0.
  start_move_locked(0.0, std::min(config_.homing_speed_mm_per_s, axis_config_.max_speed_mm_per_s));
}

void SimWorld::axis_move_to(double position_mm, double speed_mm_per_s) {
  std::lock_guard lock(mutex_);
  require_axis_idle_locked("move_to()");
  if (!homed_) throw core::DriverError("axis", "move_to() refused: not homed");
  if (!(position_mm >= axis_config_.travel_min_mm && position_mm <= axis_config_.travel_max_mm)) {
    throw core::DriverError("axis", "move_to(" + std::to_string(position_mm) +
                                        " mm) beyond the soft limits [" +
                                        std::to_string(axis_config_.travel_min_mm) + ", " +
                                        std::to_string(axis_config_.travel_max_mm) + "] mm");
  }
  if (!(speed_mm_per_s > 0.0 && speed_mm_per_s <= axis_config_.max_speed_mm_per_s)) {
    throw core::DriverError("axis", "speed must be in (0, max_speed_mm_per_s]");
  }
  start_move_locked(position_mm, speed_mm_per_s);
}

void SimWorld::axis_stop() noexcept {
  std::lock_guard lock(mutex_);
  if (!moving_) return;
  axis_.halt(tick_time_s(tick_));
  moving_ = false;
  homing_ = false;  // a stopped home leaves the axis not homed
}

bool SimWorld::axis_moving() const {
  std::lock_guard lock(mutex_);
  return moving_;
}

double SimWorld::axis_position_mm() const {
  std::lock_guard lock(mutex_);
  return axis_.position_mm(tick_time_s(tick_));
}

bool SimWorld::axis_homed() const {
  std::lock_guard lock(mutex_);
  return homed_;
}

}  // namespace needlerig::rig::sim
