#pragma once
// The analysis record (reports/analysis_record.hpp) of one capture of a run record: the same
// rendering `needlerig analyze` prints, so a capture's analysis reads alike wherever it appears.

#include <nlohmann/json.hpp>

#include "rig/record/run_record.hpp"

namespace needlerig::reports {

nlohmann::ordered_json capture_analysis_record(const rig::record::CaptureResult& capture);

}  // namespace needlerig::reports
