#pragma once
// One stroke of a pen's needle module, as scheduled: when it starts, how long it lasts and its
// per-stroke random parameters.

namespace needlerig::rig::sim {

struct StrokeSpan {
  double start_s;           // phase 0: the retracted minimum
  double period_s;          // the stroke ends at start_s + period_s (phase 1)
  double amplitude_mm;      // a_n: travel from the retracted level to this stroke's maximum
  double puncture_force_n;  // dimple force above preload at which this stroke punctures
};

}  // namespace needlerig::rig::sim
