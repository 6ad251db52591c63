// SimWorld: the pen role (SimPenDriver forwards here) and the operator's depth dial.

#include <cmath>
#include <string>

#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::sim {

namespace {
std::string state_text(core::LifecycleState s) {
  return std::string(core::lifecycle_state_name(s));
}

// On the dial's grid: a whole number of steps from the minimum (a micrometre of slack for
// decimal settings such as 0.75 mm).
bool on_depth_grid(const PenModel& pen, double depth_mm) {
  if (!(depth_mm >= pen.depth_min_mm - 1e-9 && depth_mm <= pen.depth_max_mm + 1e-9)) return false;
  const double steps = (depth_mm - pen.depth_min_mm) / pen.depth_step_mm;
  return std::abs(steps - std::round(steps)) * pen.depth_step_mm < 1e-3;
}
}  // namespace

void SimWorld::pen_configure(const core::PenIdentity& identity) {
  std::lock_guard lock(mutex_);
  if (pen_state_ == core::LifecycleState::active) {
    throw core::DriverError("pen", "configure() while active: deactivate first");
  }
  // The simulated pen answers with its own identity; the caller's fills in what the model lacks.
  pen_identity_.model = config_.pen.model;
  pen_identity_.serial = identity.serial.empty() ? config_.pen.serial : identity.serial;
  pen_identity_.cartridge_lot =
      identity.cartridge_lot.empty() ? config_.pen.cartridge_lot : identity.cartridge_lot;
  pen_identity_.needle_count = config_.pen.needle_count;
  if (!identity.model.empty() && identity.model != config_.pen.model) {
    throw core::DriverError("pen", "the connected pen is a '" + config_.pen.model + "', not a '" +
                                       identity.model + "'");
  }
  pen_state_ = core::LifecycleState::inactive;
}

void SimWorld::pen_activate() {
  std::lock_guard lock(mutex_);
  if (pen_state_ != core::LifecycleState::inactive) {
    throw core::DriverError("pen", "activate() in state " + state_text(pen_state_));
  }
  pen_state_ = core::LifecycleState::active;
}

void SimWorld::pen_deactivate() {
  pen_power_off();
  std::lock_guard lock(mutex_);
  if (pen_state_ == core::LifecycleState::active) pen_state_ = core::LifecycleState::inactive;
}

core::LifecycleState SimWorld::pen_state() const {
  std::lock_guard lock(mutex_);
  return pen_state_;
}

core::PenCapabilities SimWorld::pen_capabilities() const {
  const PenModel& pen = config_.pen;
  core::PenCapabilities c;
  c.sets_frequency = pen.sets_frequency();
  c.frequency_min_hz = pen.min_frequency_hz;
  c.frequency_max_hz = pen.max_frequency_hz;
  c.speed_levels = pen.speed_levels();
  c.sets_depth = pen.sets_depth;
  c.depth_min_mm = pen.depth_min_mm;
  c.depth_max_mm = pen.depth_max_mm;
  c.depth_step_mm = pen.depth_step_mm;
  return c;
}

void SimWorld::require_pen_active_locked(const char* what) const {
  if (pen_state_ != core::LifecycleState::active) {
    throw core::DriverError("pen",
                            std::string(what) + " refused in state " + state_text(pen_state_));
  }
}

void SimWorld::pen_set_speed_level(int level) {
  std::lock_guard lock(mutex_);
  require_pen_active_locked("set_speed_level()");
  if (config_.pen.speed_levels() == 0) {
    throw core::DriverError("pen", "this pen has no speed levels");
  }
  if (level < 1 || level > config_.pen.speed_levels()) {
    throw core::DriverError(
        "pen", "speed level must be in [1, " + std::to_string(config_.pen.speed_levels()) + "]");
  }
  pen_level_ = level;
  pen_target_hz_ = config_.pen.speed_level_frequency_hz[static_cast<std::size_t>(level - 1)];
  pen_.set_target_frequency(tick_time_s(tick_), pen_target_hz_);
}

void SimWorld::pen_set_frequency_hz(double frequency_hz) {
  std::lock_guard lock(mutex_);
  require_pen_active_locked("set_frequency_hz()");
  if (!config_.pen.sets_frequency()) {
    throw core::DriverError("pen", "this pen does not take a nominal frequency");
  }
  if (!(frequency_hz >= config_.pen.min_frequency_hz &&
        frequency_hz <= config_.pen.max_frequency_hz)) {
    throw core::DriverError("pen", "frequency must be in [" +
                                       std::to_string(config_.pen.min_frequency_hz) + ", " +
                                       std::to_string(config_.pen.max_frequency_hz) + "] Hz");
  }
  pen_target_hz_ = frequency_hz;
  pen_.set_target_frequency(tick_time_s(tick_), frequency_hz);
}

void SimWorld::pen_set_depth_mm(double depth_mm) {
  std::lock_guard lock(mutex_);
  require_pen_active_locked("set_depth_mm()");
  if (!config_.pen.sets_depth) {
    throw core::DriverError("pen", "this pen's depth is set on its dial, by the operator");
  }
  if (pen_.powered()) throw core::DriverError("pen", "set_depth_mm() refused while running");
  if (!on_depth_grid(config_.pen, depth_mm)) {
    throw core::DriverError(
        "pen", "depth " + std::to_string(depth_mm) + " mm is not a setting of this pen");
  }
  pen_depth_mm_ = depth_mm;
}

void SimWorld::turn_depth_dial_mm(double depth_mm) {
  std::lock_guard lock(mutex_);
  if (pen_.powered()) throw core::DriverError("pen", "turn the dial with the pen off");
  if (!on_depth_grid(config_.pen, depth_mm)) {
    throw core::DriverError("pen", "depth " + std::to_string(depth_mm) + " mm is not on the dial");
  }
  pen_depth_mm_ = depth_mm;
}

void SimWorld::pen_power_on() {
  std::lock_guard lock(mutex_);
  require_pen_active_locked("power_on()");
  if (!pen_.powered() && daq_state_ == core::LifecycleState::active) power_on_sample_ = next_sample_;
  pen_.power_on(tick_time_s(tick_), pen_depth_mm_, pen_target_hz_);
}

void SimWorld::pen_power_off() noexcept {
  std::lock_guard lock(mutex_);
  pen_.power_off(tick_time_s(tick_));
}

core::PenStatus SimWorld::pen_status() const {
  std::lock_guard lock(mutex_);
  core::PenStatus s;
  s.powered = pen_.powered();
  s.fault = pen_state_ == core::LifecycleState::fault;
  if (config_.pen.sets_depth) s.depth_setting_mm = pen_depth_mm_;
  s.supply_current_a = pen_.supply_current_a(tick_time_s(tick_));
  return s;
}

}  // namespace needlerig::rig::sim
