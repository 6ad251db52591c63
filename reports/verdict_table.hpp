#pragma once
// The judged measurements of a run record as text for a terminal: per capture step its
// measurements with value, limits (human units) and verdict, then the run's verdict. What
// `needlerig analyze --plan` prints below the measurement table.

#include <string>

#include "rig/record/run_record.hpp"

namespace needlerig::reports {

std::string render_verdict_table(const rig::record::RunRecord& record);

}  // namespace needlerig::reports
