#include "rig/sequencer/settle_stalls.hpp"

#include <limits>

#include "analysis/analyzer.hpp"
#include "analysis/robust_stats.hpp"

namespace needlerig::rig::sequencer {

std::vector<analysis::Event> stalls_once_up_to_speed(const analysis::Capture& settle,
                                                     const analysis::AnalysisSettings& settings) {
  const auto result = analysis::analyze_capture(settle, settings);
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
  std::vector<analysis::Event> stalls;
  for (const auto& event : result.events) {
    if (event.kind == analysis::EventKind::stall && event.time_s >= up_to_speed_s) {
      stalls.push_back(event);
    }
  }
  return stalls;
}

}  // namespace needlerig::rig::sequencer
