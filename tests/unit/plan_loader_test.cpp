#include "rig/plan/plan_loader.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "rig/plan/rig_limits.hpp"
#include "rig/plan/step_description.hpp"

using needlerig::rig::plan::CaptureStep;
using needlerig::rig::plan::check_plan_for_rig;
using needlerig::rig::plan::RigLimits;
using needlerig::rig::plan::load_test_plan;
using needlerig::rig::plan::parse_test_plan;
using needlerig::rig::plan::PlanError;
using needlerig::rig::plan::RunStep;
using needlerig::rig::plan::TestPlan;
namespace analysis = needlerig::analysis;

namespace {

const std::string kFixtures = NEEDLERIG_FIXTURES_DIR;

// A valid plan, line by line, so that each malformed variant below changes one thing.
const std::string kHead =
    "name: t\n"                                    // 1
    "version: '1'\n"                               // 2
    "steps:\n"                                     // 3
    "  - home\n"                                   // 4
    "  - run: {speed_level: 2, settle_s: 0.1}\n";  // 5
const std::string kCapture =
    "  - capture:\n"                                       // 6
    "      name: c1\n"                                     // 7
    "      duration_s: 1.0\n"                              // 8
    "      measurements:\n"                                // 9
    "        - {id: depth_error, min: -0.1, max: 0.1}\n";  // 10

/// A rig that can do everything the plans below ask, except where a test narrows it.
RigLimits generous_rig() {
  RigLimits limits;
  limits.axis = {20.0, 0.0, 50.0};
  limits.sample_rate_hz = 100'000.0;
  limits.channel_count = 3;
  limits.pen.speed_levels = 6;
  limits.pen.sets_depth = true;
  limits.pen.depth_min_mm = 0.0;
  limits.pen.depth_max_mm = 2.5;
  limits.pen.depth_step_mm = 0.25;
  limits.max_force_n = 15.0;
  limits.capture_memory_bytes = 1ULL << 30;
  limits.max_settle_s = 600.0;
  return limits;
}

/// The message of the PlanError that parsing `text` throws (fails the test if none is thrown).
std::string plan_error(const std::string& text) {
  try {
    parse_test_plan(text, "bad.yaml");
  } catch (const PlanError& e) {
    return e.what();
  }
  FAIL("no PlanError for:\n" << text);
  return "";
}

}  // namespace

TEST_CASE("the production plan loads with its steps, lines and limits", "[plan]") {
  const TestPlan plan = load_test_plan(kFixtures + "/plans/production.yaml");
  CHECK(plan.name == "production-qa-adjustable-100-150");
  CHECK_FALSE(plan.bytes.empty());
  REQUIRE(plan.steps.size() == 11);
  CHECK(plan.steps.front().line > 0);
  std::size_t captures = 0;
  for (const auto& step : plan.steps) {
    if (const auto* capture = std::get_if<CaptureStep>(&step.action)) {
      ++captures;
      CHECK(capture->measurements.size() == 9);
      const auto& depth = capture->measurements.front();
      CHECK(depth.id == analysis::MeasurementId::depth_error);
      CHECK(depth.limits.lower == Approx(-0.15));
      CHECK(depth.limits.upper == Approx(0.15));
      CHECK(depth.uncertainty == Approx(0.02));
      CHECK(depth.limits.guard_band == Approx(0.02));  // guard band = uncertainty
    }
  }
  CHECK(captures == 2);
  REQUIRE(plan.retract_position());
  CHECK(plan.retract_position()->position_mm == 0.0);
}

TEST_CASE("the characterisation plan sweeps 3 depths x 3 speeds over every measurement", "[plan]") {
  const TestPlan plan = load_test_plan(kFixtures + "/plans/characterisation.yaml");
  std::size_t captures = 0;
  for (const auto& step : plan.steps) {
    if (const auto* capture = std::get_if<CaptureStep>(&step.action)) {
      ++captures;
      CHECK(capture->measurements.size() == analysis::kMeasurements.size());
    }
  }
  CHECK(captures == 9);
}

TEST_CASE("thresholds, tolerated findings and bare or mapped steps are read", "[plan]") {
  const auto plan = parse_test_plan(
      "name: t\nversion: 2\nthresholds: {contact_threshold_n: 0.05, stall_periods: 4}\n"
      "tolerate: [dropout]\nsteps:\n  - home: {}\n  - run: {frequency_hz: 120}\n" +
          kCapture + "  - stop\n",
      "ok.yaml");
  CHECK(plan.version == "2");
  CHECK(plan.thresholds.contact_threshold_n == 0.05);
  CHECK(plan.thresholds.stall_periods == 4.0);
  CHECK(plan.thresholds.hysteresis_fraction == analysis::Thresholds{}.hysteresis_fraction);
  CHECK(plan.tolerated.count(analysis::FindingKind::dropout) == 1);
  REQUIRE(plan.steps.size() == 4);
  CHECK(std::get<RunStep>(plan.steps[1].action).frequency_hz == 120.0);
  CHECK(plan.steps[2].line == 8);
  CHECK(needlerig::rig::plan::describe_step(plan.steps[2].action) ==
        "capture 'c1' for 1.00 s (1 checks)");
}

TEST_CASE("a malformed plan is refused with file, line and the key at fault", "[plan]") {
  // The valid plan itself loads.
  CHECK_NOTHROW(parse_test_plan(kHead + kCapture, "bad.yaml"));

  SECTION("YAML syntax error") {
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1: c2\n      duration_s: 1\n"),
               Catch::StartsWith("bad.yaml:7:") && Catch::Contains("not valid YAML"));
  }
  SECTION("a typo in a top-level key") {
    CHECK_THAT(plan_error("name: t\nversoin: '1'\nsteps: []\n"),
               Catch::StartsWith("bad.yaml:2: key 'versoin': unknown key") &&
                   Catch::Contains("did you mean version?"));
  }
  SECTION("a typo in a step's key") {
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      durration_s: 1.0\n"),
               Catch::StartsWith("bad.yaml:8: key 'durration_s': unknown key") &&
                   Catch::Contains("duration_s"));
  }
  SECTION("an unknown step kind") {
    CHECK_THAT(plan_error(kHead + "  - retrakt: {position_mm: 0, speed_mm_per_s: 1}\n" + kCapture),
               Catch::StartsWith("bad.yaml:6: key 'retrakt': unknown step") &&
                   Catch::Contains("did you mean retract?"));
  }
  SECTION("a missing required key") {
    CHECK_THAT(plan_error("version: '1'\nsteps:\n  - home\n"),
               Catch::StartsWith("bad.yaml:1: key 'name': missing"));
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      measurements: []\n"),
               Catch::StartsWith("bad.yaml:7: key 'duration_s': missing"));
  }
  SECTION("a key given twice") {
    CHECK_THAT(plan_error("name: t\nname: u\n"),
               Catch::StartsWith("bad.yaml:2: key 'name': given twice"));
  }
  SECTION("wrong types") {
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: long\n"),
               Catch::StartsWith("bad.yaml:8: key 'duration_s': expected a number, got 'long'"));
    CHECK_THAT(plan_error("name: t\nversion: '1'\nsteps:\n  - run: {speed_level: 2.5}\n"),
               Catch::StartsWith("bad.yaml:4: key 'speed_level': expected a whole number"));
    CHECK_THAT(plan_error("name: [a, b]\n"),
               Catch::StartsWith("bad.yaml:1: key 'name': expected a text, got a list"));
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: .nan\n"),
               Catch::StartsWith("bad.yaml:8: key 'duration_s': expected a finite number"));
  }
  SECTION("an unknown measurement id lists the close ones") {
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: 1\n"
                                  "      measurements:\n        - {id: depth_eror, max: 1}\n"),
               Catch::StartsWith("bad.yaml:10: key 'id': unknown measurement id 'depth_eror'") &&
                   Catch::Contains("did you mean depth_error"));
    CHECK_THAT(
        plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: 1\n"
                           "      measurements:\n        - {id: jitter, max: 1}\n"),
        Catch::Contains("period_jitter_rms") && Catch::Contains("cycle_to_cycle_jitter_rms"));
  }
  SECTION("min greater than max") {
    CHECK_THAT(
        plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: 1\n"
                           "      measurements:\n        - {id: depth_error, min: 1, max: 0}\n"),
        Catch::StartsWith("bad.yaml:10: key 'min': min (1") && Catch::Contains("greater than max"));
  }
  SECTION("negative tolerance, guard band and duration") {
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: 1\n"
                                  "      measurements:\n"
                                  "        - {id: depth_error, nominal: 0, tolerance: -0.1}\n"),
               Catch::StartsWith("bad.yaml:10: key 'tolerance': must not be negative"));
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: 1\n"
                                  "      measurements:\n"
                                  "        - {id: depth_error, max: 1, guard_band: -1}\n"),
               Catch::StartsWith("bad.yaml:10: key 'guard_band': must not be negative"));
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: -1\n"),
               Catch::StartsWith("bad.yaml:8: key 'duration_s': must be greater than 0"));
    CHECK_THAT(
        plan_error("name: t\nversion: '1'\nsteps:\n  - run: {speed_level: 1, settle_s: -2}\n"),
        Catch::StartsWith("bad.yaml:4: key 'settle_s': must not be negative"));
  }
  SECTION("a measurement without limits, or with both forms") {
    CHECK_THAT(plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: 1\n"
                                  "      measurements:\n        - {id: depth_error}\n"),
               Catch::StartsWith("bad.yaml:10: key 'id': 'depth_error' has no limits"));
    CHECK_THAT(
        plan_error(kHead + "  - capture:\n      name: c1\n      duration_s: 1\n"
                           "      measurements:\n"
                           "        - {id: depth_error, min: 0, nominal: 0, tolerance: 1}\n"),
        Catch::StartsWith("bad.yaml:10: key 'nominal': give either"));
  }
  SECTION("a capture before any run, or after the pen was stopped") {
    CHECK_THAT(plan_error("name: t\nversion: '1'\nsteps:\n  - home\n" + kCapture),
               Catch::StartsWith("bad.yaml:5: key 'capture': capture 'c1' while the pen is not "
                                 "running"));
    CHECK_THAT(plan_error(kHead + "  - stop\n" + kCapture),
               Catch::StartsWith("bad.yaml:7: key 'capture'"));
  }
  SECTION("no capture step at all") {
    CHECK_THAT(plan_error(kHead),
               Catch::StartsWith("bad.yaml:3: key 'steps': the plan has no capture step"));
  }
  SECTION("an unknown finding kind") {
    CHECK_THAT(plan_error("name: t\nversion: '1'\ntolerate: [dropuot]\n" +
                          kHead.substr(kHead.find("steps:"))),
               Catch::StartsWith("bad.yaml:3: key 'tolerate': unknown finding kind 'dropuot'") &&
                   Catch::Contains("did you mean dropout?"));
  }
  SECTION("a run step with both speed settings") {
    CHECK_THAT(
        plan_error("name: t\nversion: '1'\nsteps:\n  - run: {speed_level: 2, frequency_hz: 100}\n"),
        Catch::StartsWith("bad.yaml:4: key 'speed_level': give one of speed_level or frequency_hz, "
                          "not both"));
  }
  SECTION("the same measurement twice, the same capture name twice") {
    CHECK_THAT(
        plan_error(kHead + kCapture + "        - {id: depth_error, max: 1}\n"),
        Catch::StartsWith("bad.yaml:11: key 'id': measurement 'depth_error' is judged twice"));
    CHECK_THAT(plan_error(kHead + kCapture + kCapture),
               Catch::StartsWith("bad.yaml:11: key 'name': capture name 'c1' is used twice"));
  }
}

TEST_CASE("a plan file that cannot be read is a PlanError naming it", "[plan]") {
  CHECK_THROWS_WITH(load_test_plan("/nonexistent/plan.yaml"),
                    Catch::StartsWith("/nonexistent/plan.yaml:0: cannot open"));
}

TEST_CASE("a run step's speed must suit the pen", "[plan]") {
  const auto plan_with = [](const std::string& run) {
    return parse_test_plan("name: t\nversion: '1'\nsteps:\n  - " + run + "\n" + kCapture, "p.yaml");
  };
  const auto pen_error = [](const TestPlan& plan,
                            const needlerig::rig::core::PenCapabilities& pen) {
    try {
      RigLimits limits = generous_rig();
      limits.pen = pen;
      check_plan_for_rig(plan, limits);
    } catch (const PlanError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  needlerig::rig::core::PenCapabilities fixed;  // neither levels nor a frequency setting
  needlerig::rig::core::PenCapabilities levels;
  levels.speed_levels = 6;
  needlerig::rig::core::PenCapabilities frequency;
  frequency.sets_frequency = true;
  frequency.frequency_min_hz = 50.0;
  frequency.frequency_max_hz = 200.0;

  SECTION("a fixed-speed pen runs at its own speed, bare or with a settle time") {
    for (const char* run : {"run", "run: {settle_s: 0.5}"}) {
      const TestPlan plan = plan_with(run);
      const auto& step = std::get<RunStep>(plan.steps.front().action);
      CHECK_FALSE(step.speed_level);
      CHECK_FALSE(step.frequency_hz);
      CHECK(pen_error(plan, fixed) == "no error");
      CHECK(needlerig::rig::plan::describe_step(plan.steps.front().action).find("its own speed") !=
            std::string::npos);
    }
  }
  SECTION("a fixed-speed pen given a speed") {
    CHECK_THAT(pen_error(plan_with("run: {speed_level: 2}"), fixed),
               Catch::Contains("p.yaml:4: key 'speed_level': this pen runs at one fixed speed"));
    CHECK_THAT(pen_error(plan_with("run: {frequency_hz: 100}"), fixed),
               Catch::Contains("key 'frequency_hz': this pen runs at one fixed speed"));
  }
  SECTION("a pen whose speed is set, given none") {
    CHECK_THAT(pen_error(plan_with("run: {settle_s: 0.5}"), levels),
               Catch::Contains("p.yaml:4: key 'run': this pen's speed is set by the plan: give "
                               "speed_level (1..6)"));
    CHECK_THAT(pen_error(plan_with("run"), frequency), Catch::Contains("give frequency_hz"));
  }
  SECTION("a speed the pen does not take") {
    CHECK_THAT(pen_error(plan_with("run: {speed_level: 7}"), levels),
               Catch::Contains("speed level 7 does not exist: this pen has levels 1..6"));
    CHECK_THAT(pen_error(plan_with("run: {frequency_hz: 100}"), levels),
               Catch::Contains("cannot be set to a frequency; give speed_level (1..6)"));
    CHECK_THAT(pen_error(plan_with("run: {speed_level: 1}"), frequency),
               Catch::Contains("this pen has no speed levels; give frequency_hz"));
    CHECK(pen_error(plan_with("run: {speed_level: 6}"), levels) == "no error");
  }
}

TEST_CASE("everything a plan asks is checked against the rig before anything moves", "[plan]") {
  const auto rig_error = [](const std::string& steps, RigLimits limits = generous_rig()) {
    try {
      const auto plan =
          parse_test_plan("name: t\nversion: '1'\nsteps:\n  - home\n" + steps, "p.yaml");
      check_plan_for_rig(plan, limits);
    } catch (const PlanError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string run = "  - run: {speed_level: 3, settle_s: 0.5}\n";
  const auto capture = [](const std::string& duration) {
    return "  - capture: {name: c, duration_s: " + duration +
           ", measurements: [{id: stroke_count, min: 1}]}\n";
  };
  CHECK(rig_error(std::string("  - approach: {preload_n: 0.8, speed_mm_per_s: 2, limit_mm: 40}\n") +
                  "  - set_depth: {depth_mm: 1.0}\n" + run + capture("1.0") +
                  "  - stop\n  - retract: {position_mm: 5, speed_mm_per_s: 20}\n") == "no error");

  SECTION("the approach") {
    CHECK_THAT(rig_error("  - approach: {preload_n: 0.8, speed_mm_per_s: 2, limit_mm: 1000}\n" +
                         run + capture("1")),
               Catch::Contains("p.yaml:5: key 'limit_mm': 1000 mm is beyond the axis' travel "
                               "0..50 mm"));
    CHECK_THAT(rig_error("  - approach: {preload_n: 0.8, speed_mm_per_s: 1e9, limit_mm: 40}\n" +
                         run + capture("1")),
               Catch::Contains("key 'speed_mm_per_s': 1e+09 mm/s is faster than the axis' 20"));
    CHECK_THAT(rig_error("  - approach: {preload_n: 15, speed_mm_per_s: 2, limit_mm: 40}\n" +
                         run + capture("1")),
               Catch::Contains("key 'preload_n': 15 N is not below the station's safety limit"));
  }
  SECTION("the retract") {
    CHECK_THAT(rig_error(run + capture("1") +
                         "  - stop\n  - retract: {position_mm: -1000, speed_mm_per_s: 20}\n"),
               Catch::Contains("key 'position_mm': -1000 mm is beyond the axis' travel"));
    CHECK_THAT(rig_error(run + capture("1") +
                         "  - stop\n  - retract: {position_mm: 5, speed_mm_per_s: 21}\n"),
               Catch::Contains("key 'speed_mm_per_s'"));
  }
  SECTION("the depth: in the pen's range and on its steps") {
    CHECK_THAT(rig_error("  - set_depth: {depth_mm: 1000}\n" + run + capture("1")),
               Catch::Contains("p.yaml:5: key 'depth_mm': 1000 mm is outside this pen's depth "
                               "range 0..2.5 mm"));
    CHECK_THAT(rig_error("  - set_depth: {depth_mm: 1.1}\n" + run + capture("1")),
               Catch::Contains("1.1 mm is not a setting of this pen (steps of 0.25 mm"));
    CHECK(rig_error("  - set_depth: {depth_mm: 0.75}\n" + run + capture("1")) == "no error");
  }
  SECTION("speeds: levels and frequencies the pen takes") {
    CHECK_THAT(rig_error("  - run: {speed_level: 99}\n" + capture("1")),
               Catch::Contains("speed level 99 does not exist: this pen has levels 1..6"));
    auto by_frequency = generous_rig();
    by_frequency.pen.speed_levels = 0;
    by_frequency.pen.sets_frequency = true;
    by_frequency.pen.frequency_min_hz = 50;
    by_frequency.pen.frequency_max_hz = 200;
    CHECK_THAT(rig_error("  - run: {frequency_hz: 1e9}\n" + capture("1"), by_frequency),
               Catch::Contains("key 'frequency_hz': 1e+09 Hz is outside this pen's range 50..200"));
    CHECK(rig_error("  - run: {frequency_hz: 200}\n" + capture("1"), by_frequency) == "no error");
  }
  SECTION("settle and capture lengths") {
    CHECK_THAT(rig_error("  - run: {speed_level: 3, settle_s: 1e12}\n" + capture("1")),
               Catch::Contains("key 'settle_s': 1e+12 s is longer than this station allows (600"));
    CHECK(rig_error("  - run: {speed_level: 3, settle_s: 600}\n" + capture("1")) == "no error");
    // 100 kHz, 3 channels and time: 32 bytes a sample; 1 GiB holds 335 s.
    CHECK_THAT(rig_error(run + capture("1e12")),
               Catch::Contains("key 'duration_s': capture 'c' (1e+12 s at 100000 Hz, 3 "
                               "channels) brings the run's captures to"));
    CHECK(rig_error(run + capture("300")) == "no error");
    // Every capture of a run is held until the report: the budget is for all of them.
    CHECK_THAT(rig_error(run + capture("200") +
                         "  - capture: {name: d, duration_s: 200, measurements: [{id: "
                         "stroke_count, min: 1}]}\n"),
               Catch::Contains("capture 'd'"));
  }
}
