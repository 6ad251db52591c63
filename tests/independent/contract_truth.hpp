#pragma once
// The ground truth: every measurement of the contract (docs/measurements.md) evaluated on the
// noise-free sensor outputs, written from the contract's words alone.
//
// Input is the underlying signal (after the laser's and the load cell's own dynamics, before
// noise, mains pickup and the converter) on a grid much finer than the samples. Sample-level
// faults (dropouts, stuck or saturated channels, a wrong stated rate) do not change it: the truth
// is the pen's; what the contract asks of the engine there is a finding and ERROR. A stall does
// change it: it is the pen's.
//
// Where the contract needed interpretation (each is marked "Interpretation" where it is applied):
//  1. Levels: the first levels come from the 5th and 95th percentiles (nearest rank) of the
//     protrusion; P_hi and P_lo are then the medians of P_max,n and P_min,n over the complete
//     windows found with those levels, stalls included (stalls need the instants, which need the
//     levels), one refinement.
//  2. The minimum before t_n is searched since t_(n-1); before the first instant, since the
//     capture's start, and that first window is complete only if the capture saw the protrusion at
//     or above m before the minimum. The last instant's window is always cut by the capture's end.
//  3. The extension phase ends where the protrusion first comes within 1 nm of P_max,n (the
//     contract's "before P_max,n" has no instant on a flat top).
//  4. The puncture is searched from first contact on (a ripple below the contact threshold is not
//     the tissue giving way: read literally, a maximum below F_base,n would need a drop of a
//     negative amount); a maximum's drop must come before the force exceeds that maximum again.
//  5. A stall's stretch runs from the last reference instant before it (or the capture's start)
//     to the first after it (or the capture's end). The strokes whose windows reach into a stall
//     stretch ("the edge of a stall") are left out of the per-stroke statistics; the period across
//     a stall is not a period (stroke_count, the jitters and the drift leave it out;
//     cycle_to_cycle pairs only periods sharing an instant); tie_rms fits one rate with an
//     intercept per run of instants between stalls.
//  6. Strokes without F_base,n (the needles never inside the cartridge in their extension phase)
//     are left out of every force statistic; contact_force and all force figures are undefined
//     (NaN) when no stroke has one. Strokes without contact are left out of
//     insertion_travel_mean; they count as unpunctured (penetration 0) in the others.
//  7. With fewer than two reference instants there is no median period: stall_count and the
//     timing figures are undefined (NaN).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_settings.hpp"
#include "analysis/measurement_ids.hpp"
#include "tests/independent/stroke_measures.hpp"
#include "tests/independent/stroke_segmentation.hpp"
#include "tests/independent/time_span.hpp"

namespace needlerig::independent {

/// The underlying signals on a uniform grid from the capture's first sample (t = 0) to its last.
struct UnderlyingSignals {
  double step_s;
  std::vector<double> protrusion_mm;
  std::vector<double> force_n;  // empty: no force channel
};

struct TruthSettings {
  analysis::Thresholds thresholds;  // the contract's defaults unless a plan changes them
  std::optional<double> depth_setting_mm;
  std::optional<int> needle_count;
  bool pen_running = true;
  double top_tolerance_mm = 1e-6;  // interpretation 3
};

struct ContractTruth {
  TruthLevels levels;
  std::vector<double> reference_instants_s;
  std::vector<TimeSpan> stalls;
  /// The strokes of the per-stroke statistics: complete windows outside the stalls, in order.
  std::vector<StrokeTruth> strokes;
  /// Strokes left out of the per-stroke statistics, by reason: "cut by the capture", "edge of a
  /// stall"; "no force baseline" for those left out of the force statistics only.
  std::map<std::string, std::size_t> strokes_left_out;
  /// Every id of analysis::kMeasurements; NaN where the contract's definition gives no value.
  std::map<analysis::MeasurementId, double> values;
  /// The contract's stall_count, also in `values` where analysis::MeasurementId has it.
  double stall_count;
};

ContractTruth evaluate_contract_truth(const UnderlyingSignals& signals,
                                      const TruthSettings& settings);

}  // namespace needlerig::independent
