// Acceptance of the QA run: every pen defect of fixtures/faults/ fails the production plan on the
// measurement that should catch it, through the path `needlerig run` takes (station file,
// driver registry, fault plan, sequencer, engine, verdicts). FAIL, not ERROR: the data is sound,
// the pen is not. A good pen passes the same plan.

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/sim_run_support.hpp"

namespace {

using needlerig::analysis::MeasurementId;
using needlerig::analysis::Verdict;
namespace t = needlerig::testing;

struct DefectCase {
  std::string fault_plan;
  std::set<MeasurementId> must_fail;  // each of these fails in at least one capture
  std::set<MeasurementId> may_fail;   // and nothing outside must_fail + may_fail fails
};

}  // namespace

TEST_CASE("A good pen passes the production plan on the simulated station", "[acceptance]") {
  const auto record = t::run_on_sim_station({});
  INFO(t::describe(record));
  CHECK(record.verdict == Verdict::pass);
  REQUIRE(record.captures.size() == 2);
  CHECK(t::judged_with(record, Verdict::fail).empty());
  CHECK(t::judged_with(record, Verdict::error).empty());
  for (const auto& capture : record.captures) CHECK(capture.analysis.findings.empty());
}

TEST_CASE("Each pen defect fails the production plan on its measurement", "[acceptance]") {
  using Id = MeasurementId;
  const auto c = GENERATE(values<DefectCase>({
      {"depth_miscalibration.yaml", {Id::depth_error}, {}},
      {"weak_motor.yaml", {Id::stroke_frequency}, {}},
      // 300 us of white period jitter: both jitter figures are well over their limits.
      {"rough_motor.yaml", {Id::period_jitter_rms, Id::cycle_to_cycle_jitter_rms}, {}},
      // The needles never leave the phantom: no contact force can be taken, so the force
      // measurements fail with the reason (rig/sequencer/measurement_judgement.hpp).
      {"needle_not_retracting.yaml",
       {Id::retraction_worst},
       {Id::peak_force_mean, Id::puncture_ratio}},
      {"blunt_needles.yaml", {Id::peak_force_mean}, {Id::puncture_ratio}},
      // The rotor stalls 0.3 s into the first capture (and again in the second: the fault counts
      // from each power-on); the strokes outside the stall still measure a good pen.
      {"stalled_motor.yaml", {Id::stall_count}, {}},
  }));
  INFO(c.fault_plan);
  t::SimRunOptions options;
  options.fault_plan = c.fault_plan;
  const auto record = t::run_on_sim_station(options);
  INFO(t::describe(record));
  CHECK(record.verdict == Verdict::fail);
  REQUIRE(record.captures.size() == 2);
  CHECK(t::judged_with(record, Verdict::error).empty());
  const auto failed = t::judged_with(record, Verdict::fail);
  for (const auto id : c.must_fail) {
    INFO("expected to fail: " << needlerig::analysis::measurement_info(id).name);
    CHECK(failed.count(id) == 1);
  }
  for (const auto id : failed) {
    INFO("failed: " << needlerig::analysis::measurement_info(id).name);
    CHECK((c.must_fail.count(id) + c.may_fail.count(id)) == 1);
  }
  // Sound data: no finding, no acquisition event (a stall is the pen's, and said as such).
  for (const auto& capture : record.captures) CHECK(capture.analysis.findings.empty());
  for (const auto& event : record.events) CHECK(event.kind == "stall");
}

TEST_CASE("A stall while the pen settles counts with the capture after it", "[acceptance]") {
  using Id = MeasurementId;
  // The production plan settles 0.5 s after power-on. A stall wholly in the settle (the motor long
  // up to speed), and one that begins in the settle and runs into the capture: each FAILs the
  // capture that follows on stall_count, with the stall among the run's events.
  const double at_s = GENERATE(0.2, 0.45);
  INFO("stall from " << at_s << " s after power-on for 0.1 s");
  t::SimRunOptions options;
  options.fault_plan = "stalled_motor.yaml";
  options.edit_faults = [at_s](needlerig::rig::sim::FaultPlan& plan) {
    for (auto& fault : plan.faults) fault.at_s = at_s;
  };
  const auto record = t::run_on_sim_station(options);
  INFO(t::describe(record));
  CHECK(record.verdict == Verdict::fail);
  REQUIRE(record.captures.size() == 2);
  for (const auto& capture : record.captures) {
    CHECK(capture.analysis.value(Id::stall_count) == 1.0);
    CHECK(capture.verdict == Verdict::fail);
    CHECK(capture.analysis.findings.empty());
  }
  CHECK(t::judged_with(record, Verdict::fail) == std::set<Id>{Id::stall_count});
  CHECK(t::judged_with(record, Verdict::error).empty());
  for (const auto& step : record.steps) CHECK(step.status == needlerig::rig::record::StepStatus::done);
}
