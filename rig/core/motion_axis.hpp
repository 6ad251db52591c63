#pragma once
// Role: the motion axis that carries the pen towards the phantom (positive = down, towards it).
//
// Lifecycle (lifecycle.hpp): configure(), then activate() enables the drive; home() must succeed
// before any move; moves are accepted only while active and homed. stop() is accepted in every
// state and leaves the axis holding still. A drive alarm or a lost connection moves it to fault.
// The calls block until the move ends (or the axis faults); any other thread may call stop() at
// any time (an operator's terminate or abort, a safety trip), and a blocked move then returns
// promptly (a stopped home throws DriverError; move_until_force answers `stopped`).
// Where a move's progress depends on the station's stream source (the simulated station, whose
// time advances only as its DAQ is read), an active source must be read by an acquisition thread
// meanwhile (stream_source.hpp), or the move cannot end.

#include "rig/core/lifecycle.hpp"

namespace needlerig::rig::core {

struct AxisConfig {
  double max_speed_mm_per_s = 20.0;
  double travel_min_mm = 0.0;  // soft limits, in axis coordinates after homing
  double travel_max_mm = 50.0;
};

/// How a force-limited move ended.
enum class ForceMoveResult : std::uint8_t {
  force_reached,  // the force reached the target: the axis stopped there
  travel_limit,   // the axis reached limit_mm without reaching the force
  stopped,        // stop() was called during the move
};

class MotionAxis {
 public:
  virtual ~MotionAxis() = default;

  virtual void configure(const AxisConfig& config) = 0;
  virtual void activate() = 0;
  virtual void deactivate() = 0;
  virtual LifecycleState state() const = 0;

  virtual void home() = 0;
  virtual void move_to(double position_mm, double speed_mm_per_s) = 0;
  /// Moves towards limit_mm until the measured force reaches target_force_n.
  virtual ForceMoveResult move_until_force(double target_force_n, double speed_mm_per_s,
                                           double limit_mm) = 0;
  virtual void stop() noexcept = 0;
  virtual double position_mm() const = 0;
  virtual bool homed() const = 0;
};

}  // namespace needlerig::rig::core
