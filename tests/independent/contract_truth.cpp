#include "tests/independent/contract_truth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "tests/independent/grid_signal.hpp"
#include "tests/independent/timing_truth.hpp"

namespace needlerig::independent {
namespace {

using analysis::MeasurementId;

bool reaches_into_stall(const StrokeTruth& stroke, const std::vector<TimeSpan>& stalls) {
  return std::any_of(stalls.begin(), stalls.end(), [&](const TimeSpan& stall) {
    return stroke.window_begin_s < stall.end_s() && stroke.window_end_s > stall.start_s;
  });
}

void add_protrusion_figures(ContractTruth& truth, const TruthSettings& settings) {
  std::vector<double> maxima;
  std::vector<double> minima;
  std::vector<double> amplitudes;
  for (const auto& s : truth.strokes) {
    maxima.push_back(s.protrusion_max_mm);
    minima.push_back(s.protrusion_min_mm);
    amplitudes.push_back(s.protrusion_max_mm - s.protrusion_min_mm);
  }
  if (maxima.empty()) return;
  auto& v = truth.values;
  v[MeasurementId::protrusion_max_mean] = mean_of(maxima);
  if (maxima.size() >= 2) v[MeasurementId::protrusion_max_std] = sample_std_of(maxima);
  v[MeasurementId::protrusion_max_min] = *std::min_element(maxima.begin(), maxima.end());
  v[MeasurementId::protrusion_max_max] = *std::max_element(maxima.begin(), maxima.end());
  if (settings.depth_setting_mm) {
    v[MeasurementId::depth_error] = mean_of(maxima) - *settings.depth_setting_mm;
  }
  v[MeasurementId::retraction_worst] = *std::max_element(minima.begin(), minima.end());
  v[MeasurementId::stroke_amplitude_mean] = mean_of(amplitudes);
}

/// Interpretation 6: the force figures over the strokes that have a baseline.
void add_force_figures(ContractTruth& truth) {
  std::vector<double> baselines;
  std::vector<double> peaks;
  std::vector<double> travels;
  std::vector<double> penetrations;
  std::size_t punctured = 0;
  for (const auto& s : truth.strokes) {
    if (!s.baseline_force_n) {
      ++truth.strokes_left_out["no force baseline"];
      continue;
    }
    baselines.push_back(*s.baseline_force_n);
    peaks.push_back(*s.peak_force_n);
    if (s.contact_protrusion_mm) travels.push_back(s.protrusion_max_mm - *s.contact_protrusion_mm);
    penetrations.push_back(
        s.puncture_protrusion_mm ? s.protrusion_max_mm - *s.puncture_protrusion_mm : 0.0);
    if (s.puncture_protrusion_mm) ++punctured;
  }
  if (baselines.empty()) return;
  auto& v = truth.values;
  v[MeasurementId::contact_force] = median_of(baselines);
  v[MeasurementId::peak_force_mean] = mean_of(peaks);
  v[MeasurementId::peak_force_max] = *std::max_element(peaks.begin(), peaks.end());
  if (!travels.empty()) v[MeasurementId::insertion_travel_mean] = mean_of(travels);
  v[MeasurementId::penetration_depth_mean] = mean_of(penetrations);
  v[MeasurementId::penetration_depth_min] =
      *std::min_element(penetrations.begin(), penetrations.end());
  v[MeasurementId::puncture_ratio] =
      static_cast<double>(punctured) / static_cast<double>(baselines.size());
}

}  // namespace

ContractTruth evaluate_contract_truth(const UnderlyingSignals& signals,
                                      const TruthSettings& settings) {
  const auto& thresholds = settings.thresholds;
  const std::span<const double> protrusion(signals.protrusion_mm);
  const std::span<const double> force(signals.force_n);
  ContractTruth truth{};
  for (const auto& info : analysis::kMeasurements) {
    truth.values[info.id] = std::numeric_limits<double>::quiet_NaN();
  }

  truth.levels = find_levels(protrusion, signals.step_s, thresholds.hysteresis_fraction);
  const auto instants = find_reference_instants(protrusion, signals.step_s, truth.levels);
  for (const auto& instant : instants) truth.reference_instants_s.push_back(instant.time_s);

  const double capture_end_s = signals.step_s * static_cast<double>(protrusion.size() - 1);
  const TimingTruth timing = evaluate_timing(truth.reference_instants_s, capture_end_s,
                                             settings.pen_running, thresholds.stall_periods);
  for (const auto& [id, value] : timing.values) truth.values[id] = value;
  truth.stalls = timing.stalls;
  truth.stall_count = timing.stall_count;
  // Looked up by name: the truth does not depend on whether the engine lists stall_count among
  // its ids.
  if (const auto id = analysis::measurement_id_from_name("stall_count")) {
    truth.values[*id] = timing.stall_count;
  }
  if (settings.needle_count) {
    truth.values[MeasurementId::puncture_rate] =
        *settings.needle_count * truth.values[MeasurementId::stroke_frequency];
  }

  const StrokeRules rules{thresholds.contact_threshold_n, thresholds.puncture_drop_fraction,
                          settings.top_tolerance_mm};
  const auto windows = find_stroke_windows(protrusion, instants, truth.levels);
  for (std::size_t n = 0; n < windows.size(); ++n) {
    if (!windows[n].complete) {
      ++truth.strokes_left_out["cut by the capture"];
      continue;
    }
    StrokeTruth stroke =
        measure_stroke(protrusion, force, signals.step_s, instants[n].time_s, windows[n], rules);
    if (reaches_into_stall(stroke, truth.stalls)) {
      ++truth.strokes_left_out["edge of a stall"];
      continue;
    }
    truth.strokes.push_back(stroke);
  }
  add_protrusion_figures(truth, settings);
  if (!force.empty()) add_force_figures(truth);
  return truth;
}

}  // namespace needlerig::independent
