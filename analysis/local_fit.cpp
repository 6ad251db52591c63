#include "analysis/local_fit.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "analysis/fit_sums.hpp"

namespace needlerig::analysis {

double LocalFit::value_at_u(double u) const {
  return coef[0] + u * (coef[1] + u * (coef[2] + u * coef[3]));
}

double LocalFit::slope_at_u(double u) const {
  return coef[1] + u * (2.0 * coef[2] + u * 3.0 * coef[3]);
}

double LocalFit::variance_factor(double u) const {
  // Fixed-size products: the matrix is zero outside its top-left (degree + 1) block.
  const Eigen::Vector4d g(1.0, u, u * u, u * u * u);
  return g.dot(inverse_normal * g);
}

LocalFit LocalFitter::fit(const double* samples, std::ptrdiff_t begin, std::ptrdiff_t end,
                          std::ptrdiff_t centre, int degree) {
  degree = std::clamp(degree, 0, 3);
  const std::ptrdiff_t count = end - begin;
  if (count < degree + 1) return {};
  const std::ptrdiff_t lo = begin - centre;
  const std::ptrdiff_t hi = end - 1 - centre;
  const auto scale = static_cast<double>(std::max<std::ptrdiff_t>({1, -lo, hi}));
  const int n = degree + 1;
  // A failed fit still tells its window. The successful one is built at the end in one piece:
  // zeroing its matrix first, only to overwrite it, cost a tenth of the fit.
  auto failed = [&] {
    LocalFit fit;
    fit.degree = degree;
    fit.count = static_cast<std::size_t>(count);
    fit.centre_index = static_cast<double>(centre);
    fit.first_offset = lo;
    fit.scale = scale;
    return fit;
  };

  // Window shapes repeat (crossing, peak and trough windows of every stroke): keep the inverse
  // normal matrices of the last few.
  CachedShape* shape = nullptr;
  for (CachedShape& candidate : cache_) {
    if (candidate.degree == degree && candidate.lo == lo && candidate.hi == hi) shape = &candidate;
  }
  if (shape == nullptr) {
    shape = &cache_[next_slot_];
    next_slot_ = (next_slot_ + 1) % cache_.size();
    shape->inv_scale = 1.0 / scale;  // a division per shape, not per fit
    const double inv_scale = shape->inv_scale;
    // Moments sum(u^k), k <= 2 degree, of the window shape.
    double moments[7] = {0, 0, 0, 0, 0, 0, 0};
    for (std::ptrdiff_t j = lo; j <= hi; ++j) {
      const double u = static_cast<double>(j) * inv_scale;
      double p = 1.0;
      for (int k = 0; k <= 2 * degree; ++k, p *= u) moments[k] += p;
    }
    Eigen::Matrix4d normal = Eigen::Matrix4d::Identity();
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) normal(r, c) = moments[r + c];
    }
    const Eigen::LDLT<Eigen::Matrix4d> ldlt(normal);
    shape->ok = ldlt.info() == Eigen::Success && ldlt.isPositive() &&
                ldlt.vectorD().head(n).minCoeff() > 1e-12 * ldlt.vectorD().maxCoeff();
    shape->inverse = Eigen::Matrix4d::Zero();
    if (shape->ok) {
      shape->inverse.topLeftCorner(n, n) =
          normal.topLeftCorner(n, n).ldlt().solve(Eigen::MatrixXd::Identity(n, n));
    }
    shape->lo = lo;
    shape->hi = hi;
    shape->degree = degree;
  }
  if (!shape->ok) return failed();
  const Eigen::Matrix4d& inverse = shape->inverse;

  const double offset = samples[std::clamp(centre, begin, end - 1)];
  const FitSums sums =
      fit_sums(samples, begin, end, centre, shape->inv_scale, offset, degree, build_);
  // A non-finite sample anywhere in the window poisons the sums: that is how we detect it.
  if (!std::isfinite(sums.yy) || !std::isfinite(offset)) return failed();
  const Eigen::Map<const Eigen::Vector4d> rhs(sums.uy);
  // Fixed-size products: the matrix is zero outside its top-left n x n block, and the sums are
  // zero above the degree.
  Eigen::Vector4d coef = inverse * rhs;
  const double rss = std::max(0.0, sums.yy - coef.dot(rhs));
  coef[0] += offset;
  return LocalFit{true,
                  degree,
                  static_cast<double>(centre),
                  scale,
                  static_cast<std::size_t>(count),
                  lo,
                  coef,
                  inverse,
                  rss};
}

std::optional<double> solve_level(const LocalFit& fit, double level, double u_guess) {
  if (!fit.ok || fit.degree < 1) return std::nullopt;
  double u = u_guess;
  for (int iteration = 0; iteration < 20; ++iteration) {
    const double slope = fit.slope_at_u(u);
    if (!(std::abs(slope) > 0.0)) return std::nullopt;
    const double step = (fit.value_at_u(u) - level) / slope;
    u -= step;
    if (!(std::abs(u) <= 1.5)) return std::nullopt;
    if (std::abs(step) < 1e-12) return u;
  }
  return std::abs(fit.value_at_u(u) - level) <= 1e-9 * (1.0 + std::abs(level))
             ? std::optional<double>(u)
             : std::nullopt;
}

std::optional<double> extremum_u(const LocalFit& fit, bool maximum) {
  if (!fit.ok || fit.degree < 2) return std::nullopt;
  const double c1 = fit.coef[1], c2 = fit.coef[2], c3 = fit.coef[3];
  std::optional<double> best;
  auto consider = [&](double u) {
    const double curvature = 2.0 * c2 + 6.0 * c3 * u;
    if (!(std::abs(u) <= 1.0)) return;
    if (maximum ? !(curvature < 0.0) : !(curvature > 0.0)) return;
    if (!best || std::abs(u) < std::abs(*best)) best = u;
  };
  if (fit.degree == 2 || c3 == 0.0) {
    if (c2 != 0.0) consider(-c1 / (2.0 * c2));
    return best;
  }
  // 3 c3 u^2 + 2 c2 u + c1 = 0
  const double a = 3.0 * c3, b = 2.0 * c2;
  const double disc = b * b - 4.0 * a * c1;
  if (disc < 0.0) return std::nullopt;
  const double q = -0.5 * (b + std::copysign(std::sqrt(disc), b));
  if (q != 0.0) consider(c1 / q);
  consider(q / a);
  return best;
}

}  // namespace needlerig::analysis
