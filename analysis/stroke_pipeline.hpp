#pragma once
// From samples to strokes: stroke detection, sub-sample reference instants, stalls, the
// per-stroke extremes and force quantities, and the strokes rejected with their reasons.
//
// The processor is fed the capture segment by segment, in pieces, by the same pass that scans the
// data quality, and refines each stroke as soon as its window closes, while its samples are still
// in cache: on a long capture the analysis is bound by memory traffic, and this reads every sample
// from memory once. It detects with the bootstrap levels; the final levels (medians of the
// per-stroke extremes, spec: strokes) are known only at the end, so the crossing fits are kept and
// solved for the final mid-level then. When the final levels differ from the bootstrap ones by
// more than could leave the detection unchanged, the caller runs the detection again with them.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"
#include "analysis/channel_quality.hpp"
#include "analysis/force_events.hpp"
#include "analysis/force_metrics.hpp"
#include "analysis/local_fit.hpp"
#include "analysis/reference_instants.hpp"
#include "analysis/stroke_detector.hpp"
#include "analysis/stroke_extrema.hpp"
#include "analysis/timebase.hpp"

namespace needlerig::analysis {

struct StrokeContext {
  const double* protrusion = nullptr;
  const double* force = nullptr;  // nullptr: no force channel
  std::size_t sample_count = 0;   // of each channel
  double sample_rate_hz = 0.0;
  Thresholds thresholds;
  double force_noise_rms_n = 0.0;
  /// Identical protrusion samples this many in a row are a stuck sensor (improbable_runs.hpp).
  double protrusion_improbable_run = 0.0;
  double protrusion_noise_rms_mm = 0.0;  // white noise of one sample (improbable_runs.hpp)
  bool pen_running = false;              // AnalysisSettings::pen_running
  double lead_in_gap_s = 0.0;            // AnalysisSettings::lead_in_gap_s
};

struct StrokeAnalysis {
  std::string no_strokes_reason;  // non-empty when no strokes could be found at all
  bool levels_consistent = true;  // false: detect again with `levels`
  StrokeLevels levels;
  std::vector<double> instants_s;          // t_n of every resolved reference instant
  std::vector<std::size_t> instant_index;  // rise sample of each
  std::vector<std::uint8_t> linked;        // linked[k]: instants k, k+1 bound a valid period
  double instant_variance_s2 = 0.0;        // per-instant timing variance from sensor noise
  std::vector<double> instant_variances_for_u_s2;  // per instant, for u (stroke_pipeline.cpp)
  /// The noise probe of each instant as a timing error (s; NaN where there is none), and the
  /// probe's mean change per sample of shift over the edge's slope: how much of the strokes'
  /// timing can leak into the probe (timing.hpp).
  std::vector<double> instant_probe_s;
  double probe_timing_gain = 0.0;
  double median_period_s = 0.0;       // NaN without a period
  std::vector<StrokeDetail> strokes;  // accepted complete stroke windows
  std::map<std::string, std::size_t> rejected;
  std::vector<Event> stalls;
};

class StrokeProcessor {
 public:
  StrokeProcessor(const StrokeContext& context, const StrokeLevels& detection_levels);
  StrokeProcessor(const StrokeProcessor&) = delete;
  StrokeProcessor& operator=(const StrokeProcessor&) = delete;

  void begin_segment(std::uint32_t index, const Segment& segment);
  /// Samples [begin, end) of the current segment; every sample before `end` has been read.
  void feed(std::size_t begin, std::size_t end);
  void end_segment(std::size_t segment_end);
  /// After the last segment. The scans must be complete (saturation needs the whole capture).
  StrokeAnalysis finish(const std::vector<Segment>& segments, const ChannelScan& protrusion_scan,
                        const ChannelScan* force_scan);

 private:
  struct Record {
    LocalFit crossing;
    /// The same over half the window (no narrowing): a check whose misfit is an order of
    /// magnitude smaller, for the uncertainty's estimate of the chosen fit's misfit.
    LocalFit crossing_check;
    NoiseProbe probe;  // the crossing fit moved to the stroke's bottom (reference_instants.hpp)
    double guess_index = 0.0;
    bool window_done = false;
    Extremum high, low;
    Extremum high_check, low_check;  // over half the chosen window, likewise
    bool force_done = false;
    StrokeForce force;
    ForceEventProtrusions events;
  };
  void on_final(std::size_t k);
  /// Stalls at the capture's edges (pen_running): before the first and after the last instant.
  void add_edge_stalls(StrokeAnalysis& out, const std::vector<Segment>& segments,
                       const ChannelScan& protrusion_scan, double stuck_samples) const;
  void process(std::size_t k);
  bool size_windows(bool at_end);
  /// The mean crossing offset (samples) of each window shape other than the commonest from the
  /// commonest one, measured on the strokes fitted over the commonest (stroke_pipeline.cpp).
  std::map<WindowShape, double> window_offsets(const std::vector<Segment>& segments, double mid_mm);

  StrokeContext context_;
  StrokeLevels detection_levels_;
  StrokeDetector detector_;
  LocalFitter fitter_;
  StrokeForceAnalyzer force_analyzer_;
  ForceWindowSettings force_settings_;
  std::vector<Record> records_;
  std::vector<Segment> segments_;  // as begun (the end of the running one is not known yet)
  std::size_t known_end_ = 0;
  // Window sizes, fixed from the median period of the first strokes.
  bool sized_ = false;
  bool noise_only_ = false;
  std::vector<std::size_t> pending_;
  std::ptrdiff_t crossing_half_ = 2, crossing_min_half_ = 3, peak_half_ = 2, local_half_ = 2;
  std::ptrdiff_t probe_shift_ = 0;  // median samples from a stroke's bottom to its rise; 0: none
};

// Window sizes as fractions of the median stroke period (see the .cpp for the reasoning).
inline constexpr double kCrossingWindowFraction = 0.15;
inline constexpr double kPeakWindowFraction = 0.08;
inline constexpr double kMinCrossingWindowFraction = 0.02;
// Force windows in seconds: the load cell's dynamics (~2 kHz) set the time scale of force features.
inline constexpr double kForceSmoothHalfWidth_s = 50e-6;
// The widest quadratic around a force maximum; narrower where the peak is sharper (force_peak).
inline constexpr double kForcePeakHalfWidth_s = 100e-6;
// Fewer samples per period than this cannot be strokes (noise crossings of a flat signal).
inline constexpr double kMinPeriodSamples = 8.0;
// Rise spacings the window sizes are taken from.
inline constexpr std::size_t kSizingSpacings = 16;
// The final levels may differ from the detection levels by this fraction of the hysteresis
// before the detection is run again: within it no stroke of a real signal appears or vanishes and
// no extreme moves, and the crossings are solved for the final level on the kept fits.
inline constexpr double kLevelTolerance = 0.1;

}  // namespace needlerig::analysis
