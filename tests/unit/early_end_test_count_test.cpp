// A run that errors early still shows every measurement its plan planned: firmware CI reads the
// test count from junit.xml and must see the same count on a good run and on a disconnect, and
// the operator's verdict line counts what was not measured.

#include <catch2/catch.hpp>
#include <string>

#include "reports/junit_xml.hpp"
#include "reports/verdict_table.hpp"
#include "tests/unit/sim_run_support.hpp"

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("A disconnect before the first capture keeps every planned measurement as a test case",
          "[acceptance]") {
  needlerig::testing::SimRunOptions options;
  options.seed = 1;
  const auto good = needlerig::testing::run_on_sim_station(options);
  options.fault_plan = "disconnect.yaml";
  // 0.4 s after the pen starts: in the first run step's 0.5 s settle.
  options.edit_faults = [](needlerig::rig::sim::FaultPlan& plan) { plan.faults[0].at_s = 0.4; };
  const auto early = needlerig::testing::run_on_sim_station(options);
  INFO(needlerig::testing::describe(early));
  REQUIRE(early.captures.empty());
  REQUIRE(early.planned_captures.size() == 2);
  CHECK(early.planned_captures[0].step_name == "depth_1.0mm_level3");
  CHECK(early.planned_captures[0].measurements.size() == 9);

  const auto good_xml = needlerig::reports::render_junit_xml(good);
  const auto early_xml = needlerig::reports::render_junit_xml(early);
  CHECK(occurrences(good_xml, "<testcase ") == 19);
  CHECK(occurrences(early_xml, "<testcase ") == 19);
  CHECK(occurrences(early_xml, "<skipped message=\"not measured: the run ended at step 4 (run, ") ==
        18);
  CHECK(early_xml.find(R"(tests="19" failures="0" errors="1" skipped="18")") != std::string::npos);

  const auto table = needlerig::reports::render_verdict_table(early);
  CHECK(table.find("verdict: ERROR (0 PASS, 0 MARGINAL, 0 FAIL, 0 ERROR, 18 not measured)\n") !=
        std::string::npos);
  CHECK(table.find("step depth_1.5mm_level3 (plan line 32): NOT MEASURED (9 measurements)") !=
        std::string::npos);
  CHECK(needlerig::reports::render_verdict_table(good).find("not measured") == std::string::npos);
}
