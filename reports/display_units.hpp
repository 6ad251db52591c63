#pragma once
// How people read a measurement: the unit with an SI prefix, the scale from the contract's base
// unit to it and the decimals worth showing. Records keep base units; every human view (the text
// table, the JUnit messages, the HTML report) shows values through this one table so they agree.

#include <optional>
#include <string>
#include <string_view>

#include "analysis/measurement_ids.hpp"
#include "analysis/verdict.hpp"

namespace needlerig::reports {

/// value_in_base_unit * scale, with `decimals`, in `unit` ("" for counts).
struct DisplayUnit {
  std::string_view unit;
  double scale;
  int decimals;
};

DisplayUnit display_unit(analysis::MeasurementId id);

/// The number alone in the display unit: 0.0000123 s of jitter -> "12.30".
std::string format_display_number(analysis::MeasurementId id, double value_in_base_unit);

/// A standard uncertainty in the display unit with two significant digits ("0.0052"), since it
/// is often far smaller than the value's last shown decimal.
std::string format_display_uncertainty(analysis::MeasurementId id, double u_in_base_unit);

/// The number with its display unit: "12.30 us" (no unit for counts).
std::string format_display_value(analysis::MeasurementId id, double value_in_base_unit);

/// A limit alone, with its unit: "0.900 mm"; "-" for an open bound.
std::string format_display_limit(analysis::MeasurementId id, const std::optional<double>& limit);

/// The limits in words: "0.900 mm .. 1.100 mm", ">= 0.900 mm", "<= 30.00 us", with the guard band
/// where there is one: "..., guard band 0.020 mm".
std::string format_display_limits(analysis::MeasurementId id, const analysis::Limits& limits);

/// A pen setting as the measurements it is compared with read: a depth like protrusion_max_mean
/// ("1.000 mm"), a frequency like stroke_frequency ("120.000 Hz").
std::string format_depth_setting(double depth_mm);
std::string format_frequency_setting(double frequency_hz);

/// A time on a capture's axis (where an event or a finding starts), in s to the microsecond:
/// "0.298883"; the number alone.
std::string format_capture_time_s(double time_s);

/// How long an event inside a capture lasts (a stall, a dropout), in ms to the microsecond:
/// "101.367"; the number alone.
std::string format_event_duration_ms(double duration_s);

/// A time on the run's axis (s since the run started) or a step's duration, in s to the
/// millisecond: "12.345"; the number alone.
std::string format_run_time_s(double time_s);

}  // namespace needlerig::reports
