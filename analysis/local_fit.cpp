#include "analysis/local_fit.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace needlerig::analysis {
namespace {

// Accumulates sum(u^k y) for k <= D and sum(y^2), with y offset by `offset` to keep the residual
// sum of squares free of cancellation. Fixed degree so the compiler keeps everything in registers.
template <int D>
void accumulate(const double* samples, std::ptrdiff_t begin, std::ptrdiff_t end,
                std::ptrdiff_t centre, double inv_scale, double offset, double (&sy)[4],
                double& syy) {
  // Two samples at a time (SSE2 lanes, or two interleaved scalar sets of sums), with u from the
  // index rather than by repeated addition: the loop is bound by throughput, not by the latency
  // of one chain of additions.
  std::ptrdiff_t i = begin;
  double a[4] = {0, 0, 0, 0};
  double yy = 0.0;
#if defined(__SSE2__)
  {
    __m128d s0 = _mm_setzero_pd(), s1 = _mm_setzero_pd(), s2 = _mm_setzero_pd(),
            s3 = _mm_setzero_pd(), sq = _mm_setzero_pd();
    const __m128d off = _mm_set1_pd(offset), step = _mm_set1_pd(2.0 * inv_scale);
    __m128d u = _mm_set_pd(static_cast<double>(i + 1 - centre) * inv_scale,
                           static_cast<double>(i - centre) * inv_scale);
    for (; i + 1 < end; i += 2) {
      const __m128d y = _mm_sub_pd(_mm_loadu_pd(samples + i), off);
      s0 = _mm_add_pd(s0, y);
      sq = _mm_add_pd(sq, _mm_mul_pd(y, y));
      __m128d uy = _mm_mul_pd(u, y);
      if constexpr (D >= 1) s1 = _mm_add_pd(s1, uy);
      if constexpr (D >= 2) {
        uy = _mm_mul_pd(u, uy);
        s2 = _mm_add_pd(s2, uy);
      }
      if constexpr (D >= 3) s3 = _mm_add_pd(s3, _mm_mul_pd(u, uy));
      // Exact enough: u is re-derived from the index every 64 samples.
      u = _mm_add_pd(u, step);
      if (((i - begin) & 63) == 62) {
        u = _mm_set_pd(static_cast<double>(i + 3 - centre) * inv_scale,
                       static_cast<double>(i + 2 - centre) * inv_scale);
      }
    }
    double lanes[2];
    const __m128d sums[5] = {s0, s1, s2, s3, sq};
    double totals[5];
    for (int k = 0; k < 5; ++k) {
      _mm_storeu_pd(lanes, sums[k]);
      totals[k] = lanes[0] + lanes[1];
    }
    for (int k = 0; k < 4; ++k) a[k] = totals[k];
    yy = totals[4];
  }
#endif
  for (; i < end; ++i) {
    const double u = static_cast<double>(i - centre) * inv_scale;
    const double y = samples[i] - offset;
    a[0] += y;
    yy += y * y;
    a[1] += u * y;
    a[2] += u * u * y;
    a[3] += u * u * u * y;
  }
  for (int k = 0; k < 4; ++k) sy[k] = k <= D ? a[k] : 0.0;
  syy = yy;
}

}  // namespace

double LocalFit::value_at_u(double u) const {
  return coef[0] + u * (coef[1] + u * (coef[2] + u * coef[3]));
}

double LocalFit::slope_at_u(double u) const {
  return coef[1] + u * (2.0 * coef[2] + u * 3.0 * coef[3]);
}

double LocalFit::variance_factor(double u) const {
  const Eigen::Vector4d g(1.0, u, u * u, u * u * u);
  const int n = degree + 1;
  return g.head(n).dot(inverse_normal.topLeftCorner(n, n) * g.head(n));
}

LocalFit LocalFitter::fit(const double* samples, std::ptrdiff_t begin, std::ptrdiff_t end,
                          std::ptrdiff_t centre, int degree) {
  LocalFit result;
  degree = std::clamp(degree, 0, 3);
  const std::ptrdiff_t count = end - begin;
  if (count < degree + 1) return result;
  result.degree = degree;
  result.count = static_cast<std::size_t>(count);
  result.centre_index = static_cast<double>(centre);
  const std::ptrdiff_t lo = begin - centre;
  const std::ptrdiff_t hi = end - 1 - centre;
  result.first_offset = lo;
  result.scale = static_cast<double>(std::max<std::ptrdiff_t>({1, -lo, hi}));
  const double inv_scale = 1.0 / result.scale;
  const int n = degree + 1;

  // Window shapes repeat (crossing, peak and trough windows of every stroke): keep the inverse
  // normal matrices of the last few.
  CachedShape* shape = nullptr;
  for (CachedShape& candidate : cache_) {
    if (candidate.degree == degree && candidate.lo == lo && candidate.hi == hi) shape = &candidate;
  }
  if (shape == nullptr) {
    shape = &cache_[next_slot_];
    next_slot_ = (next_slot_ + 1) % cache_.size();
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
  if (!shape->ok) return result;
  const Eigen::Matrix4d& inverse = shape->inverse;

  const double offset = samples[std::clamp(centre, begin, end - 1)];
  double sy[4];
  double syy = 0.0;
  switch (degree) {
    case 0:
      accumulate<0>(samples, begin, end, centre, inv_scale, offset, sy, syy);
      break;
    case 1:
      accumulate<1>(samples, begin, end, centre, inv_scale, offset, sy, syy);
      break;
    case 2:
      accumulate<2>(samples, begin, end, centre, inv_scale, offset, sy, syy);
      break;
    default:
      accumulate<3>(samples, begin, end, centre, inv_scale, offset, sy, syy);
      break;
  }
  // A non-finite sample anywhere in the window poisons the sums: that is how we detect it.
  if (!std::isfinite(syy) || !std::isfinite(offset)) return result;
  const Eigen::Map<const Eigen::Vector4d> rhs(sy);
  result.inverse_normal = inverse;
  result.coef.head(n) = inverse.topLeftCorner(n, n) * rhs.head(n);
  result.rss = std::max(0.0, syy - result.coef.head(n).dot(rhs.head(n)));
  result.coef[0] += offset;
  result.ok = true;
  return result;
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
