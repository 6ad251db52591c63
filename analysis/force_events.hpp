#pragma once
// The force events of a stroke (first touch, puncture) as protrusions, with their variances from
// both sensors' noise, and the per-stroke insertion travel and penetration with the threshold
// decisions the noise may have turned (uncertainty, docs/measurements.md).

#include <cstddef>
#include <limits>
#include <optional>

#include "analysis/analysis_result.hpp"
#include "analysis/force_metrics.hpp"
#include "analysis/local_fit.hpp"

namespace needlerig::analysis {

struct ForceEventProtrusions {
  std::optional<double> contact_mm, puncture_mm;  // P_contact,n and P_puncture,n
  double contact_variance_mm2 = 0.0;
  double puncture_variance_mm2 = 0.0;
  /// The force check fits' differences (StrokeForce) as protrusions, and their variances.
  std::optional<double> contact_check_mm, puncture_check_mm;
  double contact_check_variance_mm2 = 0.0;
  double puncture_check_variance_mm2 = 0.0;
  /// Where the decisions in doubt (StrokeForce) would put the event instead (NaN: nowhere).
  double other_contact_mm = std::numeric_limits<double>::quiet_NaN();
  double other_puncture_mm = std::numeric_limits<double>::quiet_NaN();
  double puncture_flip_mm = std::numeric_limits<double>::quiet_NaN();
  double earlier_puncture_mm = std::numeric_limits<double>::quiet_NaN();
};

/// The protrusion at each event of `force` by a local quadratic over +/- half_width samples
/// (segment [lo, hi)); the variance adds the protrusion noise through that fit and the event
/// time's variance through the protrusion's slope.
ForceEventProtrusions locate_force_events(LocalFitter& fitter, const double* protrusion,
                                          std::size_t lo, std::size_t hi, std::ptrdiff_t half_width,
                                          double protrusion_noise_rms_mm, const StrokeForce& force);

/// Sets the stroke's insertion travel, penetration and puncture, with their variances and
/// doubts, from its P_max,n (detail.protrusion_max_mm and its variance, already set).
void set_insertion_and_penetration(const StrokeForce& force, const ForceEventProtrusions& events,
                                   StrokeDetail& detail);

}  // namespace needlerig::analysis
