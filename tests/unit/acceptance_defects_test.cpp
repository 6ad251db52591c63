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
  // Sound data: no finding, no acquisition event.
  for (const auto& capture : record.captures) CHECK(capture.analysis.findings.empty());
  CHECK(record.events.empty());
}
