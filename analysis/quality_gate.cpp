#include "analysis/quality_gate.hpp"

#include <cstdio>

namespace needlerig::analysis {

std::string describe_finding(const DataFinding& finding) {
  char time_text[32];
  std::snprintf(time_text, sizeof time_text, "%.6g", finding.first_time_s);
  std::string text = std::string(finding_kind_name(finding.kind)) + " on " +
                     std::string(channel_id(finding.channel)) + " at " + time_text + " s";
  if (finding.first_line) text += " (line " + std::to_string(*finding.first_line) + ")";
  return text;
}

void apply_quality_gate(AnalysisResult& result, const AnalysisSettings& settings) {
  for (MeasurementValue& measurement : result.measurements) {
    const ChannelMask mask = measurement_info(measurement.id).channels;
    for (const DataFinding& finding : result.findings) {
      if (!finding_spoils_channel(finding.kind)) continue;
      if (settings.tolerated_findings.count(finding.kind) != 0) continue;
      if ((mask & channel_bit(finding.channel)) == 0) continue;
      // A stated rate that disagrees with the time stamps spoils what scales with time only.
      if (finding.kind == FindingKind::timebase_mismatch &&
          !measurement_info(measurement.id).timing) {
        continue;
      }
      std::string error = describe_finding(finding);
      if (!measurement.error.empty()) error += "; " + measurement.error;
      measurement.value.reset();
      measurement.u.reset();
      measurement.error = std::move(error);
      break;
    }
  }
}

}  // namespace needlerig::analysis
