#pragma once
// The planned measurements a run never took: the capture steps of the plan that have no capture in
// the record because the run ended before them. Every rendering counts and shows them (JUnit as
// skipped test cases, the verdict line, the HTML report), so that a run that errors early still
// shows all it was meant to judge and CI's test counts do not collapse.

#include <string>
#include <vector>

#include "rig/record/run_record.hpp"

namespace needlerig::reports {

/// The planned captures without a capture (matched by plan line), in plan order.
std::vector<const rig::record::PlannedCapture*> unmeasured_captures(
    const rig::record::RunRecord& record);

/// How many measurements those captures would have judged.
std::size_t not_measured_count(const rig::record::RunRecord& record);

/// Why they were not measured, one line: "not measured: the run ended at step 4 (run, plan line
/// 15): daq: the stream source disconnected while the pen settled".
std::string not_measured_reason(const rig::record::RunRecord& record);

}  // namespace needlerig::reports
