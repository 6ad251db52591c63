#include "tests/independent/timing_truth.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>

#include "tests/independent/grid_signal.hpp"

namespace needlerig::independent {
namespace {

using analysis::MeasurementId;
constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

/// A period T_n = t_(n+1) - t_n, with n its first instant's index.
struct Period {
  std::size_t first_instant;
  double start_s;
  double length_s;
};

/// Least-squares slope of y on x.
double slope_of(const std::vector<double>& x, const std::vector<double>& y) {
  const double x_mean = mean_of(x);
  const double y_mean = mean_of(y);
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - x_mean) * (y[i] - y_mean);
    sxx += (x[i] - x_mean) * (x[i] - x_mean);
  }
  return sxy / sxx;
}

/// TIE: residuals of the instants from t = a + b n. A stall restarts the pen's clock at another
/// phase, so each run of instants between stalls gets its own a, all share the rate b (one
/// least-squares fit); runs of a single instant carry no timing information and are left out.
double tie_rms(const std::vector<double>& instants_s, const std::vector<bool>& stall_after) {
  std::vector<std::vector<std::size_t>> runs(1);
  for (std::size_t n = 0; n < instants_s.size(); ++n) {
    runs.back().push_back(n);
    if (n + 1 < instants_s.size() && stall_after[n]) runs.emplace_back();
  }
  std::erase_if(runs, [](const auto& run) { return run.size() < 2; });
  if (runs.empty()) return kUndefined;
  double sxy = 0.0;
  double sxx = 0.0;
  std::vector<double> run_index_mean;
  std::vector<double> run_time_mean;
  for (const auto& run : runs) {
    std::vector<double> index;
    std::vector<double> time;
    for (std::size_t n : run) {
      index.push_back(static_cast<double>(n));
      time.push_back(instants_s[n]);
    }
    run_index_mean.push_back(mean_of(index));
    run_time_mean.push_back(mean_of(time));
    for (std::size_t i = 0; i < run.size(); ++i) {
      sxy += (index[i] - run_index_mean.back()) * (time[i] - run_time_mean.back());
      sxx += (index[i] - run_index_mean.back()) * (index[i] - run_index_mean.back());
    }
  }
  const double rate = sxy / sxx;
  double sum_squares = 0.0;
  std::size_t count = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (std::size_t n : runs[r]) {
      const double residual =
          instants_s[n] - run_time_mean[r] - rate * (static_cast<double>(n) - run_index_mean[r]);
      sum_squares += residual * residual;
      ++count;
    }
  }
  return std::sqrt(sum_squares / static_cast<double>(count));
}

}  // namespace

TimingTruth evaluate_timing(const std::vector<double>& instants_s, double capture_end_s,
                            bool pen_running, double stall_periods) {
  TimingTruth truth;
  for (MeasurementId id :
       {MeasurementId::stroke_count, MeasurementId::stroke_frequency, MeasurementId::period_mean,
        MeasurementId::period_jitter_rms, MeasurementId::period_jitter_pp,
        MeasurementId::cycle_to_cycle_jitter_rms, MeasurementId::tie_rms,
        MeasurementId::frequency_drift}) {
    truth.values[id] = kUndefined;
  }
  truth.stall_count = kUndefined;
  if (instants_s.size() < 2) return truth;

  std::vector<double> gaps;
  for (std::size_t n = 0; n + 1 < instants_s.size(); ++n) {
    gaps.push_back(instants_s[n + 1] - instants_s[n]);
  }
  const double stall_gap_s = stall_periods * median_of(gaps);
  std::vector<bool> stall_after(instants_s.size(), false);
  if (pen_running && instants_s.front() > stall_gap_s) {
    truth.stalls.push_back({0.0, instants_s.front()});
  }
  std::vector<Period> periods;
  for (std::size_t n = 0; n < gaps.size(); ++n) {
    if (gaps[n] > stall_gap_s) {
      truth.stalls.push_back({instants_s[n], gaps[n]});
      stall_after[n] = true;
    } else {
      periods.push_back({n, instants_s[n], gaps[n]});
    }
  }
  if (pen_running && capture_end_s - instants_s.back() > stall_gap_s) {
    truth.stalls.push_back({instants_s.back(), capture_end_s - instants_s.back()});
  }
  truth.stall_count = static_cast<double>(truth.stalls.size());

  std::vector<double> lengths;
  std::vector<double> starts;
  std::vector<double> frequencies;
  for (const auto& p : periods) {
    lengths.push_back(p.length_s);
    starts.push_back(p.start_s);
    frequencies.push_back(1.0 / p.length_s);
  }
  truth.values[MeasurementId::stroke_count] = static_cast<double>(periods.size());
  truth.values[MeasurementId::tie_rms] = tie_rms(instants_s, stall_after);
  if (periods.empty()) return truth;
  const double total_s = std::accumulate(lengths.begin(), lengths.end(), 0.0);
  truth.values[MeasurementId::stroke_frequency] = static_cast<double>(periods.size()) / total_s;
  truth.values[MeasurementId::period_mean] = mean_of(lengths);
  const auto [shortest, longest] = std::minmax_element(lengths.begin(), lengths.end());
  truth.values[MeasurementId::period_jitter_pp] = *longest - *shortest;

  // Cycle to cycle: consecutive periods only, i.e. sharing an instant (never across a stall).
  double c2c_sum = 0.0;
  std::size_t c2c_count = 0;
  for (std::size_t i = 0; i + 1 < periods.size(); ++i) {
    if (periods[i + 1].first_instant != periods[i].first_instant + 1) continue;
    const double d = periods[i + 1].length_s - periods[i].length_s;
    c2c_sum += d * d;
    ++c2c_count;
  }
  if (c2c_count > 0) {
    truth.values[MeasurementId::cycle_to_cycle_jitter_rms] =
        std::sqrt(c2c_sum / static_cast<double>(c2c_count));
  }
  if (periods.size() >= 2) {
    truth.values[MeasurementId::period_jitter_rms] = sample_std_of(lengths);
    truth.values[MeasurementId::frequency_drift] = slope_of(starts, frequencies);
  }
  return truth;
}

}  // namespace needlerig::independent
