#pragma once
// A Zaber stage as needlerig-sim serves it over the Zaber ASCII protocol (on a pseudo-terminal or
// TCP): device 1, axis 1, over a motion-axis role (the simulated axis). It answers the commands
// the Zaber driver uses: status (`/1 1`), `home`, `move abs <microsteps> [speed]`, `stop`,
// `get pos`, `get deviceid`, `get version`; the warning flag is WR until the axis is homed.
// Anything else is rejected (RJ ... BADCOMMAND), a bad value with BADDATA, as a stage does.

#include <optional>
#include <string>
#include <string_view>

#include "rig/core/motion_axis.hpp"

namespace needlerig::rig::simserver {

struct SimStageUnits {
  double microsteps_per_mm = 20'997.375;
  double speed_units_per_mm_per_s = 20'997.375 * 1.6384;
};

class SimZaberStage {
 public:
  SimZaberStage(core::MotionAxis& axis, SimStageUnits units);

  /// The reply to one command line (nullopt: the command is for another device).
  std::optional<std::string> handle(std::string_view line);

 private:
  core::MotionAxis& axis_;
  SimStageUnits units_;
};

}  // namespace needlerig::rig::simserver
