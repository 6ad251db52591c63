#pragma once
// A test plan: what the sequencer does to a pen and how it judges the captures (fixtures/plans/).
// Plain data, validated by the loader (plan_loader.hpp): a TestPlan that exists is runnable as far
// as the plan itself can tell (the pen's capabilities are checked by the sequencer, before moving).

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analysis/analysis_settings.hpp"
#include "analysis/data_finding.hpp"
#include "analysis/measurement_ids.hpp"
#include "analysis/verdict.hpp"

namespace needlerig::rig::plan {

/// One measurement a capture step judges.
struct MeasurementCheck {
  analysis::MeasurementId id;
  analysis::Limits limits;            // guard band from the plan, or = uncertainty
  std::optional<double> uncertainty;  // expanded uncertainty the guard band came from
  /// `guard_band: 2u`: the guard band is this many of the capture's own standard uncertainty u
  /// (set when judging; limits.guard_band is then unset in the plan).
  std::optional<double> guard_band_in_u;
  std::size_t line = 0;
};

/// Homes the motion axis.
struct HomeStep {};

/// Moves the pen towards the phantom until the contact preload is reached.
struct ApproachStep {
  double preload_n = 0.0;
  double speed_mm_per_s = 0.0;
  double limit_mm = 0.0;  // axis position at which the approach gives up
};

/// Sets the needle depth: electrically where the pen can, else the operator turns the dial.
struct SetDepthStep {
  double depth_mm = 0.0;
};

/// Starts (or changes) the pen's speed, then waits settle_s before anything is captured. Without
/// a speed level or frequency the pen runs at its own speed (a fixed-speed pen's only one).
struct RunStep {
  std::optional<int> speed_level;
  std::optional<double> frequency_hz;
  double settle_s = 0.0;
};

/// Acquires duration_s of samples and judges them.
struct CaptureStep {
  std::string name;
  double duration_s = 0.0;
  std::vector<MeasurementCheck> measurements;
};

/// Powers the pen off.
struct StopStep {};

/// Moves the axis back, away from the phantom.
struct RetractStep {
  double position_mm = 0.0;
  double speed_mm_per_s = 0.0;
};

using StepAction =
    std::variant<HomeStep, ApproachStep, SetDepthStep, RunStep, CaptureStep, StopStep, RetractStep>;

struct PlanStep {
  StepAction action;
  std::size_t line = 0;  // 1-based line of the step in the plan file
};

/// The step's kind as the plan spells it: "home", "approach", "set_depth", "run", "capture",
/// "stop", "retract".
std::string_view step_kind(const StepAction& action);

struct TestPlan {
  std::string path;   // as given to the loader
  std::string bytes;  // the file's exact content, for the record's hash
  std::string name;
  std::string version;
  std::string description;
  analysis::Thresholds thresholds;
  std::set<analysis::FindingKind> tolerated;
  std::vector<PlanStep> steps;

  /// The last retract step of the plan: where the cleanup after a terminate goes.
  std::optional<RetractStep> retract_position() const;
};

}  // namespace needlerig::rig::plan
