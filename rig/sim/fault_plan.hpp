#pragma once
// A fault plan (YAML) for the simulated rig: what goes wrong, and when.
//
//   faults:
//     - kind: sensor_dropout     # timed faults: at_s (and optional duration_s, default: for good)
//       at_s: 0.20
//       duration_s: 0.01
//     - kind: stuck_sensor
//       channel: force_N
//       at_s: 0.5
//     - kind: blunt_needles      # pen defects hold for the whole run
//       factor: 2.0
//
// Timed faults on the stream (sensor_dropout, stuck_sensor, saturation, disconnect, overforce)
// count at_s on the stream's sample clock (sample k at k / rate): from its activation (the start
// of a run: `from: stream_start`, the default), or from the pen's latest power-on (`from:
// power_on`: the start of a run step's settle, so that a fault can be put into a settle or a
// capture without knowing how long the moves before it took). The motor fault (stalled_motor)
// counts from each power-on. Pen defects (needle_not_retracting,
// blunt_needles, bent_needle, depth_miscalibration, weak_motor, rough_motor) apply from the pen's
// next power-on. What each does is written at its kind below and in fixtures/faults/README.md.

#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::sim {

enum class FaultKind {
  sensor_dropout,         // samples lost: the next block reports overrun, its index jumps
  stuck_sensor,           // `channel` repeats its last code
  saturation,             // `channel` reads the end of its full scale (`level`: high | low)
  disconnect,             // the DAQ goes to fault: read_block answers disconnected
  stalled_motor,          // no strokes; the motor draws its stall current
  overforce,              // `force_n` (default twice the load cell's range) added on the load cell
  needle_not_retracting,  // retraction stops at `stop_mm` (> 0: beyond the face)
  blunt_needles,          // puncture force x `factor`
  bent_needle,            // `load_fraction` of the dimple force never gives way
  depth_miscalibration,   // delivered depth + `offset_mm`
  weak_motor,             // stroke frequency x `factor`
  rough_motor,            // extra white period jitter of RMS `jitter_rms_s`
};

std::string_view fault_kind_name(FaultKind kind);

struct Fault {
  FaultKind kind = FaultKind::sensor_dropout;
  int line = 0;  // in the plan file, for messages
  double at_s = 0.0;
  bool from_power_on = false;  // stream faults: at_s counts from the pen's latest power-on
  double duration_s = std::numeric_limits<double>::infinity();
  std::string channel;            // stuck_sensor, saturation
  bool saturate_high = true;      // saturation
  std::optional<double> force_n;  // overforce
  double value = 0.0;             // stop_mm, factor, load_fraction, offset_mm, jitter_rms_s

  bool active_at(double t_s) const { return t_s >= at_s && t_s - at_s < duration_s; }
  bool timed() const;
};

struct FaultPlan {
  std::filesystem::path file;  // empty: no plan
  std::vector<Fault> faults;

  /// The pen defect of `kind`, if the plan has one (the last one wins).
  const Fault* defect(FaultKind kind) const;
};

/// Reads a fault plan. Throws config::ConfigError naming the file, line and key for anything
/// malformed (unknown kind or key, a missing at_s, a negative duration, an unknown channel, ...).
FaultPlan load_fault_plan(const std::filesystem::path& file);

}  // namespace needlerig::rig::sim
