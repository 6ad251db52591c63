#pragma once
// Standard uncertainties from the sensors' white noise (measurement contract: uncertainty): the
// scatter of a measurement about the same quantity on the capture's noise-free signals, by
// first-order propagation of each sample's (or each reference instant's) noise variance.

#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

namespace needlerig::analysis {

/// The noise variance itself is estimated (from a few thousand third differences, MAD): its
/// relative standard error, which the jitter figures' noise corrections inherit.
inline constexpr double kNoiseVarianceRelativeError = 0.04;

/// A statistic that is, to first order, a weighted sum of the reference instants' errors:
/// sum_k c_k e_k with independent e_k of variance s_k^2. Weights are added per instant.
class InstantWeights {
 public:
  explicit InstantWeights(std::size_t instants) : weights_(instants, 0.0) {}
  void add(std::size_t instant, double weight) { weights_[instant] += weight; }
  /// The statistic's variance for the instants' variances s_k^2.
  double variance(const std::vector<double>& instant_variances_s2) const;
  /// The statistic's variance for errors that are correlated from instant to instant, as a
  /// series whose structure function E[(e_{k+l} - e_k)^2] is structure_s2[l] for the lags given
  /// and the last one beyond (1/f noise: neighbouring instants move alike). For weights that sum
  /// to zero, as every timing figure's do: -1/2 sum_k sum_l c_k c_l D(|k - l|).
  double variance_from_structure(const std::vector<double>& structure_s2) const;

 private:
  std::vector<double> weights_;
};

/// u of an RMS figure whose mean square was corrected for the noise it carries: the corrected
/// mean square's error variance over the RMS's derivative 2 rms, and never more than the fourth
/// root of that variance (where the figure is at the noise floor, the RMS is known only to the
/// square root of its mean square's error).
double corrected_rms_uncertainty(double rms, double mean_square_error_variance);

/// u of the mean of per-stroke values with independent errors of the given variances.
double mean_uncertainty(const std::vector<double>& variances);

/// The standard deviation of per-stroke values whose independent errors have the given noise
/// variances, their mean taken off its square (as for the jitter figures), and its u. Each value
/// also errs by `uncorrected_variance`, which is not taken off (it biases the square up by that
/// much). The corrected square errs by each value's deviation times its error
/// (2/(N-1) sum d_n e_n), by the errors' own scatter, by that bias and by the noise estimate's
/// error in the correction; carried as for an RMS figure. NaN for fewer than two values.
struct CorrectedSpread {
  double value;
  double u;
};
CorrectedSpread corrected_spread(const std::vector<double>& values,
                                 const std::vector<double>& noise_variances,
                                 double uncorrected_variance);

/// The systematic error of a per-stroke estimator, from its differences with a check estimator
/// whose own systematic error is much smaller (a fit over half the window: its misfit falls with
/// the fourth power of the width): the mean difference estimates the bias of the mean, and its
/// own scatter from noise is added, so that a bias hidden by that scatter is still covered.
class MethodCheck {
 public:
  void add(double difference, double noise_variance) {
    sum_ += difference;
    square_sum_ += difference * difference;
    noise_variance_sum_ += noise_variance;
    ++count_;
  }
  double systematic_uncertainty() const;
  /// The differences' scatter from stroke to stroke beyond what their noise explains: how much
  /// the estimator's misfit varies between strokes (a variance; 0 where noise explains it all).
  double unexplained_scatter_variance() const;

 private:
  double sum_ = 0.0;
  double square_sum_ = 0.0;
  double noise_variance_sum_ = 0.0;
  std::size_t count_ = 0;
};

/// P(Z <= z) for a standard normal Z.
inline double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

/// What threshold decisions the noise may have turned do to one stroke's value: each turned with
/// its probability p and would change the value by `change`. Their expected change and its
/// variance (independent decisions, each a Bernoulli variable).
struct DecisionDoubt {
  double expected_change = 0.0;
  double change_variance = 0.0;
  void add(double probability, double change) {
    if (!(probability > 0.0) || !std::isfinite(change)) return;
    expected_change += probability * change;
    change_variance += probability * (1.0 - probability) * change * change;
  }
};

/// u of the mean of per-stroke values whose errors have the given variances and, beside them,
/// threshold decisions in doubt: the doubts' expected changes add up (the noise turns decisions
/// near a threshold one way more often than the other), their variances as noise does.
double mean_uncertainty_with_doubt(const std::vector<double>& variances,
                                   const std::vector<DecisionDoubt>& doubts);

}  // namespace needlerig::analysis
