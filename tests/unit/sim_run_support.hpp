#pragma once
// Shared by the acceptance tests: a plan run on the simulated station the way `needlerig run`
// does it (station file -> make_drivers, a fault plan from fixtures/faults/, the sequencer, the
// engine, the verdicts), in fast mode and with a clock that only moves when told (run times 0).

#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "rig/plan/plan_loader.hpp"
#include "rig/sequencer/sequencer.hpp"
#include "rig/sim/fault_plan.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/station/station_config.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace needlerig::testing {

struct SimRunOptions {
  std::string station = "stations/sim.yaml";
  std::string plan = "plans/production.yaml";
  std::string fault_plan;  // under fixtures/faults/; empty: none
  /// Changes the loaded fault plan before the run (e.g. another channel for the same fault).
  std::function<void(rig::sim::FaultPlan&)> edit_faults;
  std::optional<std::uint64_t> seed;
  rig::sequencer::CaptureSink* sink = nullptr;
  /// Called with the drivers before the run (e.g. to keep the world for its ground truth).
  std::function<void(rig::station::Drivers&)> on_drivers;
};

inline rig::record::RunRecord run_on_sim_station(const SimRunOptions& o) {
  auto config = rig::station::load_station_config(fixture(o.station));
  rig::station::DriverOptions driver_options;
  driver_options.seed = o.seed;
  std::optional<rig::sim::FaultPlan> faults;
  if (!o.fault_plan.empty()) {
    faults = rig::sim::load_fault_plan(fixture("faults/" + o.fault_plan));
    if (o.edit_faults) o.edit_faults(*faults);
  }
  driver_options.edit_sim_world = [faults](rig::sim::SimWorldConfig& world) {
    world.mode = rig::sim::SimMode::fast;
    if (faults) world.faults = *faults;
  };
  auto drivers = rig::station::make_drivers(config, driver_options);
  if (o.on_drivers) o.on_drivers(drivers);
  const auto plan = rig::plan::load_test_plan(fixture(o.plan));

  rig::sequencer::SequencerOptions options;
  options.stream = config.stream;
  options.axis = config.axis;
  options.pen.serial = "SIM-ACCEPT-1";
  rig::sequencer::ManualClock clock;
  rig::sequencer::OperatorAction action;
  rig::sequencer::Sequencer sequencer({*drivers.daq, *drivers.axis, *drivers.pen}, clock, action,
                                      options);
  sequencer.set_capture_sink(o.sink);
  return sequencer.run(plan);
}

/// The ids of the judged measurements with `verdict`, over every capture of the run.
inline std::set<analysis::MeasurementId> judged_with(const rig::record::RunRecord& record,
                                                     analysis::Verdict verdict) {
  std::set<analysis::MeasurementId> ids;
  for (const auto& capture : record.captures) {
    for (const auto& judged : capture.judged) {
      if (judged.verdict == verdict) ids.insert(judged.id);
    }
  }
  return ids;
}

/// Everything the record says, for the failure message of a test.
inline std::string describe(const rig::record::RunRecord& record) {
  std::string out = "run verdict " + std::string(analysis::verdict_name(record.verdict)) + "\n";
  for (const auto& event : record.events)
    out += "  event " + event.kind + ": " + event.message + "\n";
  for (const auto& capture : record.captures) {
    out += "  capture " + capture.step_name + ": " +
           std::string(analysis::verdict_name(capture.verdict)) + "\n";
    for (const auto& judged : capture.judged) {
      out += "    " + std::string(analysis::measurement_info(judged.id).name) + " " +
             (judged.value ? std::to_string(*judged.value) : std::string("n/a")) + " " +
             std::string(analysis::verdict_name(judged.verdict)) + " " + judged.error + "\n";
    }
  }
  return out;
}

}  // namespace needlerig::testing
