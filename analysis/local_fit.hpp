#pragma once
// Small least-squares polynomial fits of samples against their index: the one tool every
// sub-sample refinement uses (reference instants, stroke extrema, force peaks, contact crossings).

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <optional>
#include <tuple>

#include "analysis/vector_isa.hpp"

namespace needlerig::analysis {

/// y(index) ~ c0 + c1 u + c2 u^2 + c3 u^3 with u = (index - centre_index) / scale. The index is
/// scaled to about [-1, 1] so that the normal equations stay well conditioned for wide windows.
struct LocalFit {
  bool ok = false;  // false: too few points, a non-finite sample in the window, or singular
  int degree = 0;
  double centre_index = 0.0;
  double scale = 1.0;  // samples per unit u
  std::size_t count = 0;
  std::ptrdiff_t first_offset = 0;  // first sample's index less centre_index
  Eigen::Vector4d coef = Eigen::Vector4d::Zero();
  Eigen::Matrix4d inverse_normal = Eigen::Matrix4d::Zero();  // (X^T X)^-1, top-left block used
  double rss = 0.0;                                          // residual sum of squares

  double u_at(double index) const { return (index - centre_index) / scale; }
  double index_at(double u) const { return centre_index + u * scale; }
  double value_at_u(double u) const;
  double slope_at_u(double u) const;  // d value / du
  double value_at(double index) const { return value_at_u(u_at(index)); }
  /// g^T (X^T X)^-1 g with g = (1, u, u^2, ...): the fitted value's variance per unit noise
  /// variance.
  double variance_factor(double u) const;
  std::size_t degrees_of_freedom() const {
    const auto params = static_cast<std::size_t>(degree + 1);
    return count > params ? count - params : 0;
  }
};

/// A fit's window as seen from its centre: first sample less centre, length, degree. Fits with one
/// shape have one misfit to a repeating shape, and one set of weights on the noise.
using WindowShape = std::tuple<std::ptrdiff_t, std::size_t, int>;
inline WindowShape window_shape(const LocalFit& fit) {
  return {fit.first_offset, fit.count, fit.degree};
}

/// Fits samples[begin, end) against their index. Keeps the inverse normal matrices of the last 16
/// window shapes, because nearly every window of one capture has one of a few shapes; then a fit
/// costs a few multiply-adds per sample. Not thread-safe; one per analysis.
class LocalFitter {
 public:
  LocalFit fit(const double* samples, std::ptrdiff_t begin, std::ptrdiff_t end,
               std::ptrdiff_t centre, int degree);

 private:
  struct CachedShape {
    std::ptrdiff_t lo = 0;   // begin - centre
    std::ptrdiff_t hi = -1;  // end - 1 - centre
    int degree = -1;
    bool ok = false;
    double inv_scale = 1.0;  // 1 / the fits' scale
    Eigen::Matrix4d inverse = Eigen::Matrix4d::Zero();
  };
  std::array<CachedShape, 16> cache_{};
  std::size_t next_slot_ = 0;
  simd::Build build_ = simd::best_build();  // asked once: the fits run by the thousand
};

/// The u nearest to u_guess where the fit crosses `level` (Newton's method); nullopt when it does
/// not converge inside [-1.5, 1.5] or the slope vanishes.
std::optional<double> solve_level(const LocalFit& fit, double level, double u_guess);

/// The u of the fit's extremum for a quadratic (or the extremum nearest 0 for a cubic); nullopt
/// when there is none inside [-1, 1] or it has the wrong curvature (`maximum` selects the kind).
std::optional<double> extremum_u(const LocalFit& fit, bool maximum);

}  // namespace needlerig::analysis
