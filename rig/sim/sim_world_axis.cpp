// SimWorld: the stage axis role (SimMotionAxis forwards here). Moves block; who drives world time
// during a move is described in sim_world.hpp.

#include <cmath>
#include <string>
#include <thread>

#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::sim {

namespace {
// A self-driven move advances world time in steps of at most this much, so that stop() and a
// DAQ that becomes active are noticed promptly.
constexpr double kMoveStepS = 0.01;

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
  {
    std::lock_guard lock(mutex_);
    if (axis_state_ == core::LifecycleState::active) axis_state_ = core::LifecycleState::inactive;
  }
  axis_stop();
}

core::LifecycleState SimWorld::axis_state() const {
  std::lock_guard lock(mutex_);
  return axis_state_;
}

void SimWorld::require_axis_ready_locked(const char* what) const {
  if (axis_state_ != core::LifecycleState::active) {
    throw core::DriverError("axis",
                            std::string(what) + " refused in state " + state_text(axis_state_));
  }
  if (moving_) throw core::DriverError("axis", std::string(what) + " refused: a move is running");
}

void SimWorld::start_move_locked(double target_mm, double speed_mm_per_s, bool force_mode,
                                 double force_n) {
  stop_requested_.store(false);
  move_force_mode_ = force_mode;
  move_force_n_ = force_n;
  move_result_ = MoveResult::none;
  axis_.start(tick_time_s(tick_), target_mm, speed_mm_per_s);
  moving_ = true;
  // A force move that starts at its force, or a move to where the axis stands, ends at once.
  if (force_mode && load_cell_.output() >= force_n) {
    axis_.halt(tick_time_s(tick_));
    moving_ = false;
    move_result_ = MoveResult::force_reached;
  } else if (axis_.arrive_if_due(tick_time_s(tick_))) {
    moving_ = false;
    move_result_ = force_mode ? MoveResult::travel_limit : MoveResult::arrived;
  }
}

void SimWorld::run_move_locked(std::unique_lock<std::mutex>& lock) {
  bool anchored = false;
  while (moving_) {
    if (stop_requested_.load()) {
      axis_.halt(tick_time_s(tick_));
      moving_ = false;
      move_result_ = MoveResult::stopped;
      break;
    }
    if (daq_drives_time_locked() && std::this_thread::get_id() != reader_thread_) {
      time_cv_.wait(lock);  // the acquisition thread advances time and ends the move
      anchored = false;
      continue;
    }
    if (config_.mode == SimMode::real_time && !anchored) {
      reanchor_locked();
      anchored = true;
    }
    const double now_s = tick_time_s(tick_);
    const double step_s = std::min(kMoveStepS, std::max(0.0, axis_.arrival_s() - now_s));
    const auto ticks = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(step_s * rate_hz_ * clock_ratio_)));
    schedule_locked(tick_time_s(tick_ + ticks));
    for (std::uint64_t i = 0; i < ticks && moving_; ++i) {
      step_tick_locked();
      if (daq_state_ == core::LifecycleState::active) {
        // Only a move from the acquisition thread gets here: its samples are lost.
        ++next_sample_;
        samples_lost_ = true;
      }
    }
    if (config_.mode == SimMode::real_time) {
      const auto deadline = clock_deadline_locked(tick_time_s(tick_));
      lock.unlock();
      clock_->sleep_until(deadline);
      lock.lock();
    } else {
      lock.unlock();  // let stop() and the other roles in between steps
      std::this_thread::yield();
      lock.lock();
    }
  }
  time_cv_.notify_all();
}

void SimWorld::axis_home() {
  std::unique_lock lock(mutex_);
  if (axis_state_ != core::LifecycleState::active) {
    throw core::DriverError("axis", "home() refused in state " + state_text(axis_state_));
  }
  if (moving_) throw core::DriverError("axis", "home() refused: a move is running");
  homed_ = false;
  // The home switch is at axis position 0.
  start_move_locked(0.0, std::min(config_.homing_speed_mm_per_s, axis_config_.max_speed_mm_per_s),
                    false, 0.0);
  run_move_locked(lock);
  if (move_result_ == MoveResult::stopped) throw core::DriverError("axis", "homing stopped");
  homed_ = true;
}

void SimWorld::axis_move_to(double position_mm, double speed_mm_per_s) {
  std::unique_lock lock(mutex_);
  require_axis_ready_locked("move_to()");
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
  start_move_locked(position_mm, speed_mm_per_s, false, 0.0);
  run_move_locked(lock);
}

core::ForceMoveResult SimWorld::axis_move_until_force(double target_force_n, double speed_mm_per_s,
                                                      double limit_mm) {
  std::unique_lock lock(mutex_);
  require_axis_ready_locked("move_until_force()");
  if (!homed_) throw core::DriverError("axis", "move_until_force() refused: not homed");
  if (!(limit_mm >= axis_config_.travel_min_mm && limit_mm <= axis_config_.travel_max_mm)) {
    throw core::DriverError("axis", "move_until_force() limit beyond the soft limits");
  }
  if (!(speed_mm_per_s > 0.0 && speed_mm_per_s <= axis_config_.max_speed_mm_per_s)) {
    throw core::DriverError("axis", "speed must be in (0, max_speed_mm_per_s]");
  }
  if (!std::isfinite(target_force_n))
    throw core::DriverError("axis", "target force must be finite");
  start_move_locked(limit_mm, speed_mm_per_s, true, target_force_n);
  run_move_locked(lock);
  switch (move_result_) {
    case MoveResult::force_reached:
      return core::ForceMoveResult::force_reached;
    case MoveResult::stopped:
      return core::ForceMoveResult::stopped;
    default:
      return core::ForceMoveResult::travel_limit;
  }
}

void SimWorld::axis_stop() noexcept {
  stop_requested_.store(true);
  std::lock_guard lock(mutex_);
  if (!moving_) stop_requested_.store(false);
  time_cv_.notify_all();
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
