#include "rig/cli/plan_step_match.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <variant>

#include "rig/cli/plan_capture_record.hpp"

namespace needlerig::rig::cli {
namespace {

// Settings are written with full precision by the rig and typed by people elsewhere: equal within
// a nanometre of depth and a part per billion of frequency.
constexpr double kDepthMatchMm = 1e-6;
constexpr double kFrequencyMatchRelative = 1e-9;

std::optional<double> number_entry(const analysis::CaptureMetadata& metadata,
                                   const std::string& key) {
  const auto it = metadata.entries.find(key);
  if (it == metadata.entries.end()) return std::nullopt;
  double value = 0.0;
  const std::string& text = it->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string> step_contradiction(const plan::TestPlan& plan,
                                              const plan::PlanStep& step,
                                              const analysis::CaptureMetadata& metadata,
                                              const std::optional<double>& cli_depth_mm) {
  const auto* capture = std::get_if<plan::CaptureStep>(&step.action);
  const std::string step_name = capture != nullptr ? capture->name : std::string("?");
  const PlannedPenSettings planned = planned_pen_settings(plan, step);
  const std::string where =
      fmt::format("step '{}' of {} (line {})", step_name, plan.path, step.line);

  const std::optional<double> depth_mm = cli_depth_mm ? cli_depth_mm : metadata.depth_setting_mm;
  const char* depth_source = cli_depth_mm ? "--depth-setting" : "the capture's depth_setting_mm";
  if (depth_mm && planned.depth_mm && std::abs(*depth_mm - *planned.depth_mm) > kDepthMatchMm) {
    return fmt::format("{} is {} mm, but {} runs at a depth of {} mm", depth_source, *depth_mm,
                       where, *planned.depth_mm);
  }
  const std::optional<double> level = number_entry(metadata, "speed_level");
  if (level && planned.speed_level && *level != static_cast<double>(*planned.speed_level)) {
    return fmt::format("the capture's speed_level is {}, but {} runs at speed level {}", *level,
                       where, *planned.speed_level);
  }
  const std::optional<double> frequency = number_entry(metadata, "frequency_setting_hz");
  if (frequency && planned.frequency_hz &&
      std::abs(*frequency - *planned.frequency_hz) >
          kFrequencyMatchRelative * std::abs(*planned.frequency_hz)) {
    return fmt::format("the capture's frequency_setting_hz is {} Hz, but {} runs at {} Hz",
                       *frequency, where, *planned.frequency_hz);
  }
  if (level && planned.frequency_hz && !planned.speed_level) {
    return fmt::format("the capture was taken at speed level {}, but {} runs at {} Hz", *level,
                       where, *planned.frequency_hz);
  }
  if (frequency && planned.speed_level && !planned.frequency_hz) {
    return fmt::format("the capture was taken at {} Hz, but {} runs at speed level {}", *frequency,
                       where, *planned.speed_level);
  }
  return std::nullopt;
}

}  // namespace needlerig::rig::cli
