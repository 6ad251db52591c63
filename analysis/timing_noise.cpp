#include "analysis/timing_noise.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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
    return pairs > 0 ? sum / static_cast<double>(pairs) : kNaN;
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

}  // namespace

/// `present` (empty: all) leaves instants out without cutting their runs: a period needs both its
/// instants present, a TIE run keeps its intercept and rate over the instants present in it.
Spread spread_of(const std::vector<double>& t, const std::vector<std::uint8_t>& linked,
                 const std::vector<std::uint8_t>& present) {
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

}  // namespace needlerig::analysis
