#include "reports/display_units.hpp"

#include <fmt/format.h>

namespace needlerig::reports {

using analysis::MeasurementId;

// Chosen per id so that a column of similar quantities reads alike: jitter in us (it is tens of
// microseconds on a good pen), forces in mN (the contact threshold is 20 mN), depths in mm to the
// micrometre the displacement sensors resolve.
DisplayUnit display_unit(MeasurementId id) {
  switch (id) {
    case MeasurementId::stroke_count:
    case MeasurementId::stall_count:
      return {"", 1.0, 0};
    case MeasurementId::stroke_frequency:
      return {"Hz", 1.0, 3};
    case MeasurementId::puncture_rate:
      return {"1/s", 1.0, 1};
    case MeasurementId::period_mean:
      return {"ms", 1e3, 4};
    case MeasurementId::period_jitter_rms:
    case MeasurementId::period_jitter_pp:
    case MeasurementId::cycle_to_cycle_jitter_rms:
    case MeasurementId::tie_rms:
      return {"us", 1e6, 2};
    case MeasurementId::frequency_drift:
      return {"Hz/s", 1.0, 4};
    case MeasurementId::protrusion_max_mean:
    case MeasurementId::protrusion_max_std:
    case MeasurementId::protrusion_max_min:
    case MeasurementId::protrusion_max_max:
    case MeasurementId::depth_error:
    case MeasurementId::retraction_worst:
    case MeasurementId::stroke_amplitude_mean:
    case MeasurementId::insertion_travel_mean:
    case MeasurementId::penetration_depth_mean:
    case MeasurementId::penetration_depth_min:
      return {"mm", 1.0, 3};
    case MeasurementId::contact_force:
    case MeasurementId::peak_force_mean:
    case MeasurementId::peak_force_max:
      return {"mN", 1e3, 1};
    case MeasurementId::puncture_ratio:
      return {"%", 100.0, 1};
  }
  return {"?", 1.0, 6};
}

std::string format_display_number(MeasurementId id, double value_in_base_unit) {
  const auto display = display_unit(id);
  return fmt::format("{:.{}f}", value_in_base_unit * display.scale, display.decimals);
}

std::string format_display_uncertainty(MeasurementId id, double u_in_base_unit) {
  return fmt::format("{:.2g}", u_in_base_unit * display_unit(id).scale);
}

std::string format_display_value(MeasurementId id, double value_in_base_unit) {
  const auto display = display_unit(id);
  auto text = format_display_number(id, value_in_base_unit);
  if (!display.unit.empty()) {
    text += ' ';
    text += display.unit;
  }
  return text;
}

std::string format_display_limit(MeasurementId id, const std::optional<double>& limit) {
  return limit ? format_display_value(id, *limit) : std::string("-");
}

std::string format_display_limits(MeasurementId id, const analysis::Limits& limits) {
  std::string text;
  if (limits.lower && limits.upper) {
    text =
        format_display_value(id, *limits.lower) + " .. " + format_display_value(id, *limits.upper);
  } else if (limits.lower) {
    text = ">= " + format_display_value(id, *limits.lower);
  } else if (limits.upper) {
    text = "<= " + format_display_value(id, *limits.upper);
  } else {
    text = "no limits";
  }
  if (limits.guard_band > 0.0)
    text += ", guard band " + format_display_value(id, limits.guard_band);
  return text;
}

std::string format_depth_setting(double depth_mm) {
  return format_display_value(MeasurementId::protrusion_max_mean, depth_mm);
}

std::string format_frequency_setting(double frequency_hz) {
  return format_display_value(MeasurementId::stroke_frequency, frequency_hz);
}

std::string format_capture_time_s(double time_s) { return fmt::format("{:.6f}", time_s); }

std::string format_event_duration_ms(double duration_s) {
  return fmt::format("{:.3f}", duration_s * 1e3);
}

std::string format_run_time_s(double time_s) { return fmt::format("{:.3f}", time_s); }

}  // namespace needlerig::reports
