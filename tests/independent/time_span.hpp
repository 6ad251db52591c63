#pragma once
// A span of capture time, for stalls, stuck sensors and dropouts.

namespace needlerig::independent {

/// [start_s, start_s + duration_s) in capture time (0 at the capture's first sample).
struct TimeSpan {
  double start_s;
  double duration_s;
  double end_s() const { return start_s + duration_s; }
  bool contains(double time_s) const { return time_s >= start_s && time_s < end_s(); }
};

}  // namespace needlerig::independent
