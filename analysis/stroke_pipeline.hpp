#pragma once
// From samples to strokes: levels, stroke detection, sub-sample reference instants, stalls, the
// per-stroke extremes and force quantities, and the strokes rejected with their reasons.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"
#include "analysis/channel_quality.hpp"
#include "analysis/timebase.hpp"

namespace needlerig::analysis {

struct StrokeInput {
  const double* protrusion = nullptr;
  const double* force = nullptr;  // nullptr: no force channel
  std::size_t sample_count = 0;
  double sample_rate_hz = 0.0;
  const std::vector<Segment>* segments = nullptr;
  const ChannelScan* protrusion_scan = nullptr;
  const ChannelScan* force_scan = nullptr;  // nullptr with no force channel
  Thresholds thresholds;
  std::optional<double> contact_force_n;  // force quantities need it
  double force_noise_rms_n = 0.0;
};

struct StrokeAnalysis {
  std::string no_strokes_reason;  // non-empty when no strokes could be found at all
  StrokeLevels levels;
  std::vector<double> instants_s;          // t_n of every resolved reference instant
  std::vector<std::size_t> instant_index;  // rise sample of each
  std::vector<std::uint8_t> linked;        // linked[k]: instants k, k+1 bound a valid period
  double instant_variance_s2 = 0.0;        // per-instant timing variance from sensor noise
  double median_period_s = 0.0;            // NaN without a period
  std::vector<StrokeDetail> strokes;       // accepted complete stroke windows
  std::map<std::string, std::size_t> rejected;
  std::vector<Event> stalls;
};

StrokeAnalysis analyze_strokes(const StrokeInput& input);

// Window sizes as fractions of the median stroke period (see the .cpp for the reasoning).
inline constexpr double kCrossingWindowFraction = 0.06;
inline constexpr double kPeakWindowFraction = 0.08;
// Force windows in seconds: the load cell's dynamics (~2 kHz) set the time scale of force features.
inline constexpr double kForceSmoothHalfWidth_s = 50e-6;
inline constexpr double kForcePeakHalfWidth_s = 60e-6;
// Fewer samples per period than this cannot be strokes (noise crossings of a flat signal).
inline constexpr double kMinPeriodSamples = 8.0;

}  // namespace needlerig::analysis
