#include "analysis/timing_pickup.hpp"

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

namespace needlerig::analysis {
namespace {

// The fundamental and the third harmonic: the strong lines of pickup from a transformer's field.
// Each sinusoid fitted takes about 2/N of the jitter's own variance with it (more where the jitter
// is strong at its folded frequency), so the weaker harmonics are not worth their cost.
constexpr int kHarmonics[] = {1, 3};
// Folded nearer zero than this share of the stroke rate, a harmonic is left alone.
constexpr double kMinFoldedShare = 0.05;
// A sinusoid's column whose RMS over the rows is under this share of a full sinusoid's carries
// no pickup worth fitting, only the instants' own scatter in its phase: it is left out.
constexpr double kMinColumnRms = 0.05;
// Columns less independent than this (relative to the largest) are one direction.
constexpr double kRankThreshold = 1e-3;
// Rows needed per fitted column: fewer, and the fit would take too much of the jitter with it.
constexpr std::size_t kRowsPerColumn = 8;

double rms(const Eigen::VectorXd& v) {
  return v.size() > 0 ? v.norm() / std::sqrt(static_cast<double>(v.size())) : 0.0;
}

/// Least squares of y on the columns of x; the fit's coefficients (minimum norm where columns
/// are dependent) and the number of independent directions.
std::pair<Eigen::VectorXd, std::size_t> least_squares(const Eigen::MatrixXd& x,
                                                      const Eigen::VectorXd& y) {
  Eigen::VectorXd scale = x.colwise().norm().transpose();
  for (Eigen::Index c = 0; c < scale.size(); ++c) scale[c] = scale[c] > 0.0 ? scale[c] : 1.0;
  const Eigen::MatrixXd normalised = x * scale.cwiseInverse().asDiagonal();
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(normalised);
  cod.setThreshold(kRankThreshold);
  const Eigen::VectorXd coefficients = cod.solve(y).cwiseQuotient(scale);
  return {coefficients, static_cast<std::size_t>(cod.rank())};
}

/// The sinusoid columns kept: for each frequency, sine then cosine, where they pass kMinColumnRms.
struct Sinusoid {
  double omega;  // rad/s
  bool cosine;
};

}  // namespace

std::vector<double> pickup_frequencies_hz(double mains_hz, double period_s, double span_s) {
  std::vector<double> out;
  if (!(mains_hz > 0.0) || !(period_s > 0.0) || !(span_s > 0.0)) return out;
  const double stroke_hz = 1.0 / period_s;
  std::vector<double> folded_kept;
  for (const int h : kHarmonics) {
    const double f = h * mains_hz;
    const double folded = std::abs(f - std::round(f / stroke_hz) * stroke_hz);
    if (folded < kMinFoldedShare * stroke_hz) continue;
    // Harmonics that fold onto one frequency (60, 180, 300 and 420 Hz under a 120 Hz pen) are
    // one sinusoid in the instants: fitted once, at the lowest of them.
    bool seen = false;
    for (const double other : folded_kept) seen = seen || std::abs(other - folded) < 1.0 / span_s;
    if (seen) continue;
    folded_kept.push_back(folded);
    out.push_back(f);
  }
  return out;
}

std::size_t remove_pickup_from_instants(std::vector<double>& t,
                                        const std::vector<std::uint8_t>& linked,
                                        const std::vector<double>& frequencies_hz) {
  if (frequencies_hz.empty() || t.size() < 3) return 0;
  std::vector<std::size_t> rows;
  for (std::size_t n = 0; n + 1 < t.size(); ++n) {
    if (linked[n]) rows.push_back(n);
  }
  const auto count = static_cast<Eigen::Index>(rows.size());
  const double t0 = 0.5 * (t.front() + t.back());
  // A column per sinusoid: its change over each linked period.
  std::vector<Sinusoid> kept;
  std::vector<Eigen::VectorXd> columns;
  for (const double f : frequencies_hz) {
    for (const bool cosine : {false, true}) {
      const Sinusoid s{2.0 * std::numbers::pi * f, cosine};
      auto value = [&](double time) {
        return s.cosine ? std::cos(s.omega * (time - t0)) : std::sin(s.omega * (time - t0));
      };
      Eigen::VectorXd column(count);
      for (Eigen::Index r = 0; r < count; ++r) {
        const std::size_t n = rows[static_cast<std::size_t>(r)];
        column[r] = value(t[n + 1]) - value(t[n]);
      }
      // A full sinusoid's change over a period has an RMS of up to sqrt(2).
      if (rms(column) < kMinColumnRms * std::sqrt(2.0)) continue;
      kept.push_back(s);
      columns.push_back(std::move(column));
    }
  }
  const auto nuisance = 2;  // mean period, drift
  const auto width = static_cast<Eigen::Index>(columns.size()) + nuisance;
  if (columns.empty() || rows.size() < kRowsPerColumn * static_cast<std::size_t>(width)) return 0;
  Eigen::MatrixXd x(count, width);
  Eigen::VectorXd y(count);
  for (Eigen::Index r = 0; r < count; ++r) {
    const std::size_t n = rows[static_cast<std::size_t>(r)];
    y[r] = t[n + 1] - t[n];
    x(r, 0) = 1.0;
    x(r, 1) = 0.5 * (t[n + 1] + t[n]) - t0;
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    x.col(static_cast<Eigen::Index>(c) + nuisance) = columns[c];
  }
  const auto [coefficients, rank] = least_squares(x, y);
  // The fitted pickup at each instant, in seconds (its constant part, which no timing figure
  // sees, is whatever the fit left it).
  std::vector<double> pickup(t.size(), 0.0);
  for (std::size_t c = 0; c < kept.size(); ++c) {
    const double a = coefficients[static_cast<Eigen::Index>(c) + nuisance];
    for (std::size_t n = 0; n < t.size(); ++n) {
      const double phase = kept[c].omega * (t[n] - t0);
      pickup[n] += a * (kept[c].cosine ? std::cos(phase) : std::sin(phase));
    }
  }
  for (std::size_t n = 0; n < t.size(); ++n) t[n] -= pickup[n];
  return rank > nuisance ? rank - nuisance : 0;
}

namespace {

/// Sinusoids at frequencies_hz and a constant fitted to the finite values of x, sampled at t.
struct SeriesFit {
  std::vector<double> pickup;  // the fitted sinusoids at each index (0 where x is not finite)
  std::size_t directions = 0;  // independent sinusoid directions fitted
  double f_statistic = 0.0;    // their variance explained per direction over the residual's
};

std::optional<SeriesFit> fit_series(const std::vector<double>& x, const std::vector<double>& t,
                                    const std::vector<double>& frequencies_hz) {
  if (frequencies_hz.empty() || t.empty()) return std::nullopt;
  std::vector<std::size_t> rows;
  for (std::size_t n = 0; n < x.size(); ++n) {
    if (std::isfinite(x[n])) rows.push_back(n);
  }
  const double t0 = 0.5 * (t.front() + t.back());
  const auto count = static_cast<Eigen::Index>(rows.size());
  auto value = [&](const Sinusoid& s, std::size_t n) {
    const double phase = s.omega * (t[n] - t0);
    return s.cosine ? std::cos(phase) : std::sin(phase);
  };
  std::vector<Sinusoid> kept;
  for (const double f : frequencies_hz) {
    for (const bool cosine : {false, true}) {
      const Sinusoid s{2.0 * std::numbers::pi * f, cosine};
      double ss = 0.0;
      for (const std::size_t n : rows) ss += value(s, n) * value(s, n);
      // A full sinusoid has an RMS of sqrt(1/2).
      if (std::sqrt(ss / static_cast<double>(count)) >= kMinColumnRms * std::sqrt(0.5)) {
        kept.push_back(s);
      }
    }
  }
  const auto width = static_cast<Eigen::Index>(kept.size()) + 1;
  if (kept.empty() || rows.size() < kRowsPerColumn * static_cast<std::size_t>(width)) {
    return std::nullopt;
  }
  Eigen::MatrixXd design(count, width);
  Eigen::VectorXd y(count);
  for (Eigen::Index r = 0; r < count; ++r) {
    const std::size_t n = rows[static_cast<std::size_t>(r)];
    design(r, 0) = 1.0;
    for (std::size_t c = 0; c < kept.size(); ++c) {
      design(r, static_cast<Eigen::Index>(c) + 1) = value(kept[c], n);
    }
    y[r] = x[n];
  }
  const auto [coefficients, rank] = least_squares(design, y);
  SeriesFit fit;
  fit.pickup.assign(x.size(), 0.0);
  const Eigen::VectorXd residual = y - design * coefficients;
  const double mean = y.mean();
  const double explained = (y.array() - mean).matrix().squaredNorm() - residual.squaredNorm();
  fit.directions = rank > 1 ? rank - 1 : 0;
  const double residual_dof = static_cast<double>(count) - static_cast<double>(rank);
  if (fit.directions == 0 || !(residual_dof > 0.0) || !(residual.squaredNorm() > 0.0)) {
    return std::nullopt;
  }
  fit.f_statistic =
      (explained / static_cast<double>(fit.directions)) / (residual.squaredNorm() / residual_dof);
  for (Eigen::Index r = 0; r < count; ++r) {
    fit.pickup[rows[static_cast<std::size_t>(r)]] =
        design.row(r).tail(width - 1).dot(coefficients.tail(width - 1));
  }
  return fit;
}

// The F statistic that k sinusoid directions of pure white noise exceed with probability
// about 1e-3 (k chi-square(k) quantiles over k, the residual's degrees of freedom many).
double f_at_one_in_a_thousand(std::size_t k) {
  constexpr double kChiSquare[] = {10.83, 13.82, 16.27, 18.47};
  return kChiSquare[std::min<std::size_t>(k, 4) - 1] /
         static_cast<double>(std::min<std::size_t>(k, 4));
}

}  // namespace

std::vector<double> pickup_shown_by_probe(const std::vector<double>& probe_s,
                                          const std::vector<double>& t, double mains_hz,
                                          double period_s) {
  const double span_s = t.empty() ? 0.0 : t.back() - t.front();
  std::vector<double> candidates;
  if (mains_hz > 0.0) {
    candidates = {mains_hz};
  } else {
    candidates = {50.0, 60.0};
  }
  std::vector<double> best;
  double best_score = 1.0;
  for (const double mains : candidates) {
    const std::vector<double> frequencies = pickup_frequencies_hz(mains, period_s, span_s);
    const auto fit = fit_series(probe_s, t, frequencies);
    if (!fit) continue;
    // Two candidates tested: each at half the false-alarm rate, about (1 + 1/k) times the level.
    const double level =
        f_at_one_in_a_thousand(fit->directions) *
        (candidates.size() > 1 ? 1.0 + 1.0 / static_cast<double>(fit->directions) : 1.0);
    const double score = fit->f_statistic / level;
    if (score > best_score) {
      best_score = score;
      best = frequencies;
    }
  }
  // Of the pickup's harmonics only those the probe shows on their own: each costs the jitter.
  std::vector<double> shown;
  for (const double f : best) {
    const auto alone = fit_series(probe_s, t, {f});
    if (alone && alone->f_statistic > f_at_one_in_a_thousand(alone->directions)) shown.push_back(f);
  }
  return shown;
}

void remove_pickup_from_series(std::vector<double>& x, const std::vector<double>& t,
                               const std::vector<double>& frequencies_hz) {
  const auto fit = fit_series(x, t, frequencies_hz);
  if (!fit) return;
  for (std::size_t n = 0; n < x.size(); ++n) x[n] -= fit->pickup[n];
}

}  // namespace needlerig::analysis
