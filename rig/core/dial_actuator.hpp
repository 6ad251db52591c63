#pragma once
// Role: something other than the operator's hand that turns a pen's manual depth dial: a servo on
// the dial of an automated station, or on a simulated station the simulated operator. A pen whose
// depth is set electrically needs none (PenDriver::set_depth_mm); with neither, the operator is
// asked to turn the dial and confirm.
//
// What a real actuator does that a simulated one hides: it turns at a finite rate (a full turn of
// a dial takes a second or more), it must confirm the detent it reached rather than trust the
// command, and it can jam or slip. turn_to_mm() returns once the dial is at the setting, or throws
// DriverError; it is called from the sequencer's thread only, with the pen switched off.

#include <string>

namespace needlerig::rig::core {

class DialActuator {
 public:
  virtual ~DialActuator() = default;
  /// Turns the dial to depth_mm (a step of the pen's dial). Returns how it was set, for the
  /// record ("turned by the simulated operator").
  virtual std::string turn_to_mm(double depth_mm) = 0;
};

}  // namespace needlerig::rig::core
