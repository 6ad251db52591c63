#include "analysis/stroke_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>

#include "analysis/reference_instants.hpp"
#include "analysis/robust_stats.hpp"
#include "analysis/timing.hpp"

namespace needlerig::analysis {
namespace {

/// The kind of protrusion finding on samples [begin, end), or "" where they are sound.
std::string_view protrusion_finding_in(const ChannelScan& scan, std::size_t begin, std::size_t end,
                                       double stuck_samples) {
  if (scan.saturated.overlaps(begin, end)) return "saturation";
  if (scan.non_finite.overlaps(begin, end)) return "non_finite";
  for (const FlatRun& run : scan.flat_runs) {
    const bool stuck = static_cast<double>(run.length) > stuck_samples;
    if (stuck && run.begin < end && run.begin + run.length > begin) return "stuck";
  }
  return "";
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Median spacing of rises within one segment among the first `count` strokes, in samples.
double median_rise_spacing(const std::vector<RawStroke>& strokes, std::size_t count) {
  std::vector<double> spacing;
  spacing.reserve(count);
  for (std::size_t k = 1; k < count; ++k) {
    if (strokes[k].segment == strokes[k - 1].segment) {
      spacing.push_back(static_cast<double>(strokes[k].rise_index - strokes[k - 1].rise_index));
    }
  }
  return median_in_place(spacing);
}

std::ptrdiff_t samples_of(double seconds, double sample_rate_hz) {
  return static_cast<std::ptrdiff_t>(std::lround(seconds * sample_rate_hz));
}

// Why a stroke's window is cut, or "capture_edge" when it is cut by the capture's own start or end
// (those strokes are left out of the window statistics without being rejected, per the spec).
std::string cut_reason(const RawStroke& stroke, const std::vector<Segment>& segments) {
  if (!stroke.has_min_before) {
    return std::string(rejection_reason(segments[stroke.segment].start_kind));
  }
  if (stroke.segment + 1 < segments.size()) {
    return std::string(rejection_reason(segments[stroke.segment + 1].start_kind));
  }
  return "capture_edge";
}

/// Takes from each value the mean of the values from fits of the same window shape. A fit's
/// misfit to the stroke's shape depends on its window: a crossing whose window narrowed
/// (fit_crossing) has another constant offset, which is no noise. A shape seen once gives NaN.
void centre_by_shape(std::vector<double>& values, const std::vector<WindowShape>& shape) {
  std::map<WindowShape, std::pair<double, std::size_t>> sums;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (!std::isfinite(values[k])) continue;
    auto& [sum, n] = sums[shape[k]];
    sum += values[k];
    ++n;
  }
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (!std::isfinite(values[k])) continue;
    const auto& [sum, n] = sums[shape[k]];
    values[k] = n >= 2 ? values[k] - sum / static_cast<double>(n) : kNaN;
  }
}

}  // namespace

std::map<WindowShape, double> StrokeProcessor::window_offsets(const std::vector<Segment>& segments,
                                                              double mid_mm) {
  // Crossing fits over different windows (narrowed where the cubic did not hold, clipped at a
  // segment's edge) carry different misfits to the stroke's shape: an offset of the crossing that
  // is the same for every stroke fitted alike. Instants from two windows then differ by it, and it
  // enters the timing figures: the mean period rests on the first and last instants, which the
  // capture's edges clip. Each other window's mean offset from the commonest, over the strokes
  // fitted over the commonest (at most kOffsetStrokes of them, spread over the capture), puts
  // every instant on one misfit, which the timing figures cancel.
  constexpr std::size_t kOffsetStrokes = 400;
  constexpr std::size_t kMinOffsetStrokes = 8;
  std::map<WindowShape, std::size_t> votes;
  for (const Record& r : records_) {
    if (r.crossing.ok) ++votes[window_shape(r.crossing)];
  }
  std::map<WindowShape, double> offsets;
  if (votes.size() < 2) return offsets;
  const WindowShape common =
      std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
      })->first;
  // The strokes fitted over the commonest window that the others are compared on, and their
  // crossings there.
  const std::vector<RawStroke>& raw = detector_.strokes();
  const std::size_t stride = std::max<std::size_t>(1, votes[common] / kOffsetStrokes);
  std::vector<std::pair<std::size_t, double>> reference;  // stroke, crossing index
  std::size_t seen = 0;
  for (std::size_t k = 0; k < records_.size(); ++k) {
    const Record& r = records_[k];
    if (!r.crossing.ok || window_shape(r.crossing) != common || seen++ % stride != 0) continue;
    const RefinedCrossing a = solve_crossing(r.crossing, mid_mm, r.guess_index);
    if (a.ok) reference.emplace_back(k, a.index);
  }
  for (const auto& [shape, strokes] : votes) {
    if (shape == common) continue;
    const auto [first_offset, length, degree] = shape;
    double sum = 0.0;
    std::size_t used = 0;
    for (const auto& [k, index] : reference) {
      const Segment& segment = segments[raw[k].segment];
      const auto centre = static_cast<std::ptrdiff_t>(raw[k].rise_index);
      const std::ptrdiff_t begin = centre + first_offset;
      const std::ptrdiff_t end = begin + static_cast<std::ptrdiff_t>(length);
      if (begin < static_cast<std::ptrdiff_t>(segment.begin) ||
          end > static_cast<std::ptrdiff_t>(segment.end)) {
        continue;
      }
      const LocalFit other = fitter_.fit(context_.protrusion, begin, end, centre, degree);
      const RefinedCrossing b = solve_crossing(other, mid_mm, records_[k].guess_index);
      if (!b.ok) continue;
      sum += index - b.index;
      ++used;
    }
    if (used >= kMinOffsetStrokes) offsets[shape] = sum / static_cast<double>(used);
  }
  return offsets;
}

StrokeProcessor::StrokeProcessor(const StrokeContext& context, const StrokeLevels& detection_levels)
    : context_(context),
      detection_levels_(detection_levels),
      detector_(context.protrusion, detection_levels.mid_mm, detection_levels.hysteresis_mm,
                [this](std::size_t k) { on_final(k); }) {
  const double fs = context.sample_rate_hz;
  force_settings_.smooth_half_width =
      std::max<std::ptrdiff_t>(0, samples_of(kForceSmoothHalfWidth_s, fs));
  force_settings_.peak_half_width =
      std::max<std::ptrdiff_t>(1, samples_of(kForcePeakHalfWidth_s, fs));
  force_settings_.contact_threshold_n = context.thresholds.contact_threshold_n;
  force_settings_.puncture_drop_fraction = context.thresholds.puncture_drop_fraction;
  records_.reserve(1024);  // grows by doubling beyond: per stroke, never per sample
  force_settings_.smoothed_noise_rms_n =
      context.force_noise_rms_n /
      std::sqrt(static_cast<double>(2 * force_settings_.smooth_half_width + 1));
}

void StrokeProcessor::begin_segment(std::uint32_t index, const Segment& segment) {
  if (segments_.size() <= index) segments_.resize(index + 1);
  segments_[index] = segment;
  known_end_ = segment.begin;
  detector_.begin_segment(index, segment.begin);
}

void StrokeProcessor::feed(std::size_t begin, std::size_t end) {
  known_end_ = end;
  detector_.feed(begin, end);
}

void StrokeProcessor::end_segment(std::size_t segment_end) {
  known_end_ = segment_end;
  segments_.back().end = segment_end;
  detector_.end_segment();
}

bool StrokeProcessor::size_windows(bool at_end) {
  const auto& strokes = detector_.strokes();
  if (!at_end && strokes.size() < kSizingSpacings + 1) return false;
  const double period = median_rise_spacing(strokes, std::min(strokes.size(), kSizingSpacings + 1));
  sized_ = true;
  if (!(period >= kMinPeriodSamples)) {
    noise_only_ = true;
    return true;
  }
  // Room for every stroke the capture can hold at this period (and a tenth more for a speed-up):
  // a record is a few kilobytes, and growing by doubling would move them all again and again.
  records_.reserve(
      static_cast<std::size_t>(1.1 * static_cast<double>(context_.sample_count) / period) +
      kSizingSpacings + 1);
  // Crossing fits over +/-15 % of the period (about +/-0.9 rad of a sinusoidal stroke). The
  // crossing's noise falls with the number of samples fitted, and the jitter figures need it low
  // (at 25 kHz, 50 Hz and 4 um noise one crossing is still ~1 us). A cubic leaves a bias at the
  // window centre from the 5th-order term of the edge, but it is the same for every stroke and
  // cancels in every timing statistic; its misfit residual stays well under 0.5 um.
  // Extreme fits over +/-8 % (+/-0.5 rad): a quadratic's bias there is ~0.0036 theta^4 of the
  // amplitude, under 0.3 um for a 2.5 mm stroke (the cam's harmonic makes it ~0.5 um).
  crossing_half_ = std::max<std::ptrdiff_t>(
      2, static_cast<std::ptrdiff_t>(std::lround(kCrossingWindowFraction * period)));
  // Narrower than this, a cubic over the edge leaves too little to average the noise over.
  crossing_min_half_ = std::max<std::ptrdiff_t>(
      3, static_cast<std::ptrdiff_t>(std::lround(kMinCrossingWindowFraction * period)));
  peak_half_ = std::max<std::ptrdiff_t>(
      2, static_cast<std::ptrdiff_t>(std::lround(kPeakWindowFraction * period)));
  local_half_ =
      std::max<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(std::lround(0.03 * period)));
  // The noise probe sits at the typical bottom: where the protrusion is flattest, and furthest
  // from any edge whose timing could leak into it.
  std::vector<double> rise_after_bottom;
  for (std::size_t k = 0; k < std::min(strokes.size(), kSizingSpacings + 1); ++k) {
    if (strokes[k].has_min_before) {
      rise_after_bottom.push_back(
          static_cast<double>(strokes[k].rise_index - strokes[k].min_before));
    }
  }
  const double shift = median_in_place(rise_after_bottom);
  probe_shift_ = shift > 0.0 ? static_cast<std::ptrdiff_t>(std::lround(shift)) : 0;
  force_settings_.rising_half_width = local_half_;
  return true;
}

void StrokeProcessor::on_final(std::size_t k) {
  records_.resize(k + 1);
  if (!sized_) {
    pending_.push_back(k);
    if (!size_windows(false)) return;
    for (std::size_t j : pending_) process(j);
    pending_.clear();
    return;
  }
  process(k);
}

void StrokeProcessor::process(std::size_t k) {
  if (noise_only_) return;
  const RawStroke& s = detector_.strokes()[k];
  const Segment& segment = segments_[s.segment];
  const std::size_t lo = segment.begin;
  const std::size_t hi = s.segment + 1 < segments_.size() ? segment.end : known_end_;
  const double* p = context_.protrusion;
  Record& r = records_[k];
  r.crossing = fit_crossing(fitter_, p, lo, hi, s.rise_index, crossing_half_, crossing_min_half_,
                            context_.protrusion_noise_rms_mm);
  const std::ptrdiff_t check_half =
      std::max<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(r.crossing.count / 4));
  r.crossing_check = fit_crossing(fitter_, p, lo, hi, s.rise_index, check_half, check_half, 0.0);
  r.guess_index = static_cast<double>(s.rise_index) - 0.5;
  const std::ptrdiff_t probe_step =
      std::max<std::ptrdiff_t>(1, static_cast<std::ptrdiff_t>(r.crossing.count / 8));
  r.probe = probe_noise(fitter_, p, lo, hi, r.crossing, r.crossing.u_at(r.guess_index),
                        probe_shift_, probe_step);
  if (!s.window_complete()) return;
  r.window_done = true;
  r.high = refine_extremum_adaptive(fitter_, p, lo, hi, s.max_index, peak_half_, 2,
                                    context_.protrusion_noise_rms_mm, true);
  r.low = refine_extremum_adaptive(fitter_, p, lo, hi, s.min_after, peak_half_, 2,
                                   context_.protrusion_noise_rms_mm, false);
  r.high_check = refine_extremum(fitter_, p, lo, hi, s.max_index,
                                 std::max<std::ptrdiff_t>(1, r.high.half_window / 2), true);
  r.low_check = refine_extremum(fitter_, p, lo, hi, s.min_after,
                                std::max<std::ptrdiff_t>(1, r.low.half_window / 2), false);
  if (!r.high.ok || !r.low.ok || context_.force == nullptr) return;
  r.force_done = true;
  r.force = force_analyzer_.analyze(fitter_, context_.force, p, lo, hi, s.min_before, s.min_after,
                                    r.high.index, force_settings_);
  if (!r.force.ok) return;
  r.events = locate_force_events(fitter_, p, lo, hi, local_half_, context_.protrusion_noise_rms_mm,
                                 r.force);
}

void StrokeProcessor::add_edge_stalls(StrokeAnalysis& out, const std::vector<Segment>& segments,
                                      const ChannelScan& protrusion_scan,
                                      double stuck_samples) const {
  // With the pen commanded to run throughout, the stretches before the first reference instant
  // and after the last are gaps like any other (measurement contract: strokes): a motor that stops
  // before the capture ends, or is still stopped when it begins, has stalled. The stretch must be
  // one segment (no samples missing) of sound displacement data.
  if (!context_.pen_running || out.instants_s.empty() || !(out.median_period_s > 0.0)) return;
  const double fs = context_.sample_rate_hz;
  const double limit_s = context_.thresholds.stall_periods * out.median_period_s;
  const Segment& first = segments.front();
  const Segment& last = segments.back();
  const std::size_t head_end = out.instant_index.front();
  const double head_s = out.instants_s.front() - first.start_time_s + context_.lead_in_gap_s;
  if (head_s > limit_s && head_end <= first.end &&
      protrusion_finding_in(protrusion_scan, first.begin, head_end, stuck_samples).empty()) {
    out.stalls.insert(
        out.stalls.begin(),
        Event{EventKind::stall, first.start_time_s - context_.lead_in_gap_s, head_s, first.begin});
  }
  const std::size_t tail_begin = out.instant_index.back();
  const double end_s = last.time_at(static_cast<double>(last.end), fs);
  const double tail_s = end_s - out.instants_s.back();
  if (tail_s > limit_s && tail_begin >= last.begin &&
      protrusion_finding_in(protrusion_scan, tail_begin, last.end, stuck_samples).empty()) {
    out.stalls.push_back(Event{EventKind::stall, out.instants_s.back(), tail_s, tail_begin});
  }
}

StrokeAnalysis StrokeProcessor::finish(const std::vector<Segment>& segments,
                                       const ChannelScan& protrusion_scan,
                                       const ChannelScan* force_scan) {
  StrokeAnalysis out;
  out.median_period_s = kNaN;
  out.levels = detection_levels_;
  if (!sized_) size_windows(true);
  for (std::size_t j : pending_) process(j);
  pending_.clear();
  const std::vector<RawStroke>& raw = detector_.strokes();
  const std::size_t count = raw.size();
  records_.resize(count);
  if (noise_only_ || !(median_rise_spacing(raw, count) >= kMinPeriodSamples)) {
    out.no_strokes_reason = "no periodic strokes";
    return out;
  }

  // 1. Final levels: medians of the per-stroke extremes of every complete stroke.
  {
    std::vector<double> highs, lows;
    highs.reserve(count);
    lows.reserve(count);
    for (const Record& r : records_) {
      if (r.window_done && r.high.ok && r.low.ok) {
        highs.push_back(r.high.value);
        lows.push_back(r.low.value);
      }
    }
    if (!highs.empty()) {
      const double hi = median_in_place(highs), lo = median_in_place(lows);
      if (hi > lo) {
        out.levels.p_hi_mm = hi;
        out.levels.p_lo_mm = lo;
        out.levels.mid_mm = 0.5 * (hi + lo);
        out.levels.hysteresis_mm = context_.thresholds.hysteresis_fraction * (hi - lo);
      }
    }
    const double tolerance = kLevelTolerance * out.levels.hysteresis_mm;
    out.levels_consistent =
        std::abs(out.levels.mid_mm - detection_levels_.mid_mm) <= tolerance &&
        std::abs(out.levels.hysteresis_mm - detection_levels_.hysteresis_mm) <= tolerance;
  }

  // 2. Reference instants, solved for the final mid-level on the kept fits.
  const double fs = context_.sample_rate_hz;
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> raw_of_instant;
  std::vector<std::string> reason(count);
  raw_of_instant.reserve(count);
  out.instants_s.reserve(count);
  out.instant_index.reserve(count);
  double variance_per_noise = 0.0;
  std::vector<double> crossing_u, crossing_slope;  // per instant: place in its fit, mm per sample
  std::vector<double> check_differences;           // crossing index less its check's, samples
  std::vector<WindowShape> check_shapes;           // the crossing fit's window of each
  double check_noise_variance = 0.0;               // their summed variance from noise alone
  std::vector<std::size_t> instant_of(count, kNone);
  const std::map<WindowShape, double> offsets = window_offsets(segments, out.levels.mid_mm);
  for (std::size_t k = 0; k < count; ++k) {
    const Record& r = records_[k];
    const RefinedCrossing crossing = solve_crossing(r.crossing, out.levels.mid_mm, r.guess_index);
    if (!crossing.ok) {
      const Segment& segment = segments[raw[k].segment];
      const auto half = static_cast<std::size_t>(crossing_half_);
      const std::size_t rise = raw[k].rise_index;
      const std::size_t a = rise > segment.begin + half ? rise - half : segment.begin;
      reason[k] = protrusion_scan.non_finite.overlaps(a, rise + half + 1) ? "non_finite"
                                                                          : "crossing_unresolved";
      continue;
    }
    // On the commonest window's misfit (window_offsets); the check below compares fits as made.
    const auto offset = offsets.find(window_shape(r.crossing));
    const double index = crossing.index + (offset != offsets.end() ? offset->second : 0.0);
    instant_of[k] = out.instants_s.size();
    out.instants_s.push_back(segments[raw[k].segment].time_at(index, fs));
    out.instant_index.push_back(raw[k].rise_index);
    raw_of_instant.push_back(k);
    variance_per_noise += crossing.variance_per_noise;
    crossing_u.push_back(crossing.u);
    crossing_slope.push_back(crossing.slope_per_sample);
    // For the uncertainty: each instant's noise variance, and its difference from the check fit
    // over half the window with the variance that difference has from noise alone (nested fits:
    // the narrower one's variance less the wider one's).
    const double noise_mm2 = context_.protrusion_noise_rms_mm * context_.protrusion_noise_rms_mm;
    out.instant_variances_for_u_s2.push_back(noise_mm2 * crossing.variance_per_noise / (fs * fs));
    const RefinedCrossing check =
        solve_crossing(r.crossing_check, out.levels.mid_mm, r.guess_index);
    if (check.ok) {
      check_differences.push_back(crossing.index - check.index);
      check_shapes.push_back(window_shape(r.crossing));
      check_noise_variance +=
          noise_mm2 * std::max(0.0, check.variance_per_noise - crossing.variance_per_noise);
    }
  }
  // The part of the instants' scatter the noise does not explain: the fits' misfit, which
  // changes from stroke to stroke with its shape. Added to every instant's variance for u. Taken
  // about each window shape's own mean: what differs between windows, window_offsets took off.
  centre_by_shape(check_differences, check_shapes);
  double ss = 0.0;
  std::size_t differences = 0;
  std::set<WindowShape> shapes;
  for (std::size_t j = 0; j < check_differences.size(); ++j) {
    if (!std::isfinite(check_differences[j])) continue;
    ss += check_differences[j] * check_differences[j];
    ++differences;
    shapes.insert(check_shapes[j]);
  }
  if (differences >= shapes.size() + 2) {
    const double misfit_samples2 =
        std::max(0.0, ss / static_cast<double>(differences - shapes.size()) -
                          check_noise_variance / static_cast<double>(check_differences.size()));
    for (double& v : out.instant_variances_for_u_s2) v += misfit_samples2 / (fs * fs);
  }
  const std::size_t instants = out.instants_s.size();
  if (instants > 0) {
    // The timing noise of one instant: the sensor's white noise through the crossing fit. Not
    // the fits' residuals, which also hold the misfit of a cubic to a stroke that is not one:
    // taken for noise, it would remove true jitter (measurement contract: timing corrections
    // unbiased on other stroke shapes).
    const double noise_variance =
        context_.protrusion_noise_rms_mm * context_.protrusion_noise_rms_mm;
    out.instant_variance_s2 =
        noise_variance * (variance_per_noise / static_cast<double>(instants)) / (fs * fs);
  }

  // 3. Periods link consecutive detected strokes of one segment; stalls unlink them.
  out.linked.assign(instants > 0 ? instants - 1 : 0, 0);
  for (std::size_t j = 0; j + 1 < instants; ++j) {
    const std::size_t a = raw_of_instant[j], b = raw_of_instant[j + 1];
    out.linked[j] = b == a + 1 && raw[a].segment == raw[b].segment;
  }
  out.median_period_s = median_linked_period(out.instants_s, out.linked);
  const auto gaps = mark_stalls(out.instants_s, out.instant_index, out.linked, out.median_period_s,
                                context_.thresholds.stall_periods);
  const double stuck_samples =
      std::min(context_.thresholds.stuck_periods * out.median_period_s * context_.sample_rate_hz,
               context_.protrusion_improbable_run);
  for (const Event& gap : gaps) {
    // The strokes on both sides of the gap have windows that reach into it.
    const auto it = std::lower_bound(out.instant_index.begin(), out.instant_index.end(), gap.index);
    const auto j = static_cast<std::size_t>(it - out.instant_index.begin());
    if (j + 1 >= instants) continue;
    // A stall is called only on sound data: a saturated, stuck or non-finite displacement sensor
    // also leaves a gap between reference instants, and that gap is the sensor's finding (which
    // spoils the measurements itself), not the motor's.
    const std::string_view finding = protrusion_finding_in(protrusion_scan, out.instant_index[j],
                                                           out.instant_index[j + 1], stuck_samples);
    if (finding.empty()) out.stalls.push_back(gap);
    for (std::size_t side : {raw_of_instant[j], raw_of_instant[j + 1]}) {
      if (reason[side].empty()) reason[side] = finding.empty() ? "stall" : std::string(finding);
    }
  }
  add_edge_stalls(out, segments, protrusion_scan, stuck_samples);

  // The noise probes (reference_instants.hpp) of the instants whose period before is linked (the
  // bottom before them is a stroke's, not wherever a stalled pen stopped) and whose samples are
  // sound (a clipped or stuck bottom would read no noise at all), read where each instant lies
  // in its fit; as timing errors, through the edge's slope.
  out.instant_probe_s.assign(instants, kNaN);
  std::vector<WindowShape> probe_shape(instants);  // the crossing fit's window
  double gain_sum = 0.0;
  std::size_t probes = 0;
  for (std::size_t j = 1; j < instants; ++j) {
    const Record& r = records_[raw_of_instant[j]];
    if (!out.linked[j - 1] || !r.probe.ok ||
        !protrusion_finding_in(protrusion_scan, r.probe.begin, r.probe.end, stuck_samples)
             .empty()) {
      continue;
    }
    out.instant_probe_s[j] = r.probe.value_mm(crossing_u[j]);
    probe_shape[j] = window_shape(r.crossing);
    gain_sum += r.probe.gain_mm / crossing_slope[j];
    ++probes;
  }
  out.probe_timing_gain = probes > 0 ? gain_sum / static_cast<double>(probes) : kNaN;
  centre_by_shape(out.instant_probe_s, probe_shape);
  for (std::size_t j = 0; j < instants; ++j) {
    out.instant_probe_s[j] *= -1.0 / (crossing_slope[j] * fs);
  }

  // 4. Stroke windows: reasons to leave a stroke out, then the accepted strokes' details.
  out.strokes.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const RawStroke& s = raw[k];
    const Record& r = records_[k];
    if (reason[k].empty() && !s.window_complete()) reason[k] = cut_reason(s, segments);
    const std::size_t w0 = s.min_before, w1 = s.min_after + 1;
    if (reason[k].empty() && (protrusion_scan.non_finite.overlaps(w0, w1) ||
                              (force_scan != nullptr && force_scan->non_finite.overlaps(w0, w1)))) {
      reason[k] = "non_finite";
    }
    if (reason[k].empty() && (protrusion_scan.saturated.overlaps(w0, w1) ||
                              (force_scan != nullptr && force_scan->saturated.overlaps(w0, w1)))) {
      reason[k] = "saturation";
    }
    const bool force_unusable = r.force_done && r.force.base_n && !r.force.ok;
    if (reason[k].empty() && (!r.window_done || !r.high.ok || !r.low.ok || force_unusable)) {
      reason[k] = "non_finite";
    }
    // Every stroke left out is counted with its reason (a stroke cut by the capture's edge too).
    if (!reason[k].empty()) {
      ++out.rejected[reason[k]];
      continue;
    }
    StrokeDetail detail{};
    detail.reference_time_s = out.instants_s[instant_of[k]];
    detail.window_begin = s.min_before;
    detail.window_end = s.min_after;
    detail.max_index = static_cast<std::size_t>(std::lround(r.high.index));
    detail.protrusion_max_mm = r.high.value;
    detail.protrusion_min_mm = r.low.value;
    const double protrusion_noise_mm2 =
        context_.protrusion_noise_rms_mm * context_.protrusion_noise_rms_mm;
    detail.protrusion_max_variance_mm2 = protrusion_noise_mm2 * r.high.variance_per_noise;
    detail.protrusion_min_variance_mm2 = protrusion_noise_mm2 * r.low.variance_per_noise;
    if (r.high_check.ok && r.low_check.ok) {
      // Both sides of each difference without their bias from noise (Extremum), which for the
      // narrow check is no longer small: what is left is the misfit.
      const double n2 = protrusion_noise_mm2;
      detail.protrusion_max_check_mm = r.high_check.value - n2 * r.high_check.noise_bias_per_noise +
                                       n2 * r.high.noise_bias_per_noise;
      detail.protrusion_min_check_mm = r.low_check.value - n2 * r.low_check.noise_bias_per_noise +
                                       n2 * r.low.noise_bias_per_noise;
      detail.max_check_variance_mm2 =
          n2 * std::max(0.0, r.high_check.variance_per_noise - r.high.variance_per_noise);
      detail.min_check_variance_mm2 =
          n2 * std::max(0.0, r.low_check.variance_per_noise - r.low.variance_per_noise);
    }
    // A stroke whose force cannot be taken still counts for the protrusion statistics; it is left
    // out of the force statistics, and counted so.
    if (r.force_done && !r.force.base_n) ++out.rejected["no_retracted_sample"];
    if (r.force_done && r.force.base_n) {
      detail.base_force_n = r.force.base_n;
      detail.peak_force_n = r.force.peak_force_n;
      // The median of m samples of white noise scatters by sqrt(pi / 2 m) of its RMS.
      const double force_noise_n2 = context_.force_noise_rms_n * context_.force_noise_rms_n;
      detail.base_force_variance_n2 =
          force_noise_n2 * std::numbers::pi / 2.0 / static_cast<double>(r.force.base_sample_count);
      detail.peak_force_variance_n2 =
          force_noise_n2 * r.force.peak_variance_per_noise + r.force.peak_shape_variance_n2;
      detail.peak_force_check_difference_n = r.force.peak_check_difference_n;
      detail.peak_force_check_variance_n2 = r.force.peak_check_variance_n2;
      if (!r.events.contact_mm) ++out.rejected["no_contact"];
      set_insertion_and_penetration(r.force, r.events, detail);
    }
    out.strokes.push_back(detail);
  }
  return out;
}

}  // namespace needlerig::analysis
