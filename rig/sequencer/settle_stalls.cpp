#include "rig/sequencer/settle_stalls.hpp"

#include <cmath>
#include <limits>

#include "analysis/analyzer.hpp"
#include "analysis/robust_stats.hpp"

namespace needlerig::rig::sequencer {

SettleStalls stalls_once_up_to_speed(const analysis::Capture& settle,
                                     const analysis::AnalysisSettings& settings, bool whole) {
  // Its edges are not the settle's to judge: the start is the spin-up, the end runs into the
  // capture (the lead-in gap), so the pen is not taken as running throughout.
  analysis::AnalysisSettings inner = settings;
  inner.pen_running = false;
  const auto result = analysis::analyze_capture(settle, inner);
  for (const auto& finding : result.findings) {
    if (finding.channel == analysis::Channel::time ||
        finding.channel == analysis::Channel::protrusion) {
      return {};
    }
  }
  const auto& instants = result.reference_instants_s;
  if (instants.size() < 3) return {};
  std::vector<double> periods;
  for (std::size_t k = 0; k + 1 < instants.size(); ++k) {
    periods.push_back(instants[k + 1] - instants[k]);
  }
  std::vector<double> sorted = periods;
  const double median = analysis::median_in_place(sorted);
  double up_to_speed_s = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < periods.size(); ++k) {
    if (periods[k] <= kUpToSpeedPeriods * median) {
      up_to_speed_s = instants[k];
      break;
    }
  }
  SettleStalls out;
  for (const auto& event : result.events) {
    if (event.kind == analysis::EventKind::stall && event.time_s >= up_to_speed_s) {
      out.stalls.push_back(event);
    }
  }
  if (whole && std::isfinite(up_to_speed_s))
    out.lead_in_gap_s = result.duration_s - instants.back();
  return out;
}

}  // namespace needlerig::rig::sequencer
