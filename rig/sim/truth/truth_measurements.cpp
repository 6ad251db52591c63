#include "rig/sim/truth/truth_measurements.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace needlerig::rig::sim {

namespace {

using analysis::MeasurementId;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  double sum = 0.0;
  for (const double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

double sample_std(const std::vector<double>& v) {
  if (v.size() < 2) return kNaN;
  const double m = mean(v);
  double sum = 0.0;
  for (const double x : v) sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

double rms(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  double sum = 0.0;
  for (const double x : v) sum += x * x;
  return std::sqrt(sum / static_cast<double>(v.size()));
}

double min_of(const std::vector<double>& v) {
  return v.empty() ? kNaN : *std::min_element(v.begin(), v.end());
}
double max_of(const std::vector<double>& v) {
  return v.empty() ? kNaN : *std::max_element(v.begin(), v.end());
}

/// Least-squares slope of y on x.
double slope(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() < 2) return kNaN;
  const double mx = mean(x), my = mean(y);
  double sxy = 0.0, sxx = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx > 0.0 ? sxy / sxx : kNaN;
}

void timing(const std::vector<double>& t, int needle_count, std::map<MeasurementId, double>& out) {
  std::vector<double> all_periods;
  for (std::size_t n = 0; n + 1 < t.size(); ++n) all_periods.push_back(t[n + 1] - t[n]);
  std::vector<double> sorted = all_periods;
  std::sort(sorted.begin(), sorted.end());
  const double median_period = sorted.empty() ? kNaN : sorted[sorted.size() / 2];

  // Runs of instants not separated by a stall.
  std::vector<std::vector<double>> runs;
  runs.emplace_back();
  for (std::size_t n = 0; n < t.size(); ++n) {
    if (n > 0 && t[n] - t[n - 1] > kTruthStallPeriods * median_period) runs.emplace_back();
    runs.back().push_back(t[n]);
  }

  std::vector<double> periods, period_starts, c2c, tie_residuals;
  for (const auto& run : runs) {
    for (std::size_t n = 0; n + 1 < run.size(); ++n) {
      periods.push_back(run[n + 1] - run[n]);
      period_starts.push_back(run[n]);
      if (n + 2 < run.size()) c2c.push_back((run[n + 2] - run[n + 1]) - (run[n + 1] - run[n]));
    }
  }
  // TIE against the best-fit clock: one rate, an intercept per run (the motor restarts after a
  // stall at another phase, not another rate); runs of 2 instants or more.
  double sxy = 0.0, sxx = 0.0;
  std::vector<double> run_index_mean, run_time_mean;
  std::size_t first_index = 0;
  std::vector<std::size_t> run_first;
  for (const auto& run : runs) {
    run_first.push_back(first_index);
    std::vector<double> index(run.size());
    for (std::size_t n = 0; n < run.size(); ++n) index[n] = static_cast<double>(first_index + n);
    first_index += run.size();
    run_index_mean.push_back(mean(index));
    run_time_mean.push_back(mean(run));
    if (run.size() < 2) continue;
    for (std::size_t n = 0; n < run.size(); ++n) {
      sxy += (index[n] - run_index_mean.back()) * (run[n] - run_time_mean.back());
      sxx += (index[n] - run_index_mean.back()) * (index[n] - run_index_mean.back());
    }
  }
  const double rate = sxx > 0.0 ? sxy / sxx : kNaN;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    if (runs[r].size() < 2) continue;
    for (std::size_t n = 0; n < runs[r].size(); ++n) {
      const double index = static_cast<double>(run_first[r] + n);
      tie_residuals.push_back(runs[r][n] - run_time_mean[r] -
                              rate * (index - run_index_mean[r]));
    }
  }
  const double tie_rms = rms(tie_residuals);
  std::vector<double> rates;
  for (const double p : periods) rates.push_back(1.0 / p);

  double total_s = 0.0;
  for (const double p : periods) total_s += p;
  const double frequency = periods.empty() ? kNaN : static_cast<double>(periods.size()) / total_s;
  out[MeasurementId::stroke_count] = static_cast<double>(periods.size());
  out[MeasurementId::stroke_frequency] = frequency;
  out[MeasurementId::puncture_rate] = needle_count > 0 ? needle_count * frequency : kNaN;
  out[MeasurementId::period_mean] = mean(periods);
  out[MeasurementId::period_jitter_rms] = sample_std(periods);
  out[MeasurementId::period_jitter_pp] = periods.empty() ? kNaN : max_of(periods) - min_of(periods);
  out[MeasurementId::cycle_to_cycle_jitter_rms] = rms(c2c);
  out[MeasurementId::tie_rms] = tie_rms;
  out[MeasurementId::frequency_drift] = slope(period_starts, rates);
  // Stalls between strokes (a capture's edges are not the simulated truth's to judge: the pen's
  // run is known only around the capture).
  out[MeasurementId::stall_count] = t.size() < 2 ? kNaN : static_cast<double>(runs.size() - 1);
}

}  // namespace

std::map<MeasurementId, double> truth_measurements(const StrokeTruthSet& set, bool with_force,
                                                   double depth_setting_mm, int needle_count) {
  std::map<MeasurementId, double> out;
  for (const auto& info : analysis::kMeasurements) out[info.id] = kNaN;
  timing(set.reference_instants_s, needle_count, out);

  std::vector<double> maxima, minima, amplitudes, peaks, insertions, penetrations;
  double punctured = 0.0;
  for (const StrokeTruth& s : set.strokes) {
    maxima.push_back(s.protrusion_max_mm);
    minima.push_back(s.protrusion_min_mm);
    amplitudes.push_back(s.protrusion_max_mm - s.protrusion_min_mm);
    peaks.push_back(s.peak_force_n);
    if (!std::isnan(s.contact_protrusion_mm)) {
      insertions.push_back(s.protrusion_max_mm - s.contact_protrusion_mm);
    }
    penetrations.push_back(s.punctured ? s.protrusion_max_mm - s.puncture_protrusion_mm : 0.0);
    if (s.punctured) punctured += 1.0;
  }
  out[MeasurementId::protrusion_max_mean] = mean(maxima);
  out[MeasurementId::protrusion_max_std] = sample_std(maxima);
  out[MeasurementId::protrusion_max_min] = min_of(maxima);
  out[MeasurementId::protrusion_max_max] = max_of(maxima);
  out[MeasurementId::depth_error] = mean(maxima) - depth_setting_mm;
  out[MeasurementId::retraction_worst] = max_of(minima);
  out[MeasurementId::stroke_amplitude_mean] = mean(amplitudes);
  if (!with_force) return out;

  out[MeasurementId::contact_force] = set.contact_force_n;
  out[MeasurementId::peak_force_mean] = mean(peaks);
  out[MeasurementId::peak_force_max] = max_of(peaks);
  out[MeasurementId::insertion_travel_mean] = mean(insertions);
  out[MeasurementId::penetration_depth_mean] = mean(penetrations);
  out[MeasurementId::penetration_depth_min] = min_of(penetrations);
  out[MeasurementId::puncture_ratio] =
      set.strokes.empty() ? kNaN : punctured / static_cast<double>(set.strokes.size());
  return out;
}

}  // namespace needlerig::rig::sim
