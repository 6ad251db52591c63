#include "analysis/timing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "analysis/robust_stats.hpp"
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double corrected_rms(double mean_square, double noise_mean_square) {
  return std::sqrt(std::max(0.0, mean_square - noise_mean_square));
}

/// The spread figures of a series of instants, before any noise correction: the sample variance
/// of the linked periods, the mean square of the cycle-to-cycle differences, and the TIE
/// residuals against one rate with an intercept per run of linked instants.
struct Spread {
  std::size_t periods = 0, c2c_count = 0;
  double period_mean = 0.0, period_variance = kNaN, c2c_mean_square = kNaN;
  // TIE: runs of linked instants [begin, end) with their means, the common rate, the points.
  struct Run {
    std::size_t begin, end;
    double k_mean, t_mean;
  };
  std::vector<Run> runs;
  double rate = kNaN, tie_mean_square = kNaN;
  std::size_t tie_points = 0;

  double residual(const std::vector<double>& t, const Run& run, std::size_t k) const {
    return (t[k] - t.front() - run.t_mean) - rate * (static_cast<double>(k) - run.k_mean);
  }
};

/// `present` (empty: all) leaves instants out without cutting their runs: a period needs both its
/// instants present, a TIE run keeps its intercept and rate over the instants present in it.
Spread spread_of(const std::vector<double>& t, const std::vector<std::uint8_t>& linked,
                 const std::vector<std::uint8_t>& present = {}) {
  Spread s;
  const auto here = [&](std::size_t k) { return present.empty() || present[k] != 0; };
  const auto period_at = [&](std::size_t n) { return linked[n] && here(n) && here(n + 1); };
  double sum = 0.0;
  for (std::size_t n = 0; n < linked.size(); ++n) {
    if (period_at(n)) {
      sum += t[n + 1] - t[n];
      ++s.periods;
    }
  }
  if (s.periods == 0) return s;
  const auto m = static_cast<double>(s.periods);
  s.period_mean = sum / m;
  // Second pass, centred on the mean for accuracy.
  double ss = 0.0, c2c_ss = 0.0;
  for (std::size_t n = 0; n < linked.size(); ++n) {
    if (!period_at(n)) continue;
    const double period = t[n + 1] - t[n];
    ss += (period - s.period_mean) * (period - s.period_mean);
    if (n + 1 < linked.size() && period_at(n + 1)) {
      const double d = (t[n + 2] - t[n + 1]) - period;
      c2c_ss += d * d;
      ++s.c2c_count;
    }
  }
  if (s.periods >= 2) s.period_variance = ss / (m - 1.0);
  if (s.c2c_count > 0) s.c2c_mean_square = c2c_ss / static_cast<double>(s.c2c_count);

  // TIE against the best-fit clock: one rate for the whole capture, an intercept per run of
  // linked instants (a stall or a dropout loses the count of strokes and restarts the phase, not
  // the pen's rate); residuals pooled over runs of 2 instants or more.
  const double t_ref = t.front();
  std::size_t run_begin = 0;
  for (std::size_t n = 0; n <= linked.size(); ++n) {
    if (n < linked.size() && linked[n]) continue;
    const std::size_t run_end = std::min(n + 1, t.size());
    double points = 0.0, km = 0.0, tm = 0.0;
    for (std::size_t k = run_begin; k < run_end; ++k) {
      if (!here(k)) continue;
      points += 1.0;
      km += static_cast<double>(k);
      tm += t[k] - t_ref;
    }
    if (points >= 2.0) s.runs.push_back(Spread::Run{run_begin, run_end, km / points, tm / points});
    run_begin = n + 1;
  }
  double skt = 0.0, skk = 0.0;
  for (const Spread::Run& r : s.runs) {
    for (std::size_t k = r.begin; k < r.end; ++k) {
      if (!here(k)) continue;
      const double dk = static_cast<double>(k) - r.k_mean;
      skt += dk * (t[k] - t_ref - r.t_mean);
      skk += dk * dk;
      ++s.tie_points;
    }
  }
  if (s.tie_points >= 3 && skk > 0.0) {
    s.rate = skt / skk;
    double tie_ss = 0.0;
    for (const Spread::Run& r : s.runs) {
      for (std::size_t k = r.begin; k < r.end; ++k) {
        if (here(k)) tie_ss += std::pow(s.residual(t, r, k), 2);
      }
    }
    s.tie_mean_square = tie_ss / static_cast<double>(s.tie_points);
  }
  return s;
}

/// The noise's share of each spread figure and the variance of that share's estimate.
struct NoiseShare {
  double period_variance = 0.0, c2c_mean_square = 0.0, tie_mean_square = 0.0;
  double period_error2 = 0.0, c2c_error2 = 0.0, tie_error2 = 0.0;
  // The variance of one instant that would explain each share were the instants' errors
  // independent: what the first-order uncertainties weigh each instant with.
  double period_s2 = 0.0, c2c_s2 = 0.0, tie_s2 = 0.0;
  /// From the probe: E[(e_{k+l} - e_k)^2] for lags l = 0, 1, ... (uncertainty.hpp); empty for
  /// the white share, whose errors are independent.
  std::vector<double> structure_s2;
};

/// E[(z_{k+l} - z_k)^2] over the pairs of instants present, for lags up to a quarter of the series
/// and kMaxStructureLag; empty where neighbouring probes are no more alike than distant ones (white
/// noise: the independent formulas hold, and the lags need not be summed).
std::vector<double> structure_function(const std::vector<double>& z,
                                       const std::vector<std::uint8_t>& present) {
  constexpr std::size_t kMaxStructureLag = 64;
  constexpr double kAlike = 0.8;
  const std::size_t lags = std::min(kMaxStructureLag, z.size() / 4);
  const auto at_lag = [&](std::size_t l) {
    double sum = 0.0;
    std::size_t pairs = 0;
    for (std::size_t k = 0; k + l < z.size(); ++k) {
      if (!present[k] || !present[k + l]) continue;
      sum += (z[k + l] - z[k]) * (z[k + l] - z[k]);
      ++pairs;
    }
    return pairs > 0 ? sum / static_cast<double>(pairs) : std::numeric_limits<double>::quiet_NaN();
  };
  if (lags < 2) return {};
  const double nearest = at_lag(1), farthest = at_lag(lags);
  if (!(nearest < kAlike * farthest)) return {};
  std::vector<double> d(lags + 1, 0.0);
  d[1] = nearest;
  d[lags] = farthest;
  for (std::size_t l = 2; l < lags; ++l) {
    d[l] = at_lag(l);
    if (!std::isfinite(d[l])) return {};
  }
  return d;
}

/// From the noise probe (stroke_pipeline.hpp): the same figures on a series that carries the
/// instants' noise and none of their jitter, whatever the noise's spectrum. Nullopt where the
/// probe is too short or the strokes' own timing could leak into it: a gain g leaks g^2 of the
/// timing figures, and kMaxProbeLeak of them is a tenth of the table's 3 % on an RMS figure.
std::optional<NoiseShare> probe_share(const std::vector<double>& probe_s,
                                      const std::vector<std::uint8_t>& linked, double probe_gain) {
  constexpr double kMaxProbeLeak = 0.006;
  constexpr std::size_t kMinProbePeriods = 16;
  if (probe_s.size() != linked.size() + 1 || !(probe_gain * probe_gain <= kMaxProbeLeak)) {
    return std::nullopt;
  }
  // A probe lies in the low phase before its instant: only where the period before is linked is
  // that the bottom of a stroke (after a stall or a dropout it may be anywhere).
  std::vector<std::uint8_t> present(probe_s.size(), 0);
  for (std::size_t n = 1; n < probe_s.size(); ++n) {
    present[n] = linked[n - 1] && std::isfinite(probe_s[n]);
  }
  std::vector<double> series = probe_s;
  for (double& z : series) z = std::isfinite(z) ? z : 0.0;  // absent: never read
  const Spread p = spread_of(series, linked, present);
  if (p.periods < kMinProbePeriods || !std::isfinite(p.c2c_mean_square) ||
      !std::isfinite(p.tie_mean_square)) {
    return std::nullopt;
  }
  NoiseShare share;
  share.structure_s2 = structure_function(series, present);
  share.period_variance = p.period_variance;
  share.c2c_mean_square = p.c2c_mean_square;
  share.tie_mean_square = p.tie_mean_square;
  share.period_s2 = p.period_variance / 2.0;
  share.c2c_s2 = p.c2c_mean_square / 6.0;
  share.tie_s2 = p.tie_mean_square;
  // The probe's figures scatter as the noise's own do in the instants' (see below).
  share.period_error2 = 12.0 * std::pow(share.period_s2, 2) / static_cast<double>(p.periods);
  share.c2c_error2 = 140.0 * std::pow(share.c2c_s2, 2) / static_cast<double>(p.c2c_count);
  share.tie_error2 = 2.0 * std::pow(share.tie_s2, 2) / static_cast<double>(p.tie_points);
  return share;
}

struct Floored {
  std::vector<double> variances;  // per instant
  double mean;
};

/// The white-noise share: each instant's error independent, of variance s2 (timing.hpp).
NoiseShare white_share(double s2, const Spread& t) {
  NoiseShare share;
  const auto m = static_cast<double>(t.periods);
  share.period_s2 = share.c2c_s2 = share.tie_s2 = s2;
  share.period_variance = 2.0 * s2 * (m + 1.0) / m;
  share.c2c_mean_square = 6.0 * s2;
  const auto mp = static_cast<double>(t.tie_points);
  share.tie_mean_square =
      t.tie_points > 0 ? s2 * (mp - static_cast<double>(t.runs.size()) - 1.0) / mp : 0.0;
  const double r = kNoiseVarianceRelativeError;
  share.period_error2 = std::pow(share.period_variance * r, 2);
  share.c2c_error2 = std::pow(share.c2c_mean_square * r, 2);
  share.tie_error2 = std::pow(share.tie_mean_square * r, 2);
  return share;
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
