#include "rig/plan/rig_limits.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace needlerig::rig::plan {
namespace {

// How this pen's speed is given in a run step, for the error messages.
std::string speed_choices(const core::PenCapabilities& pen) {
  std::string choices;
  if (pen.speed_levels > 0) choices = fmt::format("speed_level (1..{})", pen.speed_levels);
  if (pen.sets_frequency) {
    choices += fmt::format("{}frequency_hz ({:g}..{:g} Hz)", choices.empty() ? "" : " or ",
                           pen.frequency_min_hz, pen.frequency_max_hz);
  }
  return choices;
}

void check_run(const TestPlan& plan, const PlanStep& step, const RunStep& run,
               const RigLimits& limits) {
  const auto& pen = limits.pen;
  const auto fail = [&](std::string_view key, const std::string& message) {
    throw PlanError(plan.path, step.line, std::string(key), message);
  };
  const bool fixed_speed = pen.speed_levels < 1 && !pen.sets_frequency;
  if (fixed_speed && (run.speed_level || run.frequency_hz)) {
    fail(run.speed_level ? "speed_level" : "frequency_hz",
         "this pen runs at one fixed speed: leave out speed_level and frequency_hz");
  }
  if (!fixed_speed && !run.speed_level && !run.frequency_hz) {
    // A QA result must say at which speed it was taken: the pen's current setting is not known
    // to the plan.
    fail("run", "this pen's speed is set by the plan: give " + speed_choices(pen));
  }
  if (run.speed_level) {
    if (pen.speed_levels < 1) fail("speed_level", "this pen has no speed levels; give frequency_hz");
    if (*run.speed_level > pen.speed_levels) {
      fail("speed_level", fmt::format("speed level {} does not exist: this pen has levels 1..{}",
                                      *run.speed_level, pen.speed_levels));
    }
  }
  if (run.frequency_hz) {
    if (!pen.sets_frequency) {
      fail("frequency_hz", "this pen cannot be set to a frequency; give " + speed_choices(pen));
    }
    if (!(*run.frequency_hz >= pen.frequency_min_hz && *run.frequency_hz <= pen.frequency_max_hz)) {
      fail("frequency_hz", fmt::format("{:g} Hz is outside this pen's range {:g}..{:g} Hz",
                                       *run.frequency_hz, pen.frequency_min_hz,
                                       pen.frequency_max_hz));
    }
  }
  if (run.settle_s > limits.max_settle_s) {
    fail("settle_s", fmt::format("{:g} s is longer than this station allows ({:g} s: "
                                 "limits.max_settle_s in the station file)",
                                 run.settle_s, limits.max_settle_s));
  }
}

void check_depth(const TestPlan& plan, const PlanStep& step, double depth_mm,
                 const core::PenCapabilities& pen) {
  const double slack_mm = 1e-9;
  if (!(depth_mm >= pen.depth_min_mm - slack_mm && depth_mm <= pen.depth_max_mm + slack_mm)) {
    throw PlanError(plan.path, step.line, "depth_mm",
                    fmt::format("{:g} mm is outside this pen's depth range {:g}..{:g} mm",
                                depth_mm, pen.depth_min_mm, pen.depth_max_mm));
  }
  if (pen.depth_step_mm > 0.0) {
    // On the setting's grid, with a micrometre of slack for decimal settings such as 0.75 mm.
    const double steps = (depth_mm - pen.depth_min_mm) / pen.depth_step_mm;
    if (std::abs(steps - std::round(steps)) * pen.depth_step_mm >= 1e-3) {
      throw PlanError(plan.path, step.line, "depth_mm",
                      fmt::format("{:g} mm is not a setting of this pen (steps of {:g} mm from "
                                  "{:g} mm)",
                                  depth_mm, pen.depth_step_mm, pen.depth_min_mm));
    }
  }
}

void check_axis_move(const TestPlan& plan, const PlanStep& step, std::string_view position_key,
                     double position_mm, double speed_mm_per_s, const core::AxisConfig& axis) {
  if (!(position_mm >= axis.travel_min_mm && position_mm <= axis.travel_max_mm)) {
    throw PlanError(plan.path, step.line, std::string(position_key),
                    fmt::format("{:g} mm is beyond the axis' travel {:g}..{:g} mm", position_mm,
                                axis.travel_min_mm, axis.travel_max_mm));
  }
  if (speed_mm_per_s > axis.max_speed_mm_per_s) {
    throw PlanError(plan.path, step.line, "speed_mm_per_s",
                    fmt::format("{:g} mm/s is faster than the axis' {:g} mm/s", speed_mm_per_s,
                                axis.max_speed_mm_per_s));
  }
}

}  // namespace

std::uint64_t capture_memory_bytes(double duration_s, const RigLimits& limits) {
  const double samples = std::ceil(duration_s * limits.sample_rate_hz);
  const double bytes = samples * static_cast<double>(limits.channel_count + 1) * 8.0;
  return bytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(bytes);
}

void check_plan_for_rig(const TestPlan& plan, const RigLimits& limits) {
  std::uint64_t held_bytes = 0;  // every capture of a run is held until its report is written
  for (const auto& step : plan.steps) {
    const auto& action = step.action;
    if (const auto* run = std::get_if<RunStep>(&action)) check_run(plan, step, *run, limits);
    if (const auto* depth = std::get_if<SetDepthStep>(&action)) {
      check_depth(plan, step, depth->depth_mm, limits.pen);
    }
    if (const auto* approach = std::get_if<ApproachStep>(&action)) {
      check_axis_move(plan, step, "limit_mm", approach->limit_mm, approach->speed_mm_per_s,
                      limits.axis);
      if (approach->preload_n >= limits.max_force_n) {
        throw PlanError(plan.path, step.line, "preload_n",
                        fmt::format("{:g} N is not below the station's safety limit of {:g} N",
                                    approach->preload_n, limits.max_force_n));
      }
    }
    if (const auto* retract = std::get_if<RetractStep>(&action)) {
      check_axis_move(plan, step, "position_mm", retract->position_mm, retract->speed_mm_per_s,
                      limits.axis);
    }
    if (const auto* capture = std::get_if<CaptureStep>(&action)) {
      const std::uint64_t bytes = capture_memory_bytes(capture->duration_s, limits);
      held_bytes = bytes > UINT64_MAX - held_bytes ? UINT64_MAX : held_bytes + bytes;
      if (held_bytes > limits.capture_memory_bytes) {
        throw PlanError(
            plan.path, step.line, "duration_s",
            fmt::format("capture '{}' ({:g} s at {:g} Hz, {} channels) brings the run's captures "
                        "to {} MB, over this station's budget of {} MB (limits.capture_memory_mb "
                        "in the station file)",
                        capture->name, capture->duration_s, limits.sample_rate_hz,
                        limits.channel_count, held_bytes / 1'000'000,
                        limits.capture_memory_bytes / 1'000'000));
      }
    }
  }
}

}  // namespace needlerig::rig::plan
