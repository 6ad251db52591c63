#pragma once
// One stroke's quantities (docs/measurements.md, "Strokes" and "Measurements") on the noise-free
// protrusion and force: its extremes, extension phase, force baseline, peak force, contact and
// puncture, each as the contract words it.

#include <optional>
#include <span>

#include "tests/independent/stroke_segmentation.hpp"

namespace needlerig::independent {

struct StrokeRules {
  double contact_threshold_n;
  double puncture_drop_fraction;
  /// The extension phase ends where the protrusion first comes within this distance of P_max,n.
  /// The contract's "before P_max,n" has no instant on a flat top (a dwell) or where a sensor
  /// approaches the top asymptotically; 1 nm is far below anything a sensor resolves.
  double top_tolerance_mm;
};

struct StrokeTruth {
  double reference_time_s;   // t_n
  double window_begin_s;     // the protrusion minimum before t_n
  double window_end_s;       // the minimum after t_n
  double protrusion_max_mm;  // P_max,n
  double protrusion_min_mm;  // P_min,n: the minimum that closes the window
  double extension_end_s;    // see StrokeRules::top_tolerance_mm
  /// F_base,n: median force while the protrusion is below 0 in the extension phase; none when the
  /// needles stay beyond the face all through it.
  std::optional<double> baseline_force_n;
  std::optional<double> peak_force_n;            // max of force - F_base,n over the window
  std::optional<double> contact_protrusion_mm;   // P_contact,n; none: no contact
  std::optional<double> puncture_protrusion_mm;  // P_puncture,n; none: no puncture
  std::optional<double> puncture_force_n;        // the puncture maximum (force, not excess)
};

/// Measures the stroke of `window` (complete) on signals sampled every `step_s` from t = 0.
/// `force_n` is empty without a force channel; the force quantities are then none.
StrokeTruth measure_stroke(std::span<const double> protrusion_mm, std::span<const double> force_n,
                           double step_s, double reference_time_s, const GridWindow& window,
                           const StrokeRules& rules);

}  // namespace needlerig::independent
