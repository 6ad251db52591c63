#include "reports/capture_analysis_record.hpp"

#include "reports/analysis_record.hpp"

namespace needlerig::reports {

nlohmann::ordered_json capture_analysis_record(const rig::record::CaptureResult& capture) {
  // make_analysis_record reads only a capture's source, metadata and first data line (never the
  // samples), which the run record keeps.
  analysis::Capture origin;
  origin.source = capture.source;
  origin.metadata = capture.metadata;
  origin.first_data_line = capture.first_data_line;
  origin.sample_rate_hz = capture.analysis.sample_rate_hz;
  return make_analysis_record(capture.analysis, origin, capture.settings);
}

}  // namespace needlerig::reports
