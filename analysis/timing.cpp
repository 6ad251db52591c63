#include "analysis/timing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/robust_stats.hpp"
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double corrected_rms(double mean_square, double noise_mean_square) {
  return std::sqrt(std::max(0.0, mean_square - noise_mean_square));
}

}  // namespace

double median_linked_period(const std::vector<double>& t, const std::vector<std::uint8_t>& linked) {
  std::vector<double> periods;
  periods.reserve(linked.size());
  for (std::size_t n = 0; n < linked.size(); ++n) {
    if (linked[n]) periods.push_back(t[n + 1] - t[n]);
  }
  return median_in_place(periods);
}

std::vector<Event> mark_stalls(const std::vector<double>& t, const std::vector<std::size_t>& index,
                               std::vector<std::uint8_t>& linked, double median_period_s,
                               double stall_periods) {
  std::vector<Event> stalls;
  if (!(median_period_s > 0.0)) return stalls;
  const double limit_s = stall_periods * median_period_s;
  for (std::size_t n = 0; n < linked.size(); ++n) {
    const double gap_s = t[n + 1] - t[n];
    if (linked[n] && gap_s > limit_s) {
      linked[n] = 0;
      stalls.push_back(Event{EventKind::stall, t[n], gap_s, index[n]});
    }
  }
  return stalls;
}

TimingStatistics timing_statistics(const std::vector<double>& t,
                                   const std::vector<std::uint8_t>& linked,
                                   double instant_variance_s2,
                                   const std::vector<double>& instant_variances_for_u_s2) {
  TimingStatistics stats;
  const double s2 = instant_variance_s2;
  // Per instant for the weighted sums (the first and last instants weigh most in several figures,
  // and their fits may be cut by the capture's edges); their mean for the noise's own scatter.
  std::vector<double> u_variances = instant_variances_for_u_s2;
  u_variances.resize(t.size(), s2);
  double su2 = 0.0;
  for (double& v : u_variances) {
    v = std::max(v, s2);
    su2 += v;
  }
  su2 = t.empty() ? s2 : su2 / static_cast<double>(t.size());
  // Periods: mean, spread, drift against the period's start instant.
  double sum = 0.0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::size_t count = 0;
  for (std::size_t n = 0; n < linked.size(); ++n) {
    if (!linked[n]) continue;
    const double period = t[n + 1] - t[n];
    sum += period;
    lo = std::min(lo, period);
    hi = std::max(hi, period);
    ++count;
  }
  stats.period_count = count;
  if (count == 0) {
    stats.period_mean_s = stats.period_jitter_pp_s = kNaN;
    stats.period_jitter_rms_s = stats.cycle_to_cycle_rms_s = stats.tie_rms_s = kNaN;
    stats.frequency_drift_hz_per_s = kNaN;
    stats.period_mean_u_s = stats.period_jitter_rms_u_s = stats.cycle_to_cycle_rms_u_s = kNaN;
    stats.tie_rms_u_s = stats.frequency_drift_u_hz_per_s = kNaN;
    return stats;
  }
  const double mean = sum / static_cast<double>(count);
  stats.period_mean_s = mean;
  stats.period_jitter_pp_s = hi - lo;

  // Second pass, centred on the mean for accuracy: variance, drift regression, cycle-to-cycle.
  double ss = 0.0, st = 0.0, stt = 0.0, sf = 0.0, stf = 0.0, c2c_ss = 0.0;
  std::size_t c2c_count = 0;
  const double t_ref = t.front();
  for (std::size_t n = 0; n < linked.size(); ++n) {
    if (!linked[n]) continue;
    const double period = t[n + 1] - t[n];
    ss += (period - mean) * (period - mean);
    const double x = t[n] - t_ref, f = 1.0 / period;
    st += x;
    stt += x * x;
    sf += f;
    stf += x * f;
    if (n + 1 < linked.size() && linked[n + 1]) {
      const double d = (t[n + 2] - t[n + 1]) - period;
      c2c_ss += d * d;
      ++c2c_count;
    }
  }
  const auto m = static_cast<double>(count);
  if (count >= 2) {
    const double variance = ss / (m - 1.0);
    stats.period_jitter_rms_s = corrected_rms(variance, 2.0 * s2 * (m + 1.0) / m);
    const double sxx = stt - st * st / m;
    stats.frequency_drift_hz_per_s = sxx > 0.0 ? (stf - st * sf / m) / sxx : kNaN;
  } else {
    stats.period_jitter_rms_s = kNaN;
    stats.frequency_drift_hz_per_s = kNaN;
  }
  stats.cycle_to_cycle_rms_s =
      c2c_count > 0 ? corrected_rms(c2c_ss / static_cast<double>(c2c_count), 6.0 * s2) : kNaN;

  // Uncertainties. Each figure's first-order error is a weighted sum of the instants' errors
  // (a period is the difference of two, a cycle-to-cycle difference t[n+2] - 2 t[n+1] + t[n]);
  // the RMS figures add the scatter of the noise's own mean square (periods: 12 s^4 / m;
  // cycle-to-cycle: 140 s^4 / m, from those differences' autocovariances) and the error of the
  // noise correction they subtract.
  {
    InstantWeights mean_w(t.size()), jitter_w(t.size()), c2c_w(t.size()), drift_w(t.size());
    const double x_mean = st / m, sxx = stt - st * st / m;
    for (std::size_t n = 0; n < linked.size(); ++n) {
      if (!linked[n]) continue;
      const double period = t[n + 1] - t[n];
      mean_w.add(n + 1, 1.0 / m);
      mean_w.add(n, -1.0 / m);
      if (count >= 2) {
        const double a = 2.0 * (period - mean) / (m - 1.0);
        jitter_w.add(n + 1, a);
        jitter_w.add(n, -a);
        const double w = sxx > 0.0 ? (t[n] - t_ref - x_mean) / sxx / (period * period) : 0.0;
        drift_w.add(n + 1, -w);
        drift_w.add(n, w);
      }
      if (c2c_count > 0 && n + 1 < linked.size() && linked[n + 1]) {
        const double a = 2.0 * ((t[n + 2] - t[n + 1]) - period) / static_cast<double>(c2c_count);
        c2c_w.add(n + 2, a);
        c2c_w.add(n + 1, -2.0 * a);
        c2c_w.add(n, a);
      }
    }
    const double r = kNoiseVarianceRelativeError;
    stats.period_mean_u_s = std::sqrt(mean_w.variance(u_variances));
    stats.period_jitter_rms_u_s =
        count >= 2 ? corrected_rms_uncertainty(stats.period_jitter_rms_s,
                                               jitter_w.variance(u_variances) +
                                                   12.0 * su2 * su2 / m + std::pow(2.0 * s2 * r, 2))
                   : kNaN;
    stats.frequency_drift_u_hz_per_s = count >= 2 ? std::sqrt(drift_w.variance(u_variances)) : kNaN;
    const auto mc = static_cast<double>(c2c_count);
    stats.cycle_to_cycle_rms_u_s =
        c2c_count > 0
            ? corrected_rms_uncertainty(
                  stats.cycle_to_cycle_rms_s,
                  c2c_w.variance(u_variances) + 140.0 * su2 * su2 / mc + std::pow(6.0 * s2 * r, 2))
            : kNaN;
  }

  // TIE against the best-fit clock: one rate for the whole capture, an intercept per run of
  // linked instants (a stall or a dropout loses the count of strokes and restarts the phase, not
  // the pen's rate); residuals pooled over runs of 2 instants or more.
  struct Run {
    std::size_t begin, end;  // instants [begin, end)
    double k_mean, t_mean;
  };
  std::vector<Run> runs;
  std::size_t run_begin = 0;
  for (std::size_t n = 0; n <= linked.size(); ++n) {
    if (n < linked.size() && linked[n]) continue;
    const std::size_t run_end = std::min(n + 1, t.size());
    if (run_end >= run_begin + 2) {
      const auto points = static_cast<double>(run_end - run_begin);
      double tm = 0.0;
      for (std::size_t k = run_begin; k < run_end; ++k) tm += t[k] - t_ref;
      runs.push_back(Run{run_begin, run_end, static_cast<double>(run_begin) + (points - 1.0) / 2.0,
                         tm / points});
    }
    run_begin = n + 1;
  }
  double skt = 0.0, skk = 0.0;
  std::size_t tie_points = 0;
  for (const Run& r : runs) {
    for (std::size_t k = r.begin; k < r.end; ++k) {
      const double dk = static_cast<double>(k) - r.k_mean;
      skt += dk * (t[k] - t_ref - r.t_mean);
      skk += dk * dk;
    }
    tie_points += r.end - r.begin;
  }
  if (tie_points >= 3 && skk > 0.0) {
    const double rate = skt / skk;
    double tie_ss = 0.0;
    for (const Run& r : runs) {
      for (std::size_t k = r.begin; k < r.end; ++k) {
        const double residual =
            (t[k] - t_ref - r.t_mean) - rate * (static_cast<double>(k) - r.k_mean);
        tie_ss += residual * residual;
      }
    }
    // The noise left in the residuals: s^2 for each point less one intercept a run and the rate.
    const auto mp = static_cast<double>(tie_points);
    const double noise = s2 * (mp - static_cast<double>(runs.size()) - 1.0) / mp;
    stats.tie_rms_s = corrected_rms(tie_ss / mp, noise);
    // First order, the residuals' mean square moves by 2/M sum r_k e_k; the noise's own mean
    // square scatters by 2 s^4 / M.
    InstantWeights tie_w(t.size());
    for (const Run& run : runs) {
      for (std::size_t k = run.begin; k < run.end; ++k) {
        const double residual =
            (t[k] - t_ref - run.t_mean) - rate * (static_cast<double>(k) - run.k_mean);
        tie_w.add(k, 2.0 * residual / mp);
      }
    }
    stats.tie_rms_u_s = corrected_rms_uncertainty(
        stats.tie_rms_s, tie_w.variance(u_variances) + 2.0 * su2 * su2 / mp +
                             std::pow(s2 * kNoiseVarianceRelativeError, 2));
  } else {
    stats.tie_rms_s = kNaN;
    stats.tie_rms_u_s = kNaN;
  }
  return stats;
}

}  // namespace needlerig::analysis
