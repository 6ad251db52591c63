#include "rig/plan/step_description.hpp"

#include <fmt/format.h>

namespace needlerig::rig::plan {
namespace {

struct Describe {
  std::string operator()(const HomeStep&) const { return "home the axis"; }
  std::string operator()(const ApproachStep& s) const {
    return fmt::format("approach to {:.2f} N at {:.1f} mm/s (limit {:.1f} mm)", s.preload_n,
                       s.speed_mm_per_s, s.limit_mm);
  }
  std::string operator()(const SetDepthStep& s) const {
    return fmt::format("set depth {:.2f} mm", s.depth_mm);
  }
  std::string operator()(const RunStep& s) const {
    const std::string speed = s.speed_level    ? fmt::format("speed level {}", *s.speed_level)
                              : s.frequency_hz ? fmt::format("{:.1f} Hz", *s.frequency_hz)
                                               : std::string("its own speed");
    return fmt::format("run the pen at {}, settle {:.2f} s", speed, s.settle_s);
  }
  std::string operator()(const CaptureStep& s) const {
    return fmt::format("capture '{}' for {:.2f} s ({} checks)", s.name, s.duration_s,
                       s.measurements.size());
  }
  std::string operator()(const StopStep&) const { return "stop the pen"; }
  std::string operator()(const RetractStep& s) const {
    return fmt::format("retract to {:.1f} mm at {:.1f} mm/s", s.position_mm, s.speed_mm_per_s);
  }
};

}  // namespace

std::string describe_step(const StepAction& action) { return std::visit(Describe{}, action); }

}  // namespace needlerig::rig::plan
