#include "tests/independent/cam_profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>

namespace needlerig::independent {
namespace {

constexpr std::size_t kSearchPoints = 8192;  // coarse scan for the extremes of the harmonic sum
constexpr int kGoldenIterations = 80;

/// Golden-section search for the minimum of f on [a, b] (f unimodal there).
template <typename F>
double golden_minimum(F f, double a, double b) {
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = b - ratio * (b - a);
  double d = a + ratio * (b - a);
  for (int i = 0; i < kGoldenIterations; ++i) {
    if (f(c) < f(d)) {
      b = d;
    } else {
      a = c;
    }
    c = b - ratio * (b - a);
    d = a + ratio * (b - a);
  }
  return (a + b) / 2.0;
}

double wrap_unit(double x) { return x - std::floor(x); }

}  // namespace

CamProfile::CamProfile(const CamProfileConfig& config) : config_(config) {
  const double moving = 1.0 - config.top_dwell_fraction - config.bottom_dwell_fraction;
  if (config.harmonics.empty() || config.rise_fraction <= 0.0 || config.rise_fraction >= 1.0 ||
      config.top_dwell_fraction < 0.0 || config.bottom_dwell_fraction < 0.0 || moving < 0.2) {
    throw std::invalid_argument(
        "cam profile: needs harmonics, a rise fraction in (0, 1) and dwells leaving at least 20 % "
        "of the period for the motion");
  }
  // Coarse scan, then a golden-section refinement one scan step either side of each extreme.
  std::size_t lowest = 0;
  std::size_t highest = 0;
  std::vector<double> scan(kSearchPoints);
  for (std::size_t i = 0; i < kSearchPoints; ++i) {
    scan[i] = harmonic_sum(static_cast<double>(i) / kSearchPoints);
    if (scan[i] < scan[lowest]) lowest = i;
    if (scan[i] > scan[highest]) highest = i;
  }
  const double step = 1.0 / kSearchPoints;
  min_psi_ = wrap_unit(golden_minimum([this](double p) { return harmonic_sum(p); },
                                      static_cast<double>(lowest) * step - step,
                                      static_cast<double>(lowest) * step + step));
  const double max_psi = wrap_unit(golden_minimum([this](double p) { return -harmonic_sum(p); },
                                                  static_cast<double>(highest) * step - step,
                                                  static_cast<double>(highest) * step + step));
  sum_min_ = harmonic_sum(min_psi_);
  sum_range_ = harmonic_sum(max_psi) - sum_min_;
  if (!(sum_range_ > 0.0)) throw std::invalid_argument("cam profile: the harmonic sum is flat");
  peak_psi_ = wrap_unit(max_psi - min_psi_);
}

double CamProfile::harmonic_sum(double psi) const {
  double sum = 0.0;
  for (std::size_t k = 0; k < config_.harmonics.size(); ++k) {
    const auto& h = config_.harmonics[k];
    sum += h.amplitude *
           std::cos(2.0 * std::numbers::pi * static_cast<double>(k + 1) * psi + h.phase_rad);
  }
  return sum;
}

double CamProfile::shape(double psi) const {
  // Clamped: the normalisation is exact only to rounding, and the lift is [0, 1] by definition.
  return std::clamp((harmonic_sum(min_psi_ + psi) - sum_min_) / sum_range_, 0.0, 1.0);
}

double CamProfile::lift(double phase) const {
  const double moving = 1.0 - config_.top_dwell_fraction - config_.bottom_dwell_fraction;
  const double rise = config_.rise_fraction * moving;
  const double fall = moving - rise;
  double theta = phase - config_.bottom_dwell_fraction;
  if (theta <= 0.0) return 0.0;
  if (theta < rise) return shape(peak_psi_ * theta / rise);
  theta -= rise;
  if (theta < config_.top_dwell_fraction) return shape(peak_psi_);
  theta -= config_.top_dwell_fraction;
  if (theta >= fall) return 0.0;
  return shape(peak_psi_ + (1.0 - peak_psi_) * theta / fall);
}

bool CamProfile::is_unimodal() const {
  // Sampled: a bump narrower than the sampling step is not a realistic cam.
  constexpr std::size_t kPoints = 4096;
  constexpr double kTolerance = 1e-12;
  const auto monotone = [this](double from, double to, double direction) {
    double previous = shape(from);
    for (std::size_t i = 1; i <= kPoints; ++i) {
      const double value = shape(from + (to - from) * static_cast<double>(i) / kPoints);
      if (direction * (value - previous) < -kTolerance) return false;
      previous = value;
    }
    return true;
  };
  return monotone(0.0, peak_psi_, 1.0) && monotone(peak_psi_, 1.0, -1.0);
}

}  // namespace needlerig::independent
