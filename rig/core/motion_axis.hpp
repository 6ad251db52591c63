#pragma once
// Role: the motion axis that carries the pen towards the phantom (positive = down, towards it).
//
// Lifecycle (lifecycle.hpp): configure(), then activate() enables the drive; home() must succeed
// before any move; moves are accepted only while active, homed and idle. A drive alarm or a lost
// connection moves it to fault.
//
// Commands start a motion and return at once, as a real stage's do (a Zaber "move abs" is
// acknowledged when accepted, not when the stage arrives): the rig watches moving() while it
// reads the stream source, so that it sees the force, the operator and its deadlines during every
// move. A stage has no load cell: "move until the force reaches X" is the rig's loop over two
// roles (rig/sequencer), not an axis command. stop() is accepted in every state and from any
// thread at any time (an operator's terminate or abort, a safety trip) and leaves the axis
// holding still; a stopped home leaves it not homed.
//
// What a real stage does that the simulated one hides: a command takes milliseconds on its serial
// line or socket, a reply can be late or lost (the driver's deadline turns that into a
// DriverError), the stage decelerates after stop() (moving() stays true until it holds), and a
// stall or a limit switch ends a move early with a warning flag (DriverError at the next call).

#include "rig/core/instrument_health.hpp"
#include "rig/core/lifecycle.hpp"

namespace needlerig::rig::core {

struct AxisConfig {
  double max_speed_mm_per_s = 20.0;
  double travel_min_mm = 0.0;  // soft limits, in axis coordinates after homing
  double travel_max_mm = 50.0;
};

class MotionAxis {
 public:
  virtual ~MotionAxis() = default;

  virtual void configure(const AxisConfig& config) = 0;
  virtual void activate() = 0;
  virtual void deactivate() = 0;
  virtual LifecycleState state() const = 0;

  /// Starts homing; homed() turns true when the axis has arrived at home.
  virtual void home() = 0;
  /// Starts a move. Throws DriverError unless active, homed and idle, and the position and speed
  /// are within the configured limits.
  virtual void move_to(double position_mm, double speed_mm_per_s) = 0;
  virtual void stop() noexcept = 0;
  /// True while a home or move is under way.
  virtual bool moving() const = 0;
  virtual double position_mm() const = 0;
  virtual bool homed() const = 0;

  /// The instrument's identity and its line's record so far (the run record keeps it).
  virtual InstrumentHealth health() const { return {}; }
};

}  // namespace needlerig::rig::core
