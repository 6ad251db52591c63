#include "analysis/mains_interference.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <numbers>

#include "analysis/phasor_sums.hpp"
#include "analysis/robust_stats.hpp"

namespace needlerig::analysis {
namespace {

// Block means down to about this rate: the 7th harmonic of 60 Hz (420 Hz) stays well inside, and
// the spectra below cost a few thousand samples a second of capture.
constexpr double kDecimatedRateHz = 2000.0;
constexpr int kHarmonics = 7;
constexpr double kMainsCandidatesHz[] = {50.0, 60.0};
// Blocks of 1 s (half-overlapping): a mains frequency off by 0.02 Hz turns a line's phase by
// 7 degrees in a block, which the next block follows. Shorter captures are one block, down to
// kShortestBlock_s: below that a line's main lobe reaches the pen's fundamental.
constexpr double kBlock_s = 1.0;
constexpr double kShortestBlock_s = 0.25;
// 4-term Blackman-Harris window: sidelobes at -92 dB (a 2.5 mm stroke leaks 0.06 um into a line
// 60 Hz away), main lobe +/- 4 bins.
constexpr double kWindow[4] = {0.35875, 0.48829, 0.14128, 0.01168};
constexpr double kMainLobeBins = 4.0;
// How far a pen's harmonic k wanders from k times its mean rate (speed changes, drift).
constexpr double kStrokeWander = 0.02;
// A line counts when its power over the blocks tested is this many times the mean of its
// reference frequencies' (its amplitude ~7 times theirs). For one block under noise alone that
// ratio has an F(2, 2r) distribution for r references: exceeded with probability ~3e-5 for 4,
// ~1.5e-3 for 2 (then the fundamental is still required).
constexpr double kDetectionPowerRatio = 50.0;
// Blocks tested for a line: the first and about every (count / kTestBlocks)-th after it.
constexpr std::size_t kTestBlocks = 2;
// A block whose line is this many times the median block's is not pickup there (a pen harmonic
// sweeping through it as the speed changes): that block is left as recorded.
constexpr double kBlockAmplitudeSpread = 3.0;
// Pen harmonics above half the decimated rate fold onto the lines through the block means'
// gain; those that keep more than this of their amplitude are kept clear of like the others
// (the gain's sidelobes fall below it beyond the first few multiples of the decimated rate).
constexpr double kAliasGain = 0.1;
constexpr std::size_t kMaxFrequencies = 5;  // a line and its 4 references
static_assert(kMaxFrequencies <= kPhasorLanes);

/// Block means of x down to about kDecimatedRateHz, taken only where a spectrum asks for them:
/// detection reads a few blocks of a long capture, and only a line found needs them all.
class Decimation {
 public:
  Decimation(const double* x, std::size_t n, double fs)
      : x_(x),
        factor_(
            std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(fs / kDecimatedRateHz)))),
        rate_hz_(fs / static_cast<double>(factor_)),
        values_(n / factor_),
        done_((values_.size() + kChunk - 1) / kChunk, 0) {}
  std::size_t size() const { return values_.size(); }
  std::size_t factor() const { return factor_; }
  double rate_hz() const { return rate_hz_; }
  /// The block means [start, start + length), computed where not yet.
  const double* span(std::size_t start, std::size_t length) {
    for (std::size_t c = start / kChunk; c * kChunk < start + length; ++c) {
      if (done_[c]) continue;
      const std::size_t end = std::min(values_.size(), (c + 1) * kChunk);
      for (std::size_t j = c * kChunk; j < end; ++j) values_[j] = block_mean(j);
      done_[c] = 1;
    }
    return values_.data() + start;
  }

 private:
  static constexpr std::size_t kChunk = 256;
  double block_mean(std::size_t j) const {
    // Four running sums: one would wait on each addition before the next.
    double sum[4] = {0.0, 0.0, 0.0, 0.0};
    const double* block = x_ + j * factor_;
    std::size_t i = 0;
    for (; i + 4 <= factor_; i += 4) {
      sum[0] += block[i], sum[1] += block[i + 1], sum[2] += block[i + 2], sum[3] += block[i + 3];
    }
    for (; i < factor_; ++i) sum[0] += block[i];
    return (sum[0] + sum[1] + sum[2] + sum[3]) / static_cast<double>(factor_);
  }
  const double* x_;
  std::size_t factor_;
  double rate_hz_;
  std::vector<double> values_;
  std::vector<std::uint8_t> done_;
};

// The block mean's gain at f: sin(pi f M / fs) / (M sin(pi f / fs)); block means are taken at
// their centres, so it has no phase.
double block_mean_gain(double f_hz, std::size_t factor, double fs) {
  const double m = static_cast<double>(factor);
  const double x = std::numbers::pi * f_hz / fs;
  return factor == 1 ? 1.0 : std::sin(m * x) / (m * std::sin(x));
}

class Spectrum {
 public:
  Spectrum(Decimation& d, std::size_t block, std::size_t hop)
      : d_(d), block_(block), hop_(hop), window_(block) {
    const double last = static_cast<double>(block - 1);
    for (std::size_t k = 0; k < block; ++k) {
      const double phase = 2.0 * std::numbers::pi * static_cast<double>(k) / last;
      window_[k] = kWindow[0] - kWindow[1] * std::cos(phase) + kWindow[2] * std::cos(2.0 * phase) -
                   kWindow[3] * std::cos(3.0 * phase);
      window_sum_ += window_[k];
    }
    block_count_ = d.size() <= block ? 1 : 1 + (d.size() - block + hop - 1) / hop;
  }
  std::size_t block_count() const { return block_count_; }
  std::size_t block_start(std::size_t b) const { return std::min(b * hop_, d_.size() - block_); }
  /// sum_k w_k d_k exp(-i 2 pi f t_k) / sum_k w_k over block b, t_k in decimated samples from
  /// the capture's start (each block mean at its centre).
  std::complex<double> at(double f_hz, std::size_t b) {
    double re = 0.0, im = 0.0;
    transforms(b, &f_hz, 1, &re, &im);
    return {re, im};
  }
  /// The power at each of `count` (<= kMaxFrequencies) frequencies, summed over the blocks
  /// tested (kTestBlocks): enough to tell a line from the spectrum around it, at a fixed cost
  /// however long the capture.
  void powers(const double* f_hz, std::size_t count, double* power) {
    const std::size_t step = std::max<std::size_t>(1, block_count_ / kTestBlocks);
    std::array<double, kMaxFrequencies> re{}, im{};
    for (std::size_t j = 0; j < count; ++j) power[j] = 0.0;
    for (std::size_t b = 0; b < block_count_; b += step) {
      transforms(b, f_hz, count, re.data(), im.data());
      for (std::size_t j = 0; j < count; ++j) power[j] += re[j] * re[j] + im[j] * im[j];
    }
  }

 private:
  /// at() for `count` (<= kMaxFrequencies) frequencies, in one pass over the block (phasor_sums:
  /// the rotations of several frequencies run side by side in vectors; one alone waits on each
  /// step).
  void transforms(std::size_t b, const double* f_hz, std::size_t count, double* re, double* im) {
    const auto start = static_cast<double>(block_start(b));
    std::array<double, kMaxFrequencies> re0{}, im0{}, step_re{}, step_im{};
    for (std::size_t j = 0; j < count; ++j) {
      const double omega = 2.0 * std::numbers::pi * f_hz[j] / d_.rate_hz();
      re0[j] = std::cos(omega * start);
      im0[j] = -std::sin(omega * start);
      step_re[j] = std::cos(omega);
      step_im[j] = -std::sin(omega);
    }
    phasor_sums(window_.data(), d_.span(block_start(b), block_), block_, count, re0.data(),
                im0.data(), step_re.data(), step_im.data(), re, im);
    for (std::size_t j = 0; j < count; ++j) {
      re[j] /= window_sum_;
      im[j] /= window_sum_;
    }
  }

  Decimation& d_;
  std::size_t block_, hop_;
  std::vector<double> window_;
  double window_sum_ = 0.0;
  std::size_t block_count_ = 0;
};

// Whether a pen harmonic lies within reach of `target_hz`, the harmonic wandering by `wander`
// of its frequency with the pen's speed.
bool harmonic_near(double target_hz, double stroke_hz, double reach_hz, double wander) {
  const double k = std::max(1.0, std::round(target_hz / stroke_hz));
  for (double h = std::max(1.0, k - 1.0); h <= k + 1.0; h += 1.0) {
    if (std::abs(target_hz - h * stroke_hz) < reach_hz + wander * h * stroke_hz) return true;
  }
  return false;
}

// Whether the pen's own comb reaches f in the block means: a harmonic at f itself, or one above
// half their rate that folds onto f with more than kAliasGain of its amplitude. Only a steady
// folded harmonic can pose as a line: one that wanders spreads its power over the references too.
bool near_pen_comb(double f_hz, double stroke_hz, double reach_hz, std::size_t factor, double fs) {
  if (harmonic_near(f_hz, stroke_hz, reach_hz, kStrokeWander)) return true;
  const double rate_hz = fs / static_cast<double>(factor);
  for (double k = 1.0; k * rate_hz - f_hz <= 0.5 * fs; k += 1.0) {
    for (const double folded_from : {k * rate_hz - f_hz, k * rate_hz + f_hz}) {
      if (folded_from > 0.5 * fs || folded_from <= 0.0) continue;
      if (std::abs(block_mean_gain(folded_from, factor, fs)) > kAliasGain &&
          harmonic_near(folded_from, stroke_hz, reach_hz, 0.0)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

MainsInterference find_mains_interference(const double* x, std::size_t n, double fs,
                                          double stroke_hz) {
  MainsInterference none;
  if (!(stroke_hz > 0.0) || !(fs > 0.0)) return none;
  Decimation d(x, n, fs);
  const auto wanted = static_cast<std::size_t>(std::lround(kBlock_s * d.rate_hz()));
  const std::size_t block = std::min(wanted, d.size());
  const double block_s = static_cast<double>(block) / d.rate_hz();
  if (block_s < kShortestBlock_s) return none;
  const std::size_t hop = std::max<std::size_t>(1, block / 2);
  Spectrum spectrum(d, block, hop);
  const double bin_hz = 1.0 / block_s;
  const double lobe_hz = (kMainLobeBins + 1.0) * bin_hz;

  MainsInterference best;
  double best_power = 0.0;
  for (const double mains : kMainsCandidatesHz) {
    MainsInterference found;
    double found_power = 0.0;
    bool fundamental_tested = false;
    for (int h = 1; h <= kHarmonics; ++h) {
      const double f = h * mains;
      if (f > 0.4 * d.rate_hz() || near_pen_comb(f, stroke_hz, lobe_hz, d.factor(), fs)) continue;
      // References just outside the line's main lobe, clear of the pen and of the other lines.
      std::array<double, kMaxFrequencies> frequencies{f};
      std::size_t count = 1;
      for (const double offset : {-2.0, -1.0, 1.0, 2.0}) {
        const double r = f + offset * (kMainLobeBins + 2.0) * bin_hz;
        const double nearest_line = std::max(1.0, std::round(r / mains)) * mains;
        if (r < lobe_hz || near_pen_comb(r, stroke_hz, lobe_hz, d.factor(), fs) ||
            std::abs(r - nearest_line) < lobe_hz) {
          continue;
        }
        frequencies[count++] = r;
      }
      const std::size_t references = count - 1;
      if (references < 2) continue;
      if (h == 1) fundamental_tested = true;
      std::array<double, kMaxFrequencies> power{};
      spectrum.powers(frequencies.data(), count, power.data());
      double reference_power = 0.0;
      for (std::size_t j = 1; j < count; ++j) reference_power += power[j];
      const double line_power = power[0];
      if (!(line_power >
            kDetectionPowerRatio * reference_power / static_cast<double>(references))) {
        continue;
      }
      const double gain = block_mean_gain(f, d.factor(), fs);
      double amplitude_ss = 0.0;
      std::vector<std::complex<double>> per_block;
      for (std::size_t b = 0; b < spectrum.block_count(); ++b) {
        // a cos + b sin has the windowed transform (a - i b) / 2 at f.
        per_block.push_back(spectrum.at(f, b) * (2.0 / gain));
        amplitude_ss += std::norm(per_block.back());
      }
      // A block with a sample that is not a number has none: nothing is taken out then.
      if (!std::isfinite(amplitude_ss)) return none;
      std::vector<double> magnitudes;
      for (const auto& z : per_block) magnitudes.push_back(std::abs(z));
      const double typical = median_in_place(magnitudes);
      for (auto& z : per_block) {
        if (std::abs(z) > kBlockAmplitudeSpread * typical) z = 0.0;
      }
      for (const auto& z : per_block) {
        found.cos_amplitude.push_back(z.real());
        found.sin_amplitude.push_back(-z.imag());
      }
      found.lines.push_back(
          {h, std::sqrt(amplitude_ss / static_cast<double>(spectrum.block_count()))});
      found_power += line_power;
    }
    // Pickup always has its fundamental; a lone harmonic may be a sideband of the pen's own
    // comb (a periodic speed change). Where the fundamental falls on the pen's comb, two lines.
    const bool pickup = fundamental_tested
                            ? !found.lines.empty() && found.lines.front().harmonic == 1
                            : found.lines.size() >= 2;
    if (pickup && found_power > best_power) {
      found.mains_hz = mains;
      best = std::move(found);
      best_power = found_power;
    }
  }
  if (best.lines.empty()) return best;
  // The spectra's time counts decimated samples from the first block mean, which is centred
  // (M - 1) / 2 samples into the capture.
  const double factor = static_cast<double>(d.factor());
  best.time_offset_samples = 0.5 * (factor - 1.0);
  for (std::size_t b = 0; b < spectrum.block_count(); ++b) {
    const double centre =
        static_cast<double>(spectrum.block_start(b)) + 0.5 * static_cast<double>(block - 1);
    best.block_centres.push_back(centre * factor + best.time_offset_samples);
  }
  return best;
}

std::vector<double> without_interference(const double* x, std::size_t n, double fs,
                                         const MainsInterference& interference) {
  std::vector<double> out(x, x + n);
  const std::vector<double>& centres = interference.block_centres;
  const std::size_t blocks = centres.size();
  if (interference.lines.empty() || blocks == 0) return out;
  // Each block's coefficients hold at its centre; between centres they are interpolated
  // linearly (a crossfade), before the first and after the last they are held.
  constexpr std::size_t kExactEvery =
      4096;  // the phasor is recomputed, not accumulated, this often
  for (std::size_t l = 0; l < interference.lines.size(); ++l) {
    const double* a = interference.cos_amplitude.data() + l * blocks;
    const double* b = interference.sin_amplitude.data() + l * blocks;
    const double omega =
        2.0 * std::numbers::pi * interference.mains_hz * interference.lines[l].harmonic / fs;
    const std::complex<double> step = std::polar(1.0, omega);
    std::complex<double> phasor;
    std::size_t next = 0;  // the first block whose centre lies after the sample
    for (std::size_t i = 0; i < n; ++i) {
      if (i % kExactEvery == 0) {
        phasor =
            std::polar(1.0, omega * (static_cast<double>(i) - interference.time_offset_samples));
      }
      const auto t = static_cast<double>(i);
      while (next < blocks && centres[next] <= t) ++next;
      double ca, cb;
      if (next == 0) {
        ca = a[0], cb = b[0];
      } else if (next == blocks) {
        ca = a[blocks - 1], cb = b[blocks - 1];
      } else {
        const double w = (t - centres[next - 1]) / (centres[next] - centres[next - 1]);
        ca = a[next - 1] + w * (a[next] - a[next - 1]);
        cb = b[next - 1] + w * (b[next] - b[next - 1]);
      }
      out[i] -= ca * phasor.real() + cb * phasor.imag();
      phasor *= step;
    }
  }
  return out;
}

std::string describe(const MainsInterference& interference, const char* unit) {
  char text[64];
  std::snprintf(text, sizeof text, "%g Hz pickup taken out:", interference.mains_hz);
  std::string out = text;
  for (std::size_t l = 0; l < interference.lines.size(); ++l) {
    std::snprintf(text, sizeof text, "%s x%d %.3g %s", l == 0 ? "" : ",",
                  interference.lines[l].harmonic, interference.lines[l].amplitude, unit);
    out += text;
  }
  return out + " (amplitude)";
}

double rough_stroke_frequency_hz(const double* protrusion, std::size_t n, double fs) {
  if (n < 16 || !(fs > 0.0)) return 0.0;
  const std::size_t stride =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(fs / kDecimatedRateHz)));
  std::vector<double> probe;
  const std::size_t probes = std::min<std::size_t>(n, 4096);
  probe.reserve(probes);
  for (std::size_t k = 0; k < probes; ++k) {
    const double v = protrusion[probes == n ? k : golden_probe(k, n)];
    if (std::isfinite(v)) probe.push_back(v);
  }
  if (probe.size() < 16) return 0.0;
  const double low = quantile_in_place(probe, 0.05), high = quantile_in_place(probe, 0.95);
  if (!(high > low)) return 0.0;
  const double mid = 0.5 * (low + high), hysteresis = 0.2 * (high - low);
  // The spacings of rising crossings, in strides: a stall or a dropout only adds one long one.
  bool armed = false;
  std::size_t previous = 0;
  bool seen = false;
  std::vector<double> spacings;
  for (std::size_t i = 0; i < n; i += stride) {
    const double v = protrusion[i];
    if (!std::isfinite(v)) continue;
    if (v < mid - hysteresis) {
      armed = true;
    } else if (armed && v > mid + hysteresis) {
      armed = false;
      if (seen) spacings.push_back(static_cast<double>(i - previous));
      previous = i;
      seen = true;
    }
  }
  if (spacings.size() < 2) return 0.0;
  // The spacings are whole strides; their mean near the median is much finer than one.
  const double median = median_in_place(spacings);
  double sum = 0.0;
  std::size_t count = 0;
  for (const double s : spacings) {
    if (std::abs(s - median) <= 0.25 * median) sum += s, ++count;
  }
  return count > 0 ? fs * static_cast<double>(count) / sum : 0.0;
}

}  // namespace needlerig::analysis
