// End to end: the production plan on the simulated station (fast mode), through the real station
// loader, driver registry, sequencer and measurement engine. A good pen must pass.

#include <catch2/catch.hpp>
#include <string>

#include "rig/plan/plan_loader.hpp"
#include "rig/sequencer/sequencer.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/station/station_config.hpp"

namespace seq = needlerig::rig::sequencer;
namespace station = needlerig::rig::station;
using needlerig::analysis::Verdict;

TEST_CASE("a good adjustable pen passes the production plan on the simulated station",
          "[sequencer][sim]") {
  const std::string fixtures = NEEDLERIG_FIXTURES_DIR;
  // The default simulated station carries the adjustable pen the production plan is for.
  auto config = station::load_station_config(fixtures + "/stations/sim.yaml");
  REQUIRE(station::sim_world_config(config).pen.model == "sim-adjustable-150");
  station::edit_sim_world_config(config).mode = needlerig::rig::sim::SimMode::fast;
  auto drivers = station::make_drivers(config);
  const auto plan = needlerig::rig::plan::load_test_plan(fixtures + "/plans/production.yaml");

  seq::SequencerOptions options;
  options.stream = config.stream;
  options.axis = config.axis;
  options.pen.serial = "SIM-E2E-1";
  seq::ManualClock clock;
  seq::OperatorAction action;
  seq::Sequencer sequencer({*drivers.daq, *drivers.axis, *drivers.pen}, clock, action, options);
  const auto record = sequencer.run(plan);

  for (const auto& event : record.events) INFO(event.kind << ": " << event.message);
  REQUIRE(record.captures.size() == 2);
  for (const auto& capture : record.captures) {
    for (const auto& judged : capture.judged) {
      INFO(capture.step_name << " " << needlerig::analysis::measurement_info(judged.id).name
                             << " = " << judged.value.value_or(-999.0) << " " << judged.error);
      CHECK((judged.verdict == Verdict::pass || judged.verdict == Verdict::marginal));
    }
  }
  for (const auto& step : record.steps) {
    INFO(step.kind << " line " << step.plan_line << ": " << step.message);
    CHECK(step.status == needlerig::rig::record::StepStatus::done);
  }
  CHECK(record.verdict == Verdict::pass);
  CHECK(record.pen.serial == "SIM-E2E-1");
  CHECK_FALSE(drivers.pen->status().powered);
}
