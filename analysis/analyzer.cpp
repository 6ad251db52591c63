#include "analysis/analyzer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>

#include "analysis/capture_pass.hpp"
#include "analysis/channel_quality.hpp"
#include "analysis/force_metrics.hpp"
#include "analysis/improbable_runs.hpp"
#include "analysis/mains_interference.hpp"
#include "analysis/quality_gate.hpp"
#include "analysis/robust_stats.hpp"
#include "analysis/stroke_pipeline.hpp"
#include "analysis/timebase.hpp"
#include "analysis/timing.hpp"
#include "analysis/timing_pickup.hpp"
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

// Without strokes there is no period to judge a constant stretch by: a quarter of the capture
// constant is a stuck sensor (a pen at rest still shows sensor noise).
constexpr double kStuckFractionWithoutStrokes = 0.25;

// The sample rate from the median step of up to 4096 time stamps, for views that carry none.
double estimate_sample_rate(const double* time_s, std::size_t n) {
  std::vector<double> steps;
  const std::size_t probes = std::min<std::size_t>(n > 1 ? n - 1 : 0, 4096);
  steps.reserve(probes);
  for (std::size_t k = 0; k < probes; ++k) {
    const std::size_t i = 1 + (probes == n - 1 ? k : golden_probe(k, n - 1));
    const double step = time_s[i] - time_s[i - 1];
    if (std::isfinite(step) && step > 0.0) steps.push_back(step);
  }
  const double median = median_in_place(steps);
  return median > 0.0 ? 1.0 / median : 0.0;
}

/// Whether the time stamps span the capture as evenly spaced samples at fs would (no dropout).
bool evenly_spaced(const double* time_s, std::size_t n, double fs) {
  if (n < 2) return false;
  const double span_samples = (time_s[n - 1] - time_s[0]) * fs;
  return std::abs(span_samples - static_cast<double>(n - 1)) <= 0.5 + 1e-6 * static_cast<double>(n);
}

/// The channel without the mains lines that stand out of it (empty: none found), and a finding
/// naming them.
std::vector<double> without_mains_pickup(const double* x, const double* time_s, std::size_t n,
                                         double fs, double stroke_hz, Channel channel,
                                         const char* unit, std::vector<DataFinding>& findings,
                                         double& mains_hz) {
  const MainsInterference pickup = find_mains_interference(x, n, fs, stroke_hz);
  if (pickup.lines.empty()) return {};
  mains_hz = pickup.mains_hz;
  std::string detail = describe(pickup, unit);
  findings.push_back(DataFinding{FindingKind::mains_pickup, channel, n, 0, time_s[0], std::nullopt,
                                 std::move(detail)});
  return without_interference(x, n, fs, pickup);
}

/// The stated sample rate against the time stamps (measurement contract: capture interchange):
/// more than 0.1 % apart, every timing figure would be scaled silently by the wrong one.
std::optional<DataFinding> timebase_mismatch(double stated_rate_hz, const double* time_s,
                                             std::size_t n) {
  constexpr double kTolerance = 1e-3;
  const double stamped_rate_hz = estimate_sample_rate(time_s, n);
  if (!(stamped_rate_hz > 0.0)) return std::nullopt;
  if (std::abs(stated_rate_hz / stamped_rate_hz - 1.0) <= kTolerance) return std::nullopt;
  char detail[160];
  std::snprintf(detail, sizeof detail,
                "the stated sample rate is %.6g Hz, the time stamps' median step gives %.6g Hz",
                stated_rate_hz, stamped_rate_hz);
  return DataFinding{
      FindingKind::timebase_mismatch, Channel::time, n, 0, time_s[0], std::nullopt, detail};
}

/// Samples of `channel` the capture's reader reported as not numbers (NaN, empty or text fields,
/// kept as NaN), each with its file line.
std::size_t reported_non_numbers(const std::vector<DataFinding>& import_findings, Channel channel) {
  std::size_t count = 0;
  for (const DataFinding& f : import_findings) {
    const bool not_a_number =
        f.kind == FindingKind::non_finite || f.kind == FindingKind::unparsable_number;
    if (not_a_number && f.channel == channel) count += f.count;
  }
  return count;
}

/// Adds the analysis' own findings. Each problem is reported once: a non_finite finding on no more
/// samples than the reader already reported on that channel is left out (the reader's finding
/// names the lines and spoils the channel as before). A capture from the rig has no import
/// findings: its non-finite samples are found here.
void add_findings(AnalysisResult& result, std::vector<DataFinding> findings,
                  const std::vector<DataFinding>& import_findings) {
  for (DataFinding& f : findings) {
    if (f.kind == FindingKind::non_finite &&
        f.count <= reported_non_numbers(import_findings, f.channel)) {
      continue;
    }
    result.findings.push_back(std::move(f));
  }
}

class MeasurementSetter {
 public:
  explicit MeasurementSetter(AnalysisResult& result) : result_(result) {}
  /// The value with its uncertainty u (NaN: no estimate).
  void set(MeasurementId id, double value, const char* error_if_not_finite,
           double u = std::numeric_limits<double>::quiet_NaN()) {
    MeasurementValue& m = result_.measurements[static_cast<std::size_t>(id)];
    if (std::isfinite(value)) {
      m.value = value;
      m.error.clear();
      if (std::isfinite(u)) m.u = u;
    } else {
      m.value.reset();
      m.u.reset();
      m.error = error_if_not_finite;
    }
  }
  void fail(MeasurementId id, std::string error) {
    MeasurementValue& m = result_.measurements[static_cast<std::size_t>(id)];
    m.value.reset();
    m.u.reset();
    m.error = std::move(error);
  }
  void fail_all(const std::string& error) {
    for (const auto& info : kMeasurements) fail(info.id, error);
  }

 private:
  AnalysisResult& result_;
};

struct Summary {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double stddev = std::numeric_limits<double>::quiet_NaN();
  double min = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
  std::size_t count = 0;
};

template <typename Get>
Summary summarize(const std::vector<StrokeDetail>& strokes, Get get) {
  Summary s;
  double sum = 0.0;
  for (const StrokeDetail& d : strokes) {
    const std::optional<double> v = get(d);
    if (!v) continue;
    if (s.count == 0) s.min = s.max = *v;
    s.min = std::min(s.min, *v);
    s.max = std::max(s.max, *v);
    sum += *v;
    ++s.count;
  }
  if (s.count == 0) return s;
  s.mean = sum / static_cast<double>(s.count);
  if (s.count >= 2) {
    double ss = 0.0;
    for (const StrokeDetail& d : strokes) {
      const std::optional<double> v = get(d);
      if (v) ss += (*v - s.mean) * (*v - s.mean);
    }
    s.stddev = std::sqrt(ss / static_cast<double>(s.count - 1));
  }
  return s;
}

void set_measurements(AnalysisResult& result, const StrokeAnalysis& strokes,
                      const AnalysisSettings& settings, bool has_force, double force_step_n,
                      double mains_hz) {
  MeasurementSetter out(result);
  using Id = MeasurementId;
  // Mains pickup on the displacement channel also moves the instants (timing_pickup.hpp): where
  // the noise probe shows it, taken off them, and off the probe that corrects them.
  std::vector<double> instants_s = strokes.instants_s;
  std::vector<double> probe_s = strokes.instant_probe_s;
  const std::vector<double> pickup_hz =
      pickup_shown_by_probe(probe_s, instants_s, mains_hz, strokes.median_period_s);
  if (remove_pickup_from_instants(instants_s, strokes.linked, pickup_hz) > 0) {
    remove_pickup_from_series(probe_s, strokes.instants_s, pickup_hz);
  }
  const TimingStatistics timing =
      timing_statistics(instants_s, strokes.linked, strokes.instant_variance_s2,
                        strokes.instant_variances_for_u_s2, probe_s, strokes.probe_timing_gain);
  if (timing.period_count < 3) {
    std::string reason = "fewer than 3 strokes found (" + std::to_string(timing.period_count) + ")";
    if (!strokes.no_strokes_reason.empty()) reason += ": " + strokes.no_strokes_reason;
    out.fail_all(reason);
    // A pen commanded to run that made (almost) no strokes has stalled: a pen defect, where the
    // displacement data is sound (the quality gate nulls it otherwise).
    if (settings.pen_running && strokes.instants_s.size() < 2) {
      out.set(Id::stall_count, 1.0, "");
      out.set(Id::stroke_count, static_cast<double>(timing.period_count), "");
    } else if (!strokes.stalls.empty()) {
      out.set(Id::stall_count, static_cast<double>(strokes.stalls.size()), "");
    }
    return;
  }
  out.set(Id::stall_count, static_cast<double>(strokes.stalls.size()), "");
  out.set(Id::stroke_count, static_cast<double>(timing.period_count), "");
  const double frequency = 1.0 / timing.period_mean_s;
  const double frequency_u = timing.period_mean_u_s * frequency * frequency;
  out.set(Id::stroke_frequency, frequency, "no period", frequency_u);
  if (settings.needle_count) {
    out.set(Id::puncture_rate, *settings.needle_count * frequency, "no period",
            *settings.needle_count * frequency_u);
  } else {
    out.fail(Id::puncture_rate, "needle count not given");
  }
  out.set(Id::period_mean, timing.period_mean_s, "no period", timing.period_mean_u_s);
  out.set(Id::period_jitter_rms, timing.period_jitter_rms_s, "fewer than 2 periods",
          timing.period_jitter_rms_u_s);
  out.set(Id::period_jitter_pp, timing.period_jitter_pp_s, "no period");
  out.set(Id::cycle_to_cycle_jitter_rms, timing.cycle_to_cycle_rms_s, "no adjacent periods",
          timing.cycle_to_cycle_rms_u_s);
  out.set(Id::tie_rms, timing.tie_rms_s, "no run of 3 reference instants", timing.tie_rms_u_s);
  out.set(Id::frequency_drift, timing.frequency_drift_hz_per_s, "fewer than 2 periods",
          timing.frequency_drift_u_hz_per_s);

  const char* no_window = "no complete stroke window";
  const Summary pmax = summarize(strokes.strokes, [](const StrokeDetail& d) {
    return std::optional<double>(d.protrusion_max_mm);
  });
  const Summary pmin = summarize(strokes.strokes, [](const StrokeDetail& d) {
    return std::optional<double>(d.protrusion_min_mm);
  });
  const Summary amplitude = summarize(strokes.strokes, [](const StrokeDetail& d) {
    return std::optional<double>(d.protrusion_max_mm - d.protrusion_min_mm);
  });
  std::vector<double> max_values, max_variances, amplitude_variances;
  MethodCheck max_check, amplitude_check;
  for (const StrokeDetail& d : strokes.strokes) {
    max_values.push_back(d.protrusion_max_mm);
    max_variances.push_back(d.protrusion_max_variance_mm2);
    amplitude_variances.push_back(d.protrusion_max_variance_mm2 + d.protrusion_min_variance_mm2);
    if (d.protrusion_max_check_mm && d.protrusion_min_check_mm) {
      const double max_difference = d.protrusion_max_mm - *d.protrusion_max_check_mm;
      const double min_difference = d.protrusion_min_mm - *d.protrusion_min_check_mm;
      max_check.add(max_difference, d.max_check_variance_mm2);
      amplitude_check.add(max_difference - min_difference,
                          d.max_check_variance_mm2 + d.min_check_variance_mm2);
    }
  }
  // Noise and the fits' own misfit (the mean difference from the check fits over half the window).
  const double pmax_noise_u = mean_uncertainty(max_variances);
  const double pmax_u = std::hypot(pmax_noise_u, max_check.systematic_uncertainty());
  out.set(Id::protrusion_max_mean, pmax.mean, no_window, pmax_u);
  // The spread of P_max,n holds the noise of each estimate too: taken off, as for the jitter. Each
  // P_max,n errs also by how far its fit's misfit differs from the others' (the check
  // differences' unexplained scatter), an estimate too rough to correct the value with: in u.
  const CorrectedSpread pmax_spread =
      corrected_spread(max_values, max_variances, max_check.unexplained_scatter_variance());
  out.set(Id::protrusion_max_std, pmax_spread.value, "fewer than 2 complete stroke windows",
          pmax_spread.u);
  out.set(Id::protrusion_max_min, pmax.min, no_window);
  out.set(Id::protrusion_max_max, pmax.max, no_window);
  if (settings.depth_setting_mm) {
    out.set(Id::depth_error, pmax.mean - *settings.depth_setting_mm, no_window, pmax_u);
  } else {
    out.fail(Id::depth_error, "depth setting not given");
  }
  out.set(Id::retraction_worst, pmin.max, no_window);
  out.set(
      Id::stroke_amplitude_mean, amplitude.mean, no_window,
      std::hypot(mean_uncertainty(amplitude_variances), amplitude_check.systematic_uncertainty()));

  const Id force_ids[] = {Id::contact_force,          Id::peak_force_mean,
                          Id::peak_force_max,         Id::insertion_travel_mean,
                          Id::penetration_depth_mean, Id::penetration_depth_min,
                          Id::puncture_ratio};
  std::vector<double> bases;  // F_base,n of every stroke that has one
  std::vector<double> base_variances, peak_variances;
  MethodCheck peak_check;
  for (const StrokeDetail& d : strokes.strokes) {
    if (!d.base_force_n) continue;
    bases.push_back(*d.base_force_n);
    base_variances.push_back(d.base_force_variance_n2);
    peak_variances.push_back(d.peak_force_variance_n2 + d.base_force_variance_n2);
    if (d.peak_force_check_difference_n)
      peak_check.add(*d.peak_force_check_difference_n, d.peak_force_check_variance_n2);
  }
  if (!has_force || bases.empty()) {
    for (Id id : force_ids) {
      out.fail(id, has_force ? "no finite force sample while protrusion < 0" : "no force channel");
    }
    return;
  }
  // The median of the strokes' baselines scatters by sqrt(pi / 2) of their mean's.
  // Each baseline is a median of converter codes, itself on the codes' grid: half a step either
  // way (step^2 / 12) beside the noise.
  out.set(Id::contact_force, median_in_place(bases), "",
          std::hypot(std::sqrt(std::numbers::pi / 2.0) * mean_uncertainty(base_variances),
                     force_step_n / std::sqrt(12.0)));
  const Summary peak =
      summarize(strokes.strokes, [](const StrokeDetail& d) { return d.peak_force_n; });
  const Summary insertion =
      summarize(strokes.strokes, [](const StrokeDetail& d) { return d.insertion_travel_mm; });
  const Summary penetration =
      summarize(strokes.strokes, [](const StrokeDetail& d) { return d.penetration_depth_mm; });
  const Summary punctured = summarize(strokes.strokes, [](const StrokeDetail& d) {
    return d.penetration_depth_mm ? std::optional<double>(d.punctured ? 1.0 : 0.0) : std::nullopt;
  });
  out.set(Id::peak_force_mean, peak.mean, no_window,
          std::hypot(mean_uncertainty(peak_variances), peak_check.systematic_uncertainty()));
  out.set(Id::peak_force_max, peak.max, no_window);
  // Noise through the events' places, and the threshold decisions in doubt (force_events.hpp).
  std::vector<double> insertion_variances, penetration_variances, no_variances;
  std::vector<DecisionDoubt> insertion_doubts, penetration_doubts, puncture_doubts;
  MethodCheck insertion_check, penetration_check;  // of P_max,n less the event's protrusion
  for (const StrokeDetail& d : strokes.strokes) {
    const bool max_checked = d.protrusion_max_check_mm.has_value();
    const double max_difference =
        max_checked ? d.protrusion_max_mm - *d.protrusion_max_check_mm : 0.0;
    if (d.insertion_travel_mm) {
      insertion_variances.push_back(d.insertion_travel_variance_mm2);
      insertion_doubts.push_back(d.insertion_doubt);
      if (max_checked && d.contact_check_difference_mm) {
        insertion_check.add(max_difference - *d.contact_check_difference_mm,
                            d.max_check_variance_mm2 + d.contact_check_variance_mm2);
      }
    }
    if (d.penetration_depth_mm) {
      penetration_variances.push_back(d.penetration_depth_variance_mm2);
      penetration_doubts.push_back(d.penetration_doubt);
      no_variances.push_back(0.0);
      puncture_doubts.push_back(d.puncture_doubt);
      if (max_checked && d.puncture_check_difference_mm) {
        penetration_check.add(max_difference - *d.puncture_check_difference_mm,
                              d.max_check_variance_mm2 + d.puncture_check_variance_mm2);
      }
    }
  }
  out.set(Id::insertion_travel_mean, insertion.mean, "no contact found in any stroke",
          std::hypot(mean_uncertainty_with_doubt(insertion_variances, insertion_doubts),
                     insertion_check.systematic_uncertainty()));
  out.set(Id::penetration_depth_mean, penetration.mean, no_window,
          std::hypot(mean_uncertainty_with_doubt(penetration_variances, penetration_doubts),
                     penetration_check.systematic_uncertainty()));
  out.set(Id::penetration_depth_min, penetration.min, no_window);
  out.set(Id::puncture_ratio, punctured.mean, no_window,
          mean_uncertainty_with_doubt(no_variances, puncture_doubts));
}

}  // namespace

AnalysisResult analyze_capture(const SignalSet& signals, const AnalysisSettings& settings,
                               const std::vector<DataFinding>& import_findings) {
  AnalysisResult result;
  for (std::size_t k = 0; k < kMeasurements.size(); ++k) {
    result.measurements[k] = MeasurementValue{kMeasurements[k].id, std::nullopt, "", std::nullopt};
  }
  result.thresholds = settings.thresholds;
  result.findings = import_findings;
  MeasurementSetter out(result);

  const bool has_force = signals.force_n.size() != 0;
  std::size_t n =
      static_cast<std::size_t>(std::min(signals.time_s.size(), signals.protrusion_mm.size()));
  if (has_force) n = std::min(n, static_cast<std::size_t>(signals.force_n.size()));
  const double* time_s = signals.time_s.data();
  const double* protrusion = signals.protrusion_mm.data();
  const double* force = has_force ? signals.force_n.data() : nullptr;
  double fs = signals.sample_rate_hz;
  if (!(std::isfinite(fs) && fs > 0.0)) fs = estimate_sample_rate(time_s, n);
  result.sample_count = n;
  result.sample_rate_hz = fs;
  if (n == 0 || !(fs > 0.0)) {
    out.fail_all(n == 0 ? "empty capture" : "no sample rate");
    apply_quality_gate(result, settings);
    return result;
  }
  result.duration_s = static_cast<double>(n) / fs;
  const auto mismatch = timebase_mismatch(fs, time_s, n);
  if (mismatch) result.findings.push_back(*mismatch);

  // Mains pickup out of copies of the channels the measurements read; the data-quality scans
  // read the samples as recorded. Only where the samples are evenly spaced over the capture: the
  // lines are followed in sample counts.
  const RecordedChannels recorded{protrusion, force};
  std::vector<double> protrusion_measured, force_measured;
  double mains_hz = 0.0;  // where either channel carries pickup
  if (!mismatch && evenly_spaced(time_s, n, fs)) {
    const double stroke_hz = rough_stroke_frequency_hz(protrusion, n, fs);
    protrusion_measured = without_mains_pickup(
        protrusion, time_s, n, fs, stroke_hz, Channel::protrusion, "mm", result.findings, mains_hz);
    if (has_force) {
      force_measured = without_mains_pickup(force, time_s, n, fs, stroke_hz, Channel::force, "N",
                                            result.findings, mains_hz);
    }
  }
  if (!protrusion_measured.empty()) protrusion = protrusion_measured.data();
  if (!force_measured.empty()) force = force_measured.data();

  // The force noise first (from retracted stretches of a subsample): the pass's thresholds are
  // set against it.
  const double force_noise_rms_n = has_force ? estimate_force_noise_rms(protrusion, force, n) : 0.0;
  result.force_noise_rms_n = force_noise_rms_n;

  // How long a run of identical samples each channel's own noise allows (data quality: stuck).
  const ChannelNoise protrusion_noise = estimate_channel_noise(recorded.protrusion, n);
  const double protrusion_improbable_run = improbable_run_samples(protrusion_noise, n);
  const ChannelNoise force_noise =
      has_force ? estimate_channel_noise(recorded.force, n) : ChannelNoise{};
  const double force_improbable_run = has_force ? improbable_run_samples(force_noise, n) : 0.0;

  StrokeContext context;
  context.protrusion_improbable_run = protrusion_improbable_run;
  context.protrusion_noise_rms_mm = protrusion_noise.rms;
  context.pen_running = settings.pen_running;
  context.lead_in_gap_s = settings.lead_in_gap_s;
  context.protrusion = protrusion;
  context.force = force;
  context.sample_count = n;
  context.sample_rate_hz = fs;
  context.thresholds = settings.thresholds;
  context.force_noise_rms_n = force_noise_rms_n;
  CapturePass pass = run_capture_pass(time_s, n, context, settings, recorded);
  const TimebaseScan& timebase = pass.timebase;
  const ChannelScan& protrusion_scan = pass.protrusion;
  const ChannelScan& force_scan = pass.force;
  StrokeAnalysis& strokes = pass.strokes;

  // Stuck: a run of identical samples the channel's noise makes improbable, or constant for
  // stuck_periods stroke periods (without a period, a large fraction of the capture).
  const double constant_samples =
      std::isfinite(strokes.median_period_s)
          ? settings.thresholds.stuck_periods * strokes.median_period_s * fs
          : kStuckFractionWithoutStrokes * static_cast<double>(n);
  add_findings(result, timebase.findings, import_findings);
  add_findings(result,
               channel_findings(protrusion_scan, Channel::protrusion,
                                std::min(constant_samples, protrusion_improbable_run), time_s),
               import_findings);
  if (has_force) {
    add_findings(result,
                 channel_findings(force_scan, Channel::force,
                                  std::min(constant_samples, force_improbable_run), time_s),
                 import_findings);
  }
  // No measurement reads the motor current, but a stuck or saturated current channel is still a
  // fault of the recording that the record must show.
  if (signals.motor_current_a.size() >= static_cast<Eigen::Index>(n) && n > 0) {
    const double* current = signals.motor_current_a.data();
    const ChannelScan current_scan = scan_channel(current, n, settings.motor_current_range_a);
    const double current_improbable_run =
        improbable_run_samples(estimate_channel_noise(current, n), n);
    add_findings(result,
                 channel_findings(current_scan, Channel::motor_current,
                                  std::min(constant_samples, current_improbable_run), time_s),
                 import_findings);
  }
  result.events = timebase.dropout_events;
  result.events.insert(result.events.end(), strokes.stalls.begin(), strokes.stalls.end());
  std::sort(result.events.begin(), result.events.end(),
            [](const Event& a, const Event& b) { return a.index < b.index; });

  set_measurements(result, strokes, settings, has_force, force_noise.step, mains_hz);
  result.levels = strokes.levels;
  result.reference_instants_s = std::move(strokes.instants_s);
  result.strokes = std::move(strokes.strokes);
  result.strokes_rejected = std::move(strokes.rejected);
  result.reference_instant_uncertainty_s = std::sqrt(strokes.instant_variance_s2);
  apply_quality_gate(result, settings);
  return result;
}

AnalysisResult analyze_capture(const Capture& capture, const AnalysisSettings& settings) {
  AnalysisSettings with_metadata = settings;
  if (!with_metadata.depth_setting_mm)
    with_metadata.depth_setting_mm = capture.metadata.depth_setting_mm;
  if (!with_metadata.needle_count) with_metadata.needle_count = capture.metadata.needle_count;
  const auto running = capture.metadata.entries.find("pen_running");
  if (running != capture.metadata.entries.end() && running->second == "true") {
    with_metadata.pen_running = true;
  }
  return analyze_capture(capture.signals(), with_metadata, capture.import_findings);
}

}  // namespace needlerig::analysis
