// `guard_band: 2u` in a plan: the guard band follows the capture's own standard uncertainty u.
// Parsed only for ids the engine gives a u; judged with k u of the capture at hand.

#include <catch2/catch.hpp>
#include <string>

#include "rig/plan/plan_error.hpp"
#include "rig/plan/plan_loader.hpp"
#include "rig/sequencer/measurement_judgement.hpp"
#include "tests/unit/hand_built_result.hpp"

namespace {

using needlerig::analysis::MeasurementId;
using needlerig::analysis::Verdict;
using needlerig::rig::plan::parse_test_plan;
using needlerig::rig::plan::PlanError;

std::string plan_with(const std::string& check) {
  return "name: t\nversion: '1'\nsteps:\n  - run: {speed_level: 2, settle_s: 0.1}\n"
         "  - capture:\n      name: c1\n      duration_s: 1.0\n      measurements:\n"
         "        - " +
         check + "\n";
}

std::string plan_error(const std::string& text) {
  try {
    parse_test_plan(text, "u.yaml");
  } catch (const PlanError& e) {
    return e.what();
  }
  return "no error";
}

const needlerig::rig::plan::MeasurementCheck& only_check(const needlerig::rig::plan::TestPlan& p) {
  for (const auto& step : p.steps) {
    if (const auto* c = std::get_if<needlerig::rig::plan::CaptureStep>(&step.action))
      return c->measurements.front();
  }
  FAIL("no capture step");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("guard_band: 2u is read as a multiple of u, only for ids that have one", "[plan]") {
  const auto plan = parse_test_plan(
      plan_with("{id: depth_error, nominal: 0.0, tolerance: 0.1, guard_band: 2u}"), "u.yaml");
  const auto& check = only_check(plan);
  REQUIRE(check.guard_band_in_u.has_value());
  CHECK(*check.guard_band_in_u == 2.0);
  CHECK(check.limits.guard_band == 0.0);

  CHECK_THAT(plan_error(plan_with("{id: protrusion_max_max, max: 1.1, guard_band: 2u}")),
             Catch::Matchers::Contains("u.yaml:9") &&
                 Catch::Matchers::Contains("'protrusion_max_max' has no uncertainty u"));
  CHECK_THAT(plan_error(plan_with("{id: depth_error, max: 0.1, guard_band: -2u}")),
             Catch::Matchers::Contains("not a positive multiple of u"));
  CHECK_THAT(plan_error(plan_with("{id: depth_error, max: 0.1, guard_band: twou}")),
             Catch::Matchers::Contains("not a positive multiple of u"));
}

TEST_CASE("guard_band: 2u judges with twice this capture's u", "[plan]") {
  const auto plan = parse_test_plan(
      plan_with("{id: depth_error, nominal: 0.0, tolerance: 0.010, guard_band: 2u}"), "u.yaml");
  auto result = needlerig::testing::hand_built_result();
  needlerig::testing::set_value(result, MeasurementId::depth_error, 0.008);
  auto& m = result.measurements[static_cast<std::size_t>(MeasurementId::depth_error)];

  m.u = 0.0005;  // band 0.001: 0.008 is 0.002 inside the limit
  auto judged = needlerig::rig::sequencer::judge_measurements({only_check(plan)}, result);
  CHECK(judged.front().verdict == Verdict::pass);
  CHECK(judged.front().limits.guard_band == Approx(0.001));
  CHECK(*judged.front().u == 0.0005);

  m.u = 0.0015;  // band 0.003: within it
  judged = needlerig::rig::sequencer::judge_measurements({only_check(plan)}, result);
  CHECK(judged.front().verdict == Verdict::marginal);

  m.u.reset();  // no u on this capture: the band cannot be made
  judged = needlerig::rig::sequencer::judge_measurements({only_check(plan)}, result);
  CHECK(judged.front().verdict == Verdict::error);
  CHECK_THAT(judged.front().error, Catch::Matchers::Contains("no uncertainty u"));
}
