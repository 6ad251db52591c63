#pragma once
// The run record as JUnit XML for firmware CI (GitLab and Jenkins read the common Ant/Surefire
// form): one <testsuite> per capture step, named "<plan>.<step>", with one <testcase> per judged
// measurement (classname "needlerig.<plan>.<step>", name = measurement id; in these names every
// '.' of a plan or step name is a look-alike, junit_names.hpp, so that Jenkins shows package
// "needlerig.<plan>", class "<step>" and test "<id>" whole):
//   FAIL     -> <failure type="FAIL">,  ERROR -> <error type="ERROR">,
//   MARGINAL -> passes, with a <system-out> note (CI must not go red on a flagged value),
//   PASS     -> a passing test case whose <system-out> gives the value and limits,
//   planned but not measured (the run ended before the step) -> <skipped message="why">, so that
//            the test count stays the same however far a run got; the run's test case errors.
// The texts give value, limits and unit in human units. Each suite carries as properties the pen's
// serial and model, the station with its mode and drivers, the host, the plan with its version and
// SHA-256, and the software version with its commit and modified flag. A last suite,
// "<plan>.run", holds one test case for the run as a whole: it errors when the run was aborted or
// a step failed outside any judged capture, and whenever the record's verdict is worse than what
// the measurement test cases show, so that CI never passes a run the record calls FAIL or ERROR.

#include <string>

#include "rig/record/run_record.hpp"

namespace needlerig::reports {

std::string render_junit_xml(const rig::record::RunRecord& record);

}  // namespace needlerig::reports
