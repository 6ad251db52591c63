#pragma once
// The judged measurements of a run record as text for a terminal: per capture step its
// measurements with value, limits (human units) and verdict, the planned capture steps the run
// never reached, then the run's verdict with the count of each verdict (and of the measurements not
// taken, where there are any). What `needlerig run` prints at the end, and `needlerig analyze
// --plan` below the measurement table.

#include <string>

#include "rig/record/run_record.hpp"

namespace needlerig::reports {

std::string render_verdict_table(const rig::record::RunRecord& record);

}  // namespace needlerig::reports
