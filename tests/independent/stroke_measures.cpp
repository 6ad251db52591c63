#include "tests/independent/stroke_measures.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "tests/independent/grid_signal.hpp"

namespace needlerig::independent {
namespace {

std::size_t argmax(std::span<const double> values, std::size_t first, std::size_t last) {
  std::size_t best = first;
  for (std::size_t i = first + 1; i <= last; ++i) {
    if (values[i] > values[best]) best = i;
  }
  return best;
}

/// The puncture: the first local force maximum in the extension phase (from contact on) that is
/// followed, before the extension phase ends, by a drop of the drop fraction of (maximum -
/// F_base,n). The drop must come before the force rises above that maximum again: a later, larger
/// maximum's drop is that maximum's puncture, not this one's.
std::optional<GridExtremum> find_puncture(std::span<const double> force, std::size_t from,
                                          std::size_t extension_end, double baseline_n,
                                          double drop_fraction) {
  for (std::size_t i = std::max<std::size_t>(from, 1); i < extension_end; ++i) {
    if (!(force[i] > force[i - 1] && force[i] >= force[i + 1])) continue;
    const GridExtremum peak = refine_extremum(force, i);
    const double drop_level = peak.value - drop_fraction * (peak.value - baseline_n);
    for (std::size_t k = i + 1; k <= extension_end; ++k) {
      if (force[k] > peak.value) break;
      if (force[k] <= drop_level) return peak;
    }
  }
  return std::nullopt;
}

}  // namespace

StrokeTruth measure_stroke(std::span<const double> protrusion_mm, std::span<const double> force_n,
                           double step_s, double reference_time_s, const GridWindow& window,
                           const StrokeRules& rules) {
  const auto time_of = [step_s](double position) { return position * step_s; };
  StrokeTruth stroke{};
  stroke.reference_time_s = reference_time_s;
  stroke.window_begin_s = time_of(static_cast<double>(window.begin));
  stroke.window_end_s = time_of(static_cast<double>(window.end));
  const std::size_t top = argmax(protrusion_mm, window.begin, window.end);
  stroke.protrusion_max_mm = refine_extremum(protrusion_mm, top).value;
  stroke.protrusion_min_mm = refine_extremum(protrusion_mm, window.end).value;
  std::size_t extension_end = top;
  for (std::size_t i = window.begin; i < top; ++i) {
    if (protrusion_mm[i] >= stroke.protrusion_max_mm - rules.top_tolerance_mm) {
      extension_end = i;
      break;
    }
  }
  stroke.extension_end_s = time_of(static_cast<double>(extension_end));
  if (force_n.empty()) return stroke;

  std::vector<double> retracted_force;
  for (std::size_t i = window.begin; i <= extension_end; ++i) {
    if (protrusion_mm[i] < 0.0) retracted_force.push_back(force_n[i]);
  }
  if (retracted_force.empty()) return stroke;
  const double baseline = median_of(retracted_force);
  stroke.baseline_force_n = baseline;
  stroke.peak_force_n =
      refine_extremum(force_n, argmax(force_n, window.begin, window.end)).value - baseline;

  // Contact: the first point of the extension phase where force - F_base,n exceeds the
  // threshold, located between grid points linearly (at the phase's start when already above).
  std::optional<std::size_t> contact;
  for (std::size_t i = window.begin; i <= extension_end && !contact; ++i) {
    if (force_n[i] - baseline > rules.contact_threshold_n) contact = i;
  }
  if (!contact) return stroke;
  if (*contact == window.begin) {
    stroke.contact_protrusion_mm = protrusion_mm[window.begin];
  } else {
    const std::size_t i = *contact;
    const double fraction =
        (baseline + rules.contact_threshold_n - force_n[i - 1]) / (force_n[i] - force_n[i - 1]);
    stroke.contact_protrusion_mm = value_at(protrusion_mm, static_cast<double>(i - 1) + fraction);
  }
  const auto puncture =
      find_puncture(force_n, *contact, extension_end, baseline, rules.puncture_drop_fraction);
  if (puncture) {
    stroke.puncture_protrusion_mm = value_at(protrusion_mm, puncture->position);
    stroke.puncture_force_n = puncture->value;
  }
  return stroke;
}

}  // namespace needlerig::independent
