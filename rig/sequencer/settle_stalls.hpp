#pragma once
// Stalls of the pen while it settles after a run step. The settle samples are not judged, but a
// motor that stalls there and recovers is a defect the capture after it would not show, so the
// settle is searched for stalls with the engine's own definition (a gap of more than
// stall_periods median periods between strokes). The first strokes after power-on are slow
// without being stalls (the motor spins up), so stalls count only once a stroke period has come
// within kUpToSpeedPeriods median periods. A stall is called only on sound data: a stuck or
// saturated displacement sensor, or lost samples, also leave gaps between strokes, and those are
// the sensor's (the captures judge their own data).

#include <cstdint>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"
#include "analysis/capture.hpp"

namespace needlerig::rig::sequencer {

inline constexpr double kUpToSpeedPeriods = 1.5;

/// The settle is watched for its first this many samples: 20 s at 100 kHz, 2 s at 1 MHz, about
/// 50 MB with three channels. That covers the spin-up and the first seconds at speed, where a
/// stall after power-on shows; a longer settle (a warm-up) is not watched beyond it.
inline constexpr std::uint64_t kSettleWatchSamples = 2'000'000;

/// The stall events of the settle samples once the pen was up to speed (times in seconds from the
/// settle's first sample); none when the settle holds fewer than three strokes or has a
/// data-quality finding on its time or protrusion samples.
/// What the settle tells the capture after it: a stall in a run step's settle counts with the
/// capture that follows it (measurement contract: strokes).
struct SettleStalls {
  /// The stalls between strokes once the pen was up to speed, times from the settle's start.
  std::vector<analysis::Event> stalls;
  /// From the settle's last reference instant to its end: a stall that began there and runs into
  /// the capture is measured from there. 0 where not known (no strokes up to speed, unsound data,
  /// or a settle longer than the part watched).
  double lead_in_gap_s = 0.0;
};

/// `settings` give the thresholds and the sensors' full scale (without it a short saturation is
/// no finding, and the gap it leaves would be taken for a stall). `whole`: `settle` holds the
/// whole settle, up to the capture's first sample.
SettleStalls stalls_once_up_to_speed(const analysis::Capture& settle,
                                     const analysis::AnalysisSettings& settings, bool whole);

}  // namespace needlerig::rig::sequencer
