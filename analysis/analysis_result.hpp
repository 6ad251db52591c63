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
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {

struct MeasurementValue {
  MeasurementId id;
  std::optional<double> value;  // nullopt: could not be measured (soundly)
  std::string error;            // why value is nullopt; empty when it has a value
  /// Standard uncertainty against the same quantity on the capture's noise-free signals, in the
  /// measurement's unit; nullopt where there is no estimate (counts, extremes, see
  /// docs/measurements.md).
  std::optional<double> u;
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
  double reference_time_s;                     // t_n
  std::size_t window_begin;                    // sample index of the minimum before t_n
  std::size_t window_end;                      // sample index of the minimum after t_n (P_min,n)
  std::size_t max_index;                       // sample nearest to P_max,n
  double protrusion_max_mm;                    // P_max,n (estimated peak, not the largest sample)
  double protrusion_min_mm;                    // P_min,n
  std::optional<double> base_force_n;          // F_base,n (nullopt: no retracted sample)
  std::optional<double> peak_force_n;          // max of force - F_base,n in the window
  std::optional<double> insertion_travel_mm;   // P_max,n - P_contact,n
  std::optional<double> penetration_depth_mm;  // P_max,n - P_puncture,n; 0 without puncture
  bool punctured = false;
  /// Variances from the sensors' white noise (uncertainty, docs/measurements.md): of P_max,n,
  /// P_min,n, F_base,n and the peak force's maximum before F_base,n is taken off.
  double protrusion_max_variance_mm2 = 0.0;
  double protrusion_min_variance_mm2 = 0.0;
  double base_force_variance_n2 = 0.0;
  double peak_force_variance_n2 = 0.0;
  /// P_max,n and P_min,n again from fits over half the window (nullopt: not available), and the
  /// variance of each difference from noise alone: the chosen fits' misfit, for u.
  std::optional<double> protrusion_max_check_mm;
  std::optional<double> protrusion_min_check_mm;
  double max_check_variance_mm2 = 0.0;
  double min_check_variance_mm2 = 0.0;
  /// The same for the peak force (StrokeForce).
  std::optional<double> peak_force_check_difference_n;
  double peak_force_check_variance_n2 = 0.0;
  /// Variances of the insertion travel and the penetration from both sensors' noise, and what
  /// threshold decisions in doubt do to them and to the puncture (1 punctured, 0 not).
  double insertion_travel_variance_mm2 = 0.0;
  double penetration_depth_variance_mm2 = 0.0;
  DecisionDoubt insertion_doubt, penetration_doubt, puncture_doubt;
  /// P_contact,n and P_puncture,n less their check fits' (as for P_max,n), with the variances.
  std::optional<double> contact_check_difference_mm, puncture_check_difference_mm;
  double contact_check_variance_mm2 = 0.0;
  double puncture_check_variance_mm2 = 0.0;
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
