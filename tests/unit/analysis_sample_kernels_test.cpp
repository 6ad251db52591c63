// The vector kernels (analysis/sample_scans, analysis/moving_average) against plain scalar
// references, in both builds: the baseline and, where this CPU has it, AVX2. Inputs are random
// stretches of every length up to a few vectors at every alignment, with repeated values, ties
// for the extreme, NaN and infinities, so that every vector loop meets its scalar tail.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "analysis/fit_sums.hpp"
#include "analysis/moving_average.hpp"
#include "analysis/phasor_sums.hpp"
#include "analysis/sample_scans.hpp"

using namespace needlerig::analysis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Samples drawn from a few coarse levels (so that pairs, triples and tied extremes are common),
/// with a sprinkling of NaN and infinities where `with_bad`.
std::vector<double> random_samples(std::mt19937& rng, std::size_t n, bool with_bad) {
  std::uniform_int_distribution<int> level(-3, 3);
  std::uniform_int_distribution<int> special(0, 60);
  std::vector<double> x(n);
  for (double& v : x) {
    v = 0.25 * level(rng);
    if (!with_bad) continue;
    const int s = special(rng);
    if (s == 0) v = kNaN;
    if (s == 1) v = kInf;
    if (s == 2) v = -kInf;
  }
  return x;
}

BlockSummary reference_summary(const std::vector<double>& x, std::size_t begin, std::size_t end) {
  BlockSummary s;
  s.lo = kInf;
  s.hi = -kInf;
  for (std::size_t j = begin; j < end; ++j) {
    if (j >= 2 && x[j] == x[j - 1] && x[j - 1] == x[j - 2]) s.any_triple = true;
    if (!std::isfinite(x[j])) s.any_bad = true;
    s.lo = std::min(s.lo, x[j]);
    s.hi = std::max(s.hi, x[j]);
  }
  return s;
}

std::size_t reference_first_extreme(const std::vector<double>& x, std::size_t begin, std::size_t n,
                                    bool largest) {
  std::size_t best = 0;
  bool found = false;
  for (std::size_t k = 0; k < n; ++k) {
    const double v = x[begin + k];
    if (std::isnan(v)) continue;
    if (!found || (largest ? v > x[begin + best] : v < x[begin + best])) best = k;
    found = true;
  }
  return best;
}

template <typename Hit>
std::size_t reference_first(const std::vector<double>& x, std::size_t begin, std::size_t end,
                            Hit hit) {
  for (std::size_t j = begin; j < end; ++j) {
    if (hit(x[j])) return j;
  }
  return end;
}

const simd::Build kBuilds[] = {simd::Build::baseline, simd::Build::avx2};

}  // namespace

TEST_CASE("vector block summaries match a scalar scan in both builds", "[analysis][kernels]") {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 3000; ++trial) {
    const bool with_bad = trial % 3 == 0;
    const std::vector<double> x = random_samples(rng, 80, with_bad);
    const std::size_t begin = 1 + static_cast<std::size_t>(trial % 13);
    const std::size_t end = begin + static_cast<std::size_t>(trial % 61);
    const BlockSummary want = reference_summary(x, begin, end);
    for (const simd::Build build : kBuilds) {
      const BlockSummary got = summarize_block(x.data(), begin, end, build);
      INFO("trial " << trial << " begin " << begin << " end " << end);
      REQUIRE(got.any_triple == want.any_triple);
      REQUIRE(got.any_bad == want.any_bad);
      if (!want.any_bad && end > begin) {
        REQUIRE(got.lo == want.lo);
        REQUIRE(got.hi == want.hi);
      }
    }
  }
}

TEST_CASE("vector time-step checks match a scalar scan in both builds", "[analysis][kernels]") {
  std::mt19937 rng(12);
  std::uniform_int_distribution<int> fault(0, 40);
  const double period = 1e-5, max_step = 2.5 * period;
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<double> t(80);
    double now = 0.0;
    for (double& v : t) {
      const int f = fault(rng);
      now += f == 0 ? 3.0 * period : (f == 1 ? -period : period);
      v = f == 2 ? kNaN : (f == 3 ? now - period : now);
    }
    const std::size_t begin = 1 + static_cast<std::size_t>(trial % 13);
    const std::size_t end = begin + static_cast<std::size_t>(trial % 61);
    bool want = true;
    for (std::size_t j = begin; j < end; ++j) {
      const double step = t[j] - t[j - 1];
      if (!(step > 0.0 && step <= max_step)) want = false;
    }
    for (const simd::Build build : kBuilds) {
      INFO("trial " << trial);
      REQUIRE(steps_regular(t.data(), begin, end, max_step, build) == want);
    }
  }
}

TEST_CASE("vector first extremes find the first largest and smallest sample in both builds",
          "[analysis][kernels]") {
  std::mt19937 rng(13);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::vector<double> x = random_samples(rng, 80, trial % 2 == 0);
    const std::size_t begin = static_cast<std::size_t>(trial % 7);
    const std::size_t n = 1 + static_cast<std::size_t>(trial % 67);
    for (const simd::Build build : kBuilds) {
      INFO("trial " << trial << " n " << n);
      REQUIRE(index_of_max(x.data() + begin, n, build) ==
              reference_first_extreme(x, begin, n, true));
      REQUIRE(index_of_min(x.data() + begin, n, build) ==
              reference_first_extreme(x, begin, n, false));
    }
  }
  const std::vector<double> only_nan(9, kNaN);
  CHECK(index_of_max(only_nan.data(), only_nan.size()) == 0);
}

TEST_CASE("vector level crossings find the first sample past the level in both builds",
          "[analysis][kernels]") {
  std::mt19937 rng(14);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::vector<double> x = random_samples(rng, 80, trial % 2 == 0);
    const std::size_t begin = static_cast<std::size_t>(trial % 11);
    const std::size_t end = begin + static_cast<std::size_t>(trial % 63);
    const double level = 0.25 * (trial % 7 - 3);
    for (const simd::Build build : kBuilds) {
      INFO("trial " << trial << " level " << level);
      REQUIRE(first_above(x.data(), begin, end, level, build) ==
              reference_first(x, begin, end, [level](double v) { return v > level; }));
      REQUIRE(first_at_or_above(x.data(), begin, end, level, build) ==
              reference_first(x, begin, end, [level](double v) { return v >= level; }));
      REQUIRE(first_below(x.data(), begin, end, level, build) ==
              reference_first(x, begin, end, [level](double v) { return v < level; }));
    }
  }
}

TEST_CASE("the vector moving average is the same in both builds and equals direct sums",
          "[analysis][kernels]") {
  std::mt19937 rng(15);
  std::normal_distribution<double> noise(0.3, 0.01);
  for (int trial = 0; trial < 600; ++trial) {
    const std::size_t w = static_cast<std::size_t>(trial % 9);
    const std::size_t length = 1 + static_cast<std::size_t>(trial % 45);
    const std::size_t begin = w + static_cast<std::size_t>(trial % 5);
    std::vector<double> x(begin + length + w + 3);
    for (double& v : x) v = noise(rng);
    const bool poison = trial % 4 == 0;
    // A NaN inside the samples read (or just outside them, where it must not count).
    const std::size_t spot = trial % 8 == 0 ? begin + length + w : begin - w + (trial % 3);
    if (poison) x[spot] = kNaN;
    const bool read_poison = poison && spot <= begin + length - 1 + w;

    std::vector<double> baseline(length), avx2(length);
    const bool ok_baseline =
        centred_moving_average(x.data(), begin, length, w, baseline.data(), simd::Build::baseline);
    const bool ok_avx2 =
        centred_moving_average(x.data(), begin, length, w, avx2.data(), simd::Build::avx2);
    INFO("trial " << trial << " w " << w << " length " << length);
    REQUIRE(ok_baseline == !read_poison);
    REQUIRE(ok_avx2 == ok_baseline);
    if (!ok_baseline) continue;
    REQUIRE(std::memcmp(baseline.data(), avx2.data(), length * sizeof(double)) == 0);
    for (std::size_t k = 0; k < length; ++k) {
      double direct = 0.0;
      for (std::size_t i = begin + k - w; i <= begin + k + w; ++i) direct += x[i];
      REQUIRE(baseline[k] == Approx(direct / static_cast<double>(2 * w + 1)).epsilon(1e-12));
    }
  }
}

TEST_CASE("the vector fit sums are the same in both builds and equal direct sums",
          "[analysis][kernels]") {
  std::mt19937 rng(16);
  std::normal_distribution<double> noise(0.3, 0.01);
  std::vector<double> x(700);
  for (double& v : x) v = noise(rng);
  for (int trial = 0; trial < 900; ++trial) {
    const int degree = trial % 4;
    const std::ptrdiff_t begin = trial % 17;
    // Windows from empty through every remainder modulo 4 to several fresh derivations of u.
    const std::ptrdiff_t end = begin + (trial * 7) % 613;
    const std::ptrdiff_t centre = begin + (end - begin) / 2 + trial % 3;
    const double inv_scale = 1.0 / static_cast<double>(std::max<std::ptrdiff_t>(1, centre - begin));
    const double offset = x[static_cast<std::size_t>(centre)];
    const FitSums baseline =
        fit_sums(x.data(), begin, end, centre, inv_scale, offset, degree, simd::Build::baseline);
    const FitSums avx2 =
        fit_sums(x.data(), begin, end, centre, inv_scale, offset, degree, simd::Build::avx2);
    INFO("trial " << trial << " degree " << degree << " window " << begin << ".." << end);
    REQUIRE(std::memcmp(&baseline, &avx2, sizeof baseline) == 0);
    long double direct[4] = {0, 0, 0, 0}, direct_yy = 0;
    for (std::ptrdiff_t i = begin; i < end; ++i) {
      const long double u = static_cast<long double>(i - centre) * inv_scale;
      const long double y = static_cast<long double>(x[static_cast<std::size_t>(i)]) - offset;
      direct_yy += y * y;
      for (int k = 0; k <= degree; ++k) direct[k] += std::pow(u, k) * y;
    }
    for (int k = 0; k < 4; ++k) {
      REQUIRE(baseline.uy[k] == Approx(static_cast<double>(direct[k])).margin(1e-12));
    }
    REQUIRE(baseline.yy == Approx(static_cast<double>(direct_yy)).epsilon(1e-12));
  }
  // A non-finite sample anywhere in the window poisons the sums, in either build.
  x[333] = kNaN;
  for (const simd::Build build : kBuilds) {
    CHECK_FALSE(std::isfinite(fit_sums(x.data(), 300, 400, 350, 0.02, x[350], 3, build).yy));
  }
}

TEST_CASE("the vector phasor sums are the same in both builds and equal a direct transform",
          "[analysis][kernels]") {
  std::mt19937 rng(17);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> w(500), x(500);
  for (std::size_t k = 0; k < w.size(); ++k) {
    w[k] = 0.5 - 0.5 * std::cos(0.0126 * static_cast<double>(k));
    x[k] = noise(rng);
  }
  for (std::size_t count = 0; count <= kPhasorLanes; ++count) {
    double re0[kPhasorLanes], im0[kPhasorLanes], step_re[kPhasorLanes], step_im[kPhasorLanes];
    double omega[kPhasorLanes];
    for (std::size_t j = 0; j < count; ++j) {
      omega[j] = 0.05 + 0.31 * static_cast<double>(j);
      re0[j] = std::cos(7.0 * omega[j]);
      im0[j] = -std::sin(7.0 * omega[j]);
      step_re[j] = std::cos(omega[j]);
      step_im[j] = -std::sin(omega[j]);
    }
    double re[2][kPhasorLanes], im[2][kPhasorLanes];
    for (const simd::Build build : kBuilds) {
      const int b = build == simd::Build::baseline ? 0 : 1;
      phasor_sums(w.data(), x.data(), x.size(), count, re0, im0, step_re, step_im, re[b], im[b],
                  build);
    }
    for (std::size_t j = 0; j < count; ++j) {
      INFO("frequencies " << count << " lane " << j);
      REQUIRE(std::memcmp(&re[0][j], &re[1][j], sizeof(double)) == 0);
      REQUIRE(std::memcmp(&im[0][j], &im[1][j], sizeof(double)) == 0);
      double direct_re = 0.0, direct_im = 0.0;
      for (std::size_t k = 0; k < x.size(); ++k) {
        const double phase = omega[j] * (7.0 + static_cast<double>(k));
        direct_re += w[k] * x[k] * std::cos(phase);
        direct_im -= w[k] * x[k] * std::sin(phase);
      }
      CHECK(re[0][j] == Approx(direct_re).margin(1e-9));
      CHECK(im[0][j] == Approx(direct_im).margin(1e-9));
    }
  }
}
