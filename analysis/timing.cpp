#include "analysis/timing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "analysis/robust_stats.hpp"
#include "analysis/timing_noise.hpp"
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double corrected_rms(double mean_square, double noise_mean_square) {
  return std::sqrt(std::max(0.0, mean_square - noise_mean_square));
}

struct Floored {
  std::vector<double> variances;  // per instant
  double mean;
};

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
                                   const std::vector<double>& instant_variances_for_u_s2,
                                   const std::vector<double>& instant_probe_s,
                                   double probe_timing_gain) {
  TimingStatistics stats;
  const Spread spread = spread_of(t, linked);
  const std::size_t count = spread.periods;
  stats.period_count = count;
  if (count == 0) {
    stats.period_mean_s = stats.period_jitter_pp_s = kNaN;
    stats.period_jitter_rms_s = stats.cycle_to_cycle_rms_s = stats.tie_rms_s = kNaN;
    stats.frequency_drift_hz_per_s = kNaN;
    stats.period_mean_u_s = stats.period_jitter_rms_u_s = stats.cycle_to_cycle_rms_u_s = kNaN;
    stats.tie_rms_u_s = stats.frequency_drift_u_hz_per_s = kNaN;
    return stats;
  }
  const std::optional<NoiseShare> probed = probe_share(instant_probe_s, linked, probe_timing_gain);
  const NoiseShare noise = probed ? *probed : white_share(instant_variance_s2, spread);
  stats.noise_from_probe = probed.has_value();
  // Per instant for the weighted sums (the first and last instants weigh most in several figures,
  // and their fits may be cut by the capture's edges), never below the noise share's; their mean
  // for the noise's own scatter.
  const auto floored = [&](double s2) {
    Floored f{instant_variances_for_u_s2, 0.0};
    f.variances.resize(t.size(), s2);
    for (double& v : f.variances) {
      v = std::max(v, s2);
      f.mean += v;
    }
    f.mean = t.empty() ? s2 : f.mean / static_cast<double>(t.size());
    return f;
  };
  const Floored period_u = floored(noise.period_s2), c2c_u = floored(noise.c2c_s2),
                tie_u = floored(noise.tie_s2);
  // First order: the weighted sum's variance, with the instants' noise as correlated as the
  // probe shows it where that is larger (1/f noise moves neighbouring instants alike); each
  // instant's misfit (its variance for u beyond the white noise's) on top, independent.
  std::vector<double> misfit_s2(t.size(), 0.0);
  for (std::size_t k = 0; k < t.size() && k < instant_variances_for_u_s2.size(); ++k) {
    misfit_s2[k] = std::max(0.0, instant_variances_for_u_s2[k] - instant_variance_s2);
  }
  const auto first_order = [&](const InstantWeights& w, const Floored& f) {
    const double independent = w.variance(f.variances);
    if (noise.structure_s2.empty()) return independent;
    return std::max(independent,
                    w.variance_from_structure(noise.structure_s2) + w.variance(misfit_s2));
  };

  const double mean = spread.period_mean;
  const auto m = static_cast<double>(count);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  double st = 0.0, stt = 0.0, sf = 0.0, stf = 0.0;
  const double t_ref = t.front();
  for (std::size_t n = 0; n < linked.size(); ++n) {
    if (!linked[n]) continue;
    const double period = t[n + 1] - t[n];
    lo = std::min(lo, period);
    hi = std::max(hi, period);
    const double x = t[n] - t_ref, f = 1.0 / period;
    st += x;
    stt += x * x;
    sf += f;
    stf += x * f;
  }
  stats.period_mean_s = mean;
  stats.period_jitter_pp_s = hi - lo;
  if (count >= 2) {
    stats.period_jitter_rms_s = corrected_rms(spread.period_variance, noise.period_variance);
    const double sxx = stt - st * st / m;
    stats.frequency_drift_hz_per_s = sxx > 0.0 ? (stf - st * sf / m) / sxx : kNaN;
  } else {
    stats.period_jitter_rms_s = kNaN;
    stats.frequency_drift_hz_per_s = kNaN;
  }
  const std::size_t c2c_count = spread.c2c_count;
  stats.cycle_to_cycle_rms_s =
      c2c_count > 0 ? corrected_rms(spread.c2c_mean_square, noise.c2c_mean_square) : kNaN;

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
    stats.period_mean_u_s = std::sqrt(first_order(mean_w, period_u));
    stats.period_jitter_rms_u_s =
        count >= 2 ? corrected_rms_uncertainty(stats.period_jitter_rms_s,
                                               first_order(jitter_w, period_u) +
                                                   12.0 * period_u.mean * period_u.mean / m +
                                                   noise.period_error2)
                   : kNaN;
    stats.frequency_drift_u_hz_per_s =
        count >= 2 ? std::sqrt(first_order(drift_w, period_u)) : kNaN;
    const auto mc = static_cast<double>(c2c_count);
    stats.cycle_to_cycle_rms_u_s =
        c2c_count > 0
            ? corrected_rms_uncertainty(stats.cycle_to_cycle_rms_s,
                                        first_order(c2c_w, c2c_u) +
                                            140.0 * c2c_u.mean * c2c_u.mean / mc + noise.c2c_error2)
            : kNaN;
  }

  if (std::isfinite(spread.tie_mean_square)) {
    stats.tie_rms_s = corrected_rms(spread.tie_mean_square, noise.tie_mean_square);
    // First order, the residuals' mean square moves by 2/M sum r_k e_k; the noise's own mean
    // square scatters by 2 s^4 / M.
    const auto mp = static_cast<double>(spread.tie_points);
    InstantWeights tie_w(t.size());
    for (const Spread::Run& run : spread.runs) {
      for (std::size_t k = run.begin; k < run.end; ++k) {
        tie_w.add(k, 2.0 * spread.residual(t, run, k) / mp);
      }
    }
    stats.tie_rms_u_s = corrected_rms_uncertainty(
        stats.tie_rms_s,
        first_order(tie_w, tie_u) + 2.0 * tie_u.mean * tie_u.mean / mp + noise.tie_error2);
  } else {
    stats.tie_rms_s = kNaN;
    stats.tie_rms_u_s = kNaN;
  }
  return stats;
}

}  // namespace needlerig::analysis
