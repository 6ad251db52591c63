#include "rig/sim/physics/stroke_profile.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace needlerig::rig::sim {

namespace {
constexpr double kTwoPi = 2.0 * std::numbers::pi;
}

StrokeProfile::StrokeProfile(double harmonic_fraction) : harmonic_fraction_(harmonic_fraction) {
  // Locate the maximum: dense scan, then bisection on the sign of the derivative
  // g'(theta) = sin theta + h (cos theta - cos 2 theta) (in units of theta).
  constexpr int kScanPoints = 4096;
  int best = 0;
  double best_value = -1.0;
  for (int i = 0; i <= kScanPoints; ++i) {
    const double v = raw(static_cast<double>(i) / kScanPoints);
    if (v > best_value) {
      best_value = v;
      best = i;
    }
  }
  const auto slope = [this](double phase) {
    const double theta = kTwoPi * phase;
    return std::sin(theta) + harmonic_fraction_ * (std::cos(theta) - std::cos(2.0 * theta));
  };
  double lo = std::max(0.0, static_cast<double>(best - 1) / kScanPoints);
  double hi = std::min(1.0, static_cast<double>(best + 1) / kScanPoints);
  for (int i = 0; i < 100 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (slope(mid) > 0.0) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  phase_of_max_ = 0.5 * (lo + hi);
  scale_ = 1.0 / raw(phase_of_max_);
}

double StrokeProfile::raw(double phase) const {
  const double theta = kTwoPi * phase;
  return (1.0 - std::cos(theta)) * (1.0 + harmonic_fraction_ * std::sin(theta));
}

double StrokeProfile::value(double phase) const { return scale_ * raw(phase); }

double StrokeProfile::rising_phase_at(double level) const {
  if (level <= 0.0) return 0.0;
  if (level >= 1.0) return phase_of_max_;
  // s is strictly increasing on [0, phase_of_max]: bisection to machine precision.
  double lo = 0.0;
  double hi = phase_of_max_;
  for (int i = 0; i < 100 && hi - lo > 1e-16; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (value(mid) < level) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace needlerig::rig::sim
