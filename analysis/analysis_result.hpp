#pragma once
// What the analysis of one capture returns: plain data, rendered by reports/ without logic.

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_settings.hpp"
#include "analysis/data_finding.hpp"
#include "analysis/measurement_ids.hpp"

namespace needlerig::analysis {

struct MeasurementValue {
  MeasurementId id;
  std::optional<double> value;  // nullopt: could not be measured (soundly)
  std::string error;            // why value is nullopt; empty when it has a value
};

enum class EventKind : std::uint8_t { stall, dropout };

struct Event {
  EventKind kind;
  double time_s;      // capture time the event starts
  double duration_s;  // how long it lasts
  std::size_t index;  // sample index it starts at
};

/// Mid-level and hysteresis of the stroke detector (spec: strokes, levels).
struct StrokeLevels {
  double p_hi_mm = 0.0;
  double p_lo_mm = 0.0;
  double mid_mm = 0.0;
  double hysteresis_mm = 0.0;
};

/// One complete stroke window (between the protrusion minima around a reference instant).
struct StrokeDetail {
  double reference_time_s;      // t_n
  std::size_t window_begin;     // sample index of the minimum before t_n
  std::size_t window_end;       // sample index of the minimum after t_n (P_min,n)
  std::size_t max_index;        // sample nearest to P_max,n
  double protrusion_max_mm;     // P_max,n (estimated peak, not the largest sample)
  double protrusion_min_mm;     // P_min,n
  std::optional<double> base_force_n;          // F_base,n (nullopt: no retracted sample)
  std::optional<double> peak_force_n;          // max of force - F_base,n in the window
  std::optional<double> insertion_travel_mm;   // P_max,n - P_contact,n
  std::optional<double> penetration_depth_mm;  // P_max,n - P_puncture,n; 0 without puncture
  bool punctured = false;
};

struct AnalysisResult {
  std::array<MeasurementValue, kMeasurements.size()> measurements;  // in kMeasurements order
  std::vector<DataFinding> findings;  // import findings first, then the analysis' own
  std::vector<Event> events;
  std::map<std::string, std::size_t> strokes_rejected;  // reason -> count
  StrokeLevels levels;
  std::vector<double> reference_instants_s;  // t_n of every stroke, in order
  std::vector<StrokeDetail> strokes;         // complete stroke windows
  /// Estimated standard deviation of one reference instant from sensor noise (s); jitter figures
  /// are corrected for it.
  double reference_instant_uncertainty_s = 0.0;
  double force_noise_rms_n = 0.0;  // estimated force sensor noise, for thresholds against noise
  Thresholds thresholds;           // the values used
  std::size_t sample_count = 0;
  double sample_rate_hz = 0.0;
  double duration_s = 0.0;

  const MeasurementValue& operator[](MeasurementId id) const {
    return measurements[static_cast<std::size_t>(id)];
  }
  /// The value, or nullopt where it could not be measured.
  std::optional<double> value(MeasurementId id) const { return (*this)[id].value; }
};

}  // namespace needlerig::analysis
