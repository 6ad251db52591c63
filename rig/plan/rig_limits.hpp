#pragma once
// Whether a plan can be run on a given station and pen: everything a plan asks is checked against
// what the rig can do before anything moves (a refusal then costs nothing; found after the approach
// it costs a run and may leave the pen on the phantom). The plan file alone cannot know the rig.

#include <cstddef>
#include <cstdint>

#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/plan/plan_error.hpp"
#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::plan {

struct RigLimits {
  core::AxisConfig axis;            // travel and top speed
  double sample_rate_hz = 0.0;      // the DAQ's
  std::size_t channel_count = 0;    // channels it records
  core::PenCapabilities pen;        // speeds, frequencies, depth range
  double max_force_n = 0.0;         // the station's safety limit on the load cell
  std::uint64_t capture_memory_bytes = 0;  // what one run's captures may take in memory
  double max_settle_s = 0.0;        // the longest settle a run step may ask for
};

/// Bytes one capture of `duration_s` takes in memory: a time column and one column per channel,
/// 8 bytes a value.
std::uint64_t capture_memory_bytes(double duration_s, const RigLimits& limits);

/// Throws PlanError (file, line of the step, key) at the first thing the rig cannot do: a speed
/// the pen does not take, a depth it cannot be set to, an approach or retract beyond the axis'
/// travel or speed, a preload at or above the safety limit, a settle longer than the station
/// allows, captures that would not fit the memory budget.
void check_plan_for_rig(const TestPlan& plan, const RigLimits& limits);

}  // namespace needlerig::rig::plan
