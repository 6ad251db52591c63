#include "analysis/uncertainty.hpp"

#include <algorithm>
#include <cmath>

namespace needlerig::analysis {

double InstantWeights::variance(const std::vector<double>& instant_variances_s2) const {
  double sum = 0.0;
  for (std::size_t k = 0; k < weights_.size() && k < instant_variances_s2.size(); ++k)
    sum += weights_[k] * weights_[k] * instant_variances_s2[k];
  return sum;
}

double InstantWeights::variance_from_structure(const std::vector<double>& structure_s2) const {
  if (structure_s2.size() < 2) return 0.0;
  // With C(d) = sum_k c_k c_{k+d} and sum_d C(d) = (sum c)^2 = 0, the lags beyond the last L
  // contribute D(L) times minus the sum of the others.
  const std::size_t last = structure_s2.size() - 1;
  const double far = structure_s2[last];
  double sum = 0.0, c0 = 0.0;
  for (const double w : weights_) c0 += w * w;
  sum += 0.5 * c0 * far;
  for (std::size_t d = 1; d <= last && d < weights_.size(); ++d) {
    double c = 0.0;
    for (std::size_t k = 0; k + d < weights_.size(); ++k) c += weights_[k] * weights_[k + d];
    sum -= c * (structure_s2[d] - far);
  }
  return std::max(0.0, sum);
}

double corrected_rms_uncertainty(double rms, double mean_square_error_variance) {
  const double floor = std::pow(std::max(0.0, mean_square_error_variance), 0.25);
  if (!(rms > 0.0)) return floor;
  return std::min(std::sqrt(std::max(0.0, mean_square_error_variance)) / (2.0 * rms), floor);
}

double mean_uncertainty(const std::vector<double>& variances) {
  if (variances.empty()) return std::nan("");
  double sum = 0.0;
  for (const double v : variances) sum += v;
  return std::sqrt(sum) / static_cast<double>(variances.size());
}

CorrectedSpread corrected_spread(const std::vector<double>& values,
                                 const std::vector<double>& noise_variances,
                                 double uncorrected_variance) {
  const std::size_t n = std::min(values.size(), noise_variances.size());
  if (n < 2) return {std::nan(""), std::nan("")};
  double mean = 0.0, mean_noise_variance = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    mean += values[k];
    mean_noise_variance += noise_variances[k];
  }
  mean /= static_cast<double>(n);
  mean_noise_variance /= static_cast<double>(n);
  // The deviations are themselves noisy: d_n^2 overstates the true one by the error's variance on
  // average.
  double square_sum = 0.0, cross = 0.0, scatter = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double variance = noise_variances[k] + uncorrected_variance;
    const double d = values[k] - mean;
    square_sum += d * d;
    cross += std::max(0.0, d * d - variance) * variance;
    scatter += variance * variance;
  }
  const double m = static_cast<double>(n - 1);
  const double value = std::sqrt(std::max(0.0, square_sum / m - mean_noise_variance));
  const double correction_error = kNoiseVarianceRelativeError * mean_noise_variance;
  const double error_variance = (4.0 * cross + 2.0 * scatter) / (m * m) +
                                correction_error * correction_error +
                                uncorrected_variance * uncorrected_variance;
  return {value, corrected_rms_uncertainty(value, error_variance)};
}

double mean_uncertainty_with_doubt(const std::vector<double>& variances,
                                   const std::vector<DecisionDoubt>& doubts) {
  if (variances.empty()) return std::nan("");
  const auto n = static_cast<double>(variances.size());
  double variance_sum = 0.0, expected_sum = 0.0;
  for (const double v : variances) variance_sum += v;
  for (const DecisionDoubt& d : doubts) {
    variance_sum += d.change_variance;
    expected_sum += d.expected_change;
  }
  return std::sqrt(variance_sum / (n * n) + (expected_sum / n) * (expected_sum / n));
}

double MethodCheck::systematic_uncertainty() const {
  if (count_ == 0) return 0.0;
  const double n = static_cast<double>(count_);
  const double mean = sum_ / n;
  return std::sqrt(mean * mean + noise_variance_sum_ / (n * n));
}

double MethodCheck::unexplained_scatter_variance() const {
  if (count_ < 2) return 0.0;
  const double n = static_cast<double>(count_);
  const double mean = sum_ / n;
  const double scatter = (square_sum_ - n * mean * mean) / (n - 1.0);
  return std::max(0.0, scatter - noise_variance_sum_ / n);
}

}  // namespace needlerig::analysis
