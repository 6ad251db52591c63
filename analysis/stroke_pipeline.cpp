#include "analysis/stroke_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/force_metrics.hpp"
#include "analysis/levels.hpp"
#include "analysis/local_fit.hpp"
#include "analysis/reference_instants.hpp"
#include "analysis/robust_stats.hpp"
#include "analysis/stroke_detector.hpp"
#include "analysis/stroke_extrema.hpp"
#include "analysis/timing.hpp"

namespace needlerig::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Median spacing of rises within one segment, in samples (NaN without two rises in a segment).
double median_rise_spacing(const std::vector<RawStroke>& strokes) {
  std::vector<double> spacing;
  spacing.reserve(strokes.size());
  for (std::size_t k = 1; k < strokes.size(); ++k) {
    if (strokes[k].segment == strokes[k - 1].segment) {
      spacing.push_back(static_cast<double>(strokes[k].rise_index - strokes[k - 1].rise_index));
    }
  }
  return median_in_place(spacing);
}

std::ptrdiff_t samples_of(double seconds, double sample_rate_hz) {
  return static_cast<std::ptrdiff_t>(std::lround(seconds * sample_rate_hz));
}

// Why a stroke's window is cut, or "" when it is cut by the capture's own start or end (those
// strokes are left out of the window statistics without being rejected, per the spec).
std::string cut_reason(const RawStroke& stroke, const std::vector<Segment>& segments) {
  if (!stroke.has_min_before) {
    return std::string(rejection_reason(segments[stroke.segment].start_kind));
  }
  if (stroke.segment + 1 < segments.size()) {
    return std::string(rejection_reason(segments[stroke.segment + 1].start_kind));
  }
  return "capture_edge";
}

}  // namespace

StrokeAnalysis analyze_strokes(const StrokeInput& in) {
  StrokeAnalysis out;
  out.median_period_s = kNaN;
  const double* p = in.protrusion;
  const auto& segments = *in.segments;
  const double fs = in.sample_rate_hz;
  const double hyst = in.thresholds.hysteresis_fraction;
  LocalFitter fitter;

  // 1. Levels: bootstrap, detect, refine the levels on the detected strokes, detect again.
  const auto first_levels = bootstrap_levels(p, in.sample_count, hyst);
  if (!first_levels) {
    out.no_strokes_reason = "protrusion has no spread";
    return out;
  }
  const std::vector<RawStroke> first =
      detect_strokes(p, segments, first_levels->mid_mm, first_levels->hysteresis_mm);
  const double period_samples = median_rise_spacing(first);
  if (!(period_samples >= kMinPeriodSamples)) {
    out.no_strokes_reason = "no periodic strokes";
    out.levels = *first_levels;
    return out;
  }
  // Crossing fits over +/-6 % of the period (about +/-0.38 rad of a sinusoidal stroke): long
  // enough to average the sensor noise over dozens of samples at 25 kHz, short enough that a
  // cubic follows the edge (its error at the window centre is from the 5th-order term only).
  // Extreme fits over +/-8 % (+/-0.5 rad): a quadratic's bias there is ~0.0036 theta^4 of the
  // amplitude, under 0.3 um for a 2.5 mm stroke.
  const auto crossing_half = std::max<std::ptrdiff_t>(
      2, static_cast<std::ptrdiff_t>(std::lround(kCrossingWindowFraction * period_samples)));
  const auto peak_half = std::max<std::ptrdiff_t>(
      2, static_cast<std::ptrdiff_t>(std::lround(kPeakWindowFraction * period_samples)));
  const auto levels = stroke_levels(fitter, p, segments, first, peak_half, hyst);
  out.levels = levels ? *levels : *first_levels;
  const std::vector<RawStroke> raw =
      detect_strokes(p, segments, out.levels.mid_mm, out.levels.hysteresis_mm);

  // 2. Reference instants.
  const std::size_t count = raw.size();
  std::vector<std::size_t> instant_of(count, std::numeric_limits<std::size_t>::max());
  std::vector<std::string> reason(count);
  double rss = 0.0, variance_per_noise = 0.0;
  std::size_t dof = 0;
  out.instants_s.reserve(count);
  out.instant_index.reserve(count);
  std::vector<std::size_t> raw_of_instant;
  raw_of_instant.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const Segment& segment = segments[raw[k].segment];
    const RefinedCrossing crossing =
        refine_crossing(fitter, p, segment, raw[k].rise_index, out.levels.mid_mm, crossing_half);
    if (!crossing.ok) {
      const std::size_t a =
          raw[k].rise_index > segment.begin + static_cast<std::size_t>(crossing_half)
              ? raw[k].rise_index - static_cast<std::size_t>(crossing_half)
              : segment.begin;
      reason[k] = in.protrusion_scan->non_finite.overlaps(
                      a, raw[k].rise_index + 1 + static_cast<std::size_t>(crossing_half))
                      ? "non_finite"
                      : "crossing_unresolved";
      continue;
    }
    instant_of[k] = out.instants_s.size();
    out.instants_s.push_back(segment.time_at(crossing.index, fs));
    out.instant_index.push_back(raw[k].rise_index);
    raw_of_instant.push_back(k);
    rss += crossing.rss;
    dof += crossing.degrees_of_freedom;
    variance_per_noise += crossing.variance_per_noise;
  }
  const std::size_t instants = out.instants_s.size();
  if (instants > 0 && dof > 0) {
    const double noise_variance = rss / static_cast<double>(dof);
    out.instant_variance_s2 =
        noise_variance * (variance_per_noise / static_cast<double>(instants)) / (fs * fs);
  }

  // 3. Periods link consecutive detected strokes of one segment; stalls unlink them.
  out.linked.assign(instants > 0 ? instants - 1 : 0, 0);
  for (std::size_t j = 0; j + 1 < instants; ++j) {
    const RawStroke& a = raw[raw_of_instant[j]];
    const RawStroke& b = raw[raw_of_instant[j + 1]];
    out.linked[j] = raw_of_instant[j + 1] == raw_of_instant[j] + 1 && a.segment == b.segment;
  }
  out.median_period_s = median_linked_period(out.instants_s, out.linked);
  out.stalls = mark_stalls(out.instants_s, out.instant_index, out.linked, out.median_period_s,
                           in.thresholds.stall_periods);
  for (const Event& stall : out.stalls) {
    // The strokes on both sides of the gap have windows that reach into it.
    for (std::size_t j = 0; j + 1 < instants; ++j) {
      if (out.instant_index[j] == stall.index) {
        for (std::size_t side : {raw_of_instant[j], raw_of_instant[j + 1]}) {
          if (reason[side].empty()) reason[side] = "stall";
        }
      }
    }
  }

  // 4. Stroke windows: extremes and force.
  ForceWindowSettings force_settings;
  const bool with_force = in.force != nullptr && in.contact_force_n.has_value();
  if (with_force) {
    force_settings.smooth_half_width =
        std::max<std::ptrdiff_t>(0, samples_of(kForceSmoothHalfWidth_s, fs));
    force_settings.peak_half_width =
        std::max<std::ptrdiff_t>(1, samples_of(kForcePeakHalfWidth_s, fs));
    force_settings.contact_force_n = *in.contact_force_n;
    force_settings.contact_threshold_n = in.thresholds.contact_threshold_n;
    force_settings.puncture_drop_fraction = in.thresholds.puncture_drop_fraction;
    force_settings.smoothed_noise_rms_n =
        in.force_noise_rms_n /
        std::sqrt(static_cast<double>(2 * force_settings.smooth_half_width + 1));
  }
  StrokeForceAnalyzer force_analyzer;
  out.strokes.reserve(instants);
  for (std::size_t k = 0; k < count; ++k) {
    const RawStroke& s = raw[k];
    if (reason[k].empty() && !s.window_complete()) {
      reason[k] = cut_reason(s, segments);
      if (reason[k] == "capture_edge") continue;  // not a rejection: the capture just ends
    }
    if (reason[k].empty()) {
      const bool bad_force = in.force_scan != nullptr &&
                             in.force_scan->non_finite.overlaps(s.min_before, s.min_after + 1);
      if (bad_force || in.protrusion_scan->non_finite.overlaps(s.min_before, s.min_after + 1)) {
        reason[k] = "non_finite";
      }
    }
    if (reason[k].empty()) {
      const bool bad_force = in.force_scan != nullptr &&
                             in.force_scan->saturated.overlaps(s.min_before, s.min_after + 1);
      if (bad_force || in.protrusion_scan->saturated.overlaps(s.min_before, s.min_after + 1)) {
        reason[k] = "saturation";
      }
    }
    if (!reason[k].empty()) {
      ++out.rejected[reason[k]];
      continue;
    }
    const Segment& segment = segments[s.segment];
    const Extremum high =
        refine_extremum(fitter, p, segment.begin, segment.end, s.max_index, peak_half, true);
    const Extremum low =
        refine_extremum(fitter, p, segment.begin, segment.end, s.min_after, peak_half, false);
    if (!high.ok || !low.ok) {
      ++out.rejected["non_finite"];
      continue;
    }
    StrokeDetail detail{};
    detail.reference_time_s = out.instants_s[instant_of[k]];
    detail.window_begin = s.min_before;
    detail.window_end = s.min_after;
    detail.max_index = static_cast<std::size_t>(std::lround(high.index));
    detail.protrusion_max_mm = high.value;
    detail.protrusion_min_mm = low.value;
    if (with_force) {
      const StrokeForce force =
          force_analyzer.analyze(fitter, in.force, segment.begin, segment.end, s.min_before,
                                 s.min_after, high.index, force_settings);
      if (!force.ok) {
        ++out.rejected["non_finite"];
        continue;
      }
      detail.peak_force_n = force.peak_force_n;
      const std::ptrdiff_t local_half = std::max<std::ptrdiff_t>(2, crossing_half / 2);
      if (force.contact_index) {
        const Extremum at =
            value_near(fitter, p, segment.begin, segment.end, *force.contact_index, local_half);
        if (at.ok) detail.insertion_travel_mm = high.value - at.value;
      }
      detail.punctured = force.punctured;
      detail.penetration_depth_mm = 0.0;
      if (force.punctured) {
        const Extremum at =
            value_near(fitter, p, segment.begin, segment.end, force.puncture_index, local_half);
        if (at.ok) detail.penetration_depth_mm = high.value - at.value;
      }
    }
    out.strokes.push_back(detail);
  }
  return out;
}

}  // namespace needlerig::analysis
