#pragma once
// What the reference instants' noise adds to the timing figures (timing.hpp): the raw spread
// figures of a series of instants, and the noise's share of them, read either off the noise
// probe's series (stroke_pipeline.hpp) or from a white noise of known variance.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace needlerig::analysis {

/// The spread figures of a series of instants, before any noise correction: the sample variance
/// of the linked periods, the mean square of the cycle-to-cycle differences, and the TIE
/// residuals against one rate with an intercept per run of linked instants.
struct Spread {
  std::size_t periods = 0, c2c_count = 0;
  double period_mean = 0.0, period_variance = std::numeric_limits<double>::quiet_NaN(),
         c2c_mean_square = std::numeric_limits<double>::quiet_NaN();
  // TIE: runs of linked instants [begin, end) with their means, the common rate, the points.
  struct Run {
    std::size_t begin, end;
    double k_mean, t_mean;
  };
  std::vector<Run> runs;
  double rate = std::numeric_limits<double>::quiet_NaN(),
         tie_mean_square = std::numeric_limits<double>::quiet_NaN();
  std::size_t tie_points = 0;

  double residual(const std::vector<double>& t, const Run& run, std::size_t k) const {
    return (t[k] - t.front() - run.t_mean) - rate * (static_cast<double>(k) - run.k_mean);
  }
};

/// `present` (empty: all) leaves instants out without cutting their runs: a period needs both its
/// instants present, a TIE run keeps its intercept and rate over the instants present in it.
Spread spread_of(const std::vector<double>& t, const std::vector<std::uint8_t>& linked,
                 const std::vector<std::uint8_t>& present = {});

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

/// From the noise probe (stroke_pipeline.hpp): the same figures on a series that carries the
/// instants' noise and none of their jitter, whatever the noise's spectrum. Nullopt where the
/// probe is too short or the strokes' own timing could leak into it: a gain g leaks g^2 of the
/// timing figures, and kMaxProbeLeak of them is a tenth of the table's 3 % on an RMS figure.
std::optional<NoiseShare> probe_share(const std::vector<double>& probe_s,
                                      const std::vector<std::uint8_t>& linked, double probe_gain);

/// The white-noise share: each instant's error independent, of variance s2 (timing.hpp).
NoiseShare white_share(double s2, const Spread& t);

}  // namespace needlerig::analysis
