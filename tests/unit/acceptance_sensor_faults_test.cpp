// Acceptance of the QA run: every sensor or rig fault of fixtures/faults/ makes the production
// plan's run ERROR (never PASS, never FAIL: the pen is not to blame), with the data-quality
// finding or the run event that says why in the record. Through the path `needlerig run` takes
// (station file, driver registry, fault plan, sequencer, engine, verdicts).
//
// A stalled motor is a pen defect (stall_count FAILs: acceptance_defects_test.cpp). The
// motor-current channel is recorded but no measurement uses it, so its faults are not the
// verdict's business and are not listed here.

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "tests/unit/sim_run_support.hpp"

namespace {

using needlerig::analysis::Channel;
using needlerig::analysis::FindingKind;
using needlerig::analysis::Verdict;
namespace t = needlerig::testing;

struct SensorFaultCase {
  std::string name;
  std::string fault_plan;
  std::string channel;  // replaces the fixture's channel when not empty
  bool saturate_low = false;
  std::optional<FindingKind> finding;  // expected in a capture's data quality, on finding_channel
  Channel finding_channel = Channel::time;
  std::string event;  // expected among the run's events, when not empty
};

bool has_finding(const needlerig::rig::record::RunRecord& record, FindingKind kind,
                 Channel channel) {
  for (const auto& capture : record.captures) {
    for (const auto& f : capture.analysis.findings) {
      if (f.kind == kind && f.channel == channel) return true;
    }
  }
  return false;
}

bool has_event(const needlerig::rig::record::RunRecord& record, const std::string& kind) {
  for (const auto& e : record.events) {
    if (e.kind == kind) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Each sensor or rig fault makes the production run ERROR", "[acceptance]") {
  const auto c = GENERATE(values<SensorFaultCase>({
      {"dropout", "sensor_dropout.yaml", "", false, FindingKind::dropout, Channel::time, "overrun"},
      {"stuck force", "stuck_sensor.yaml", "force_N", false, FindingKind::stuck, Channel::force,
       ""},
      {"stuck protrusion", "stuck_sensor.yaml", "protrusion_mm", false, FindingKind::stuck,
       Channel::protrusion, ""},
      {"saturated protrusion (high)", "saturation.yaml", "protrusion_mm", false,
       FindingKind::saturation, Channel::protrusion, ""},
      {"saturated protrusion (low)", "saturation.yaml", "protrusion_mm", true,
       FindingKind::saturation, Channel::protrusion, ""},
      {"saturated force (high)", "saturation.yaml", "force_N", false, FindingKind::saturation,
       Channel::force, ""},
      {"saturated force (low)", "saturation.yaml", "force_N", true, FindingKind::saturation,
       Channel::force, ""},
      {"disconnect", "disconnect.yaml", "", false, std::nullopt, Channel::time, "disconnect"},
      {"overforce", "overforce.yaml", "", false, FindingKind::saturation, Channel::force, ""},
  }));
  INFO(c.name);
  t::SimRunOptions options;
  options.fault_plan = c.fault_plan;
  options.edit_faults = [&c](needlerig::rig::sim::FaultPlan& plan) {
    for (auto& fault : plan.faults) {
      if (!c.channel.empty()) fault.channel = c.channel;
      if (c.saturate_low) fault.saturate_high = false;
    }
  };
  const auto record = t::run_on_sim_station(options);
  INFO(t::describe(record));
  CHECK(record.verdict == Verdict::error);
  // The pen is not to blame: nothing fails, and no capture passes with the fault in it.
  CHECK(t::judged_with(record, Verdict::fail).empty());
  for (const auto& capture : record.captures) CHECK(capture.verdict == Verdict::error);
  if (c.finding) CHECK(has_finding(record, *c.finding, c.finding_channel));
  if (!c.event.empty()) CHECK(has_event(record, c.event));
}

