#include "rig/sim/truth/truth_strokes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace needlerig::rig::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Dense protrusion scan: fine enough to bracket every crossing and extremum of a stroke of a few
// milliseconds; the brackets are then refined on the analytic signal to ~1e-13 s.
constexpr double kScanStepS = 2e-6;

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}

double percentile(std::vector<double> v, double fraction) {
  const auto k = static_cast<std::size_t>(fraction * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

struct Extreme {
  double time_s;
  double value;
};

/// Protrusion on a uniform scan grid over [0, end_s] (both ends included), with the analytic
/// signal at hand for refinements.
class ProtrusionScan {
 public:
  ProtrusionScan(const PenMotion& motion, double end_s) : motion_(motion) {
    const auto intervals = static_cast<std::size_t>(std::max(1.0, std::ceil(end_s / kScanStepS)));
    step_s_ = end_s / static_cast<double>(intervals);
    values_.resize(intervals + 1);
    std::size_t hint = 0;
    for (std::size_t j = 0; j <= intervals; ++j)
      values_[j] = motion_.protrusion_mm(time_s(j), hint);
  }

  double time_s(std::size_t j) const { return static_cast<double>(j) * step_s_; }
  std::size_t size() const { return values_.size(); }
  double value(std::size_t j) const { return values_[j]; }
  const std::vector<double>& values() const { return values_; }
  double at(double t_s) const { return motion_.protrusion_mm(t_s); }

  /// Rising crossings of `mid` after the signal was below mid - hysteresis, by bisection.
  std::vector<double> rising_crossings(double mid, double hysteresis) const {
    std::vector<double> out;
    bool armed = false;
    for (std::size_t j = 0; j < values_.size(); ++j) {
      if (values_[j] < mid - hysteresis) {
        armed = true;
      } else if (armed && values_[j] >= mid && j > 0) {
        double lo = time_s(j - 1);
        double hi = time_s(j);
        for (int i = 0; i < 80 && hi - lo > 1e-13; ++i) {
          const double t = 0.5 * (lo + hi);
          (at(t) < mid ? lo : hi) = t;
        }
        out.push_back(0.5 * (lo + hi));
        armed = false;
      }
    }
    return out;
  }

  /// Extremum (sign +1: maximum, -1: minimum) over [a_s, b_s]: dense scan, then golden-section
  /// search in the bracket around the best scan point.
  Extreme extreme(double a_s, double b_s, double sign) const {
    auto first = static_cast<std::size_t>(std::ceil(a_s / step_s_));
    auto last = std::min(values_.size() - 1, static_cast<std::size_t>(std::floor(b_s / step_s_)));
    Extreme best{a_s, sign * at(a_s)};
    const double end_value = sign * at(b_s);
    if (end_value > best.value) best = {b_s, end_value};
    for (std::size_t j = first; j <= last && j < values_.size(); ++j) {
      if (sign * values_[j] > best.value) best = {time_s(j), sign * values_[j]};
    }
    double lo = std::max(a_s, best.time_s - step_s_);
    double hi = std::min(b_s, best.time_s + step_s_);
    constexpr double kGolden = 0.6180339887498949;
    double x1 = hi - kGolden * (hi - lo);
    double x2 = lo + kGolden * (hi - lo);
    double f1 = sign * at(x1);
    double f2 = sign * at(x2);
    for (int i = 0; i < 100 && hi - lo > 1e-13; ++i) {
      if (f1 > f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - kGolden * (hi - lo);
        f1 = sign * at(x1);
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + kGolden * (hi - lo);
        f2 = sign * at(x2);
      }
    }
    const double t = 0.5 * (lo + hi);
    const double v = sign * at(t);
    if (v > best.value) best = {t, v};
    return {best.time_s, sign * best.value};
  }

 private:
  const PenMotion& motion_;
  double step_s_ = 0.0;
  std::vector<double> values_;
};

struct Window {
  double reference_s;
  Extreme start;
  Extreme end;
};

/// Stroke windows of the reference instants: from the minimum before t_n to the minimum after it.
/// The first and last are kept only where their outer minimum is a real one: below m - h (as every
/// minimum between two reference instants is) and followed (last) or preceded (first) within the
/// capture by a rise of at least the hysteresis; otherwise the capture edge cut the stroke.
std::vector<Window> stroke_windows(const ProtrusionScan& scan, const std::vector<double>& instants,
                                   double mid, double hysteresis, double end_s) {
  std::vector<Window> out;
  if (instants.empty()) return out;
  std::vector<Extreme> minima;  // minima[k] lies between edge k and edge k + 1
  minima.reserve(instants.size() + 1);
  for (std::size_t k = 0; k <= instants.size(); ++k) {
    const double a = k == 0 ? 0.0 : instants[k - 1];
    const double b = k == instants.size() ? end_s : instants[k];
    minima.push_back(scan.extreme(a, b, -1.0));
  }
  const auto real_minimum = [&](const Extreme& m, double a_s, double b_s) {
    return m.value < mid - hysteresis && scan.extreme(a_s, b_s, 1.0).value >= m.value + hysteresis;
  };
  const bool first_complete = real_minimum(minima.front(), 0.0, minima.front().time_s);
  const bool last_complete = real_minimum(minima.back(), minima.back().time_s, end_s);
  for (std::size_t n = 0; n < instants.size(); ++n) {
    if (n == 0 && !first_complete) continue;
    if (n + 1 == instants.size() && !last_complete) continue;
    out.push_back({instants[n], minima[n], minima[n + 1]});
  }
  return out;
}

/// Force truths of one stroke on the fine grid of the load-cell output.
void force_truths(const FineGrid& force, const ProtrusionScan& scan, double base_force_n,
                  StrokeTruth& s) {
  const std::vector<double>& f = force.values;
  const std::size_t i_start = force.first_at_or_after(s.window_start_s);
  const std::size_t i_end = force.last_at_or_before(s.window_end_s);
  const std::size_t i_max = force.last_at_or_before(s.max_time_s);
  s.peak_force_n = kNaN;
  s.contact_protrusion_mm = kNaN;
  s.punctured = false;
  s.puncture_protrusion_mm = kNaN;
  if (i_start >= f.size() || i_end <= i_start) return;

  // Peak: the largest grid value, refined by a parabola through its neighbours.
  std::size_t i_peak = i_start;
  for (std::size_t i = i_start; i <= i_end; ++i) {
    if (f[i] > f[i_peak]) i_peak = i;
  }
  double peak = f[i_peak];
  if (i_peak > i_start && i_peak < i_end) {
    const double a = f[i_peak - 1], b = f[i_peak], c = f[i_peak + 1];
    const double curvature = a - 2.0 * b + c;
    if (curvature < 0.0) peak = b - 0.125 * (a - c) * (a - c) / curvature;
  }
  s.peak_force_n = peak - base_force_n;

  // First touch: force - F_base,n first exceeds the threshold in the extension phase.
  for (std::size_t i = i_start; i <= i_max && i < f.size(); ++i) {
    if (f[i] - base_force_n > kTruthContactThresholdN) {
      double t = force.time_s(i);
      if (i > i_start) {
        const double before = f[i - 1] - base_force_n;
        const double frac = (kTruthContactThresholdN - before) / (f[i] - f[i - 1]);
        t = force.time_s(i - 1) + frac / force.rate_hz;
      }
      s.contact_protrusion_mm = scan.at(t);
      break;
    }
  }

  // Puncture: the first local maximum of the extension phase that is followed, before P_max,
  // by a drop of at least 20 % of (maximum - F_base,n) without first rising above it.
  // Maxima at or below the contact threshold are the preload's ringing tails, not a puncture.
  for (std::size_t i = i_start + 1; i + 1 <= i_max; ++i) {
    if (!(f[i] > f[i - 1] && f[i] >= f[i + 1])) continue;
    const double rise = f[i] - base_force_n;
    if (rise <= kTruthContactThresholdN) continue;
    const double drop_to = f[i] - kTruthPunctureDropFraction * rise;
    std::size_t j = i + 1;
    while (j <= i_max && f[j] > drop_to && f[j] <= f[i]) ++j;
    if (j <= i_max && f[j] <= drop_to) {
      const double a = f[i - 1], b = f[i], c = f[i + 1];
      const double curvature = a - 2.0 * b + c;
      const double offset = curvature < 0.0 ? 0.5 * (a - c) / curvature : 0.0;
      s.punctured = true;
      s.puncture_protrusion_mm = scan.at(force.time_s(i) + offset / force.rate_hz);
      return;
    }
    i = j - 1;  // the force rose above this maximum: look for the next one from there
  }
}

}  // namespace

StrokeTruthSet find_truth_strokes(const PenMotion& motion, const FineGrid* force, double end_s) {
  StrokeTruthSet out;
  const ProtrusionScan scan(motion, end_s);

  // Bootstrap the levels from percentiles, then iterate: levels are the medians of the extremes of
  // the complete windows, which depend on the reference instants, which depend on the levels.
  double hi = percentile(scan.values(), 0.95);
  double lo = percentile(scan.values(), 0.05);
  std::vector<double> instants;
  std::vector<Window> windows;
  for (int iteration = 0; iteration < 5; ++iteration) {
    const double mid = 0.5 * (hi + lo);
    const double hysteresis = kTruthHysteresisFraction * (hi - lo);
    out.levels = {hi, lo, mid, hysteresis};
    instants = scan.rising_crossings(mid, hysteresis);
    windows = stroke_windows(scan, instants, mid, hysteresis, end_s);
    if (windows.empty()) break;
    std::vector<double> maxima, minima;
    for (const Window& w : windows) {
      maxima.push_back(scan.extreme(w.start.time_s, w.end.time_s, 1.0).value);
      minima.push_back(w.end.value);
    }
    const double next_hi = median(maxima);
    const double next_lo = median(minima);
    if (next_hi == hi && next_lo == lo) break;
    hi = next_hi;
    lo = next_lo;
  }
  out.reference_instants_s = instants;

  // Force quantities against each stroke's own baseline F_base,n (measurement contract v2): the
  // median force while the needles are inside the cartridge (protrusion < 0) in the extension
  // phase. contact_force is the median of the baselines.
  out.contact_force_n = kNaN;
  std::vector<double> bases;
  std::size_t j = 0;  // scan points, walked forward with the windows
  for (const Window& w : windows) {
    StrokeTruth s;
    s.reference_instant_s = w.reference_s;
    s.window_start_s = w.start.time_s;
    s.window_end_s = w.end.time_s;
    const Extreme top = scan.extreme(w.start.time_s, w.end.time_s, 1.0);
    s.max_time_s = top.time_s;
    s.protrusion_max_mm = top.value;
    s.protrusion_min_mm = w.end.value;
    s.peak_force_n = kNaN;
    s.contact_protrusion_mm = kNaN;
    s.puncture_protrusion_mm = kNaN;
    if (force != nullptr) {
      while (j < scan.size() && scan.time_s(j) < w.start.time_s) ++j;
      std::vector<double> retracted;
      for (std::size_t k = j; k < scan.size() && scan.time_s(k) <= top.time_s; ++k) {
        if (scan.value(k) < 0.0) retracted.push_back(force->value_at(scan.time_s(k)));
      }
      if (!retracted.empty()) {
        const double base = median(std::move(retracted));
        bases.push_back(base);
        force_truths(*force, scan, base, s);
      }
    }
    out.strokes.push_back(s);
  }
  if (!bases.empty()) out.contact_force_n = median(std::move(bases));
  return out;
}

}  // namespace needlerig::rig::sim
