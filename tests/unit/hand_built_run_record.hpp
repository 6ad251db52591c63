#pragma once
// A run record with known contents, built by hand, for the run-record renderer tests: two capture
// steps whose judged measurements cover every verdict, steps, events, calibration, and text with
// markup characters in it (the renderers must escape, not interpret, it).

#include <string>

#include "rig/record/run_record.hpp"
#include "tests/unit/hand_built_result.hpp"

namespace needlerig::testing {

inline rig::record::JudgedMeasurement judged(analysis::MeasurementId id,
                                             std::optional<double> value, analysis::Limits limits,
                                             analysis::Verdict verdict, std::string error = "") {
  return {id, value, std::move(error), limits, std::nullopt, verdict, std::nullopt};
}

inline rig::record::CaptureResult hand_built_capture_result(const std::string& step_name) {
  rig::record::CaptureResult c;
  c.step_name = step_name;
  c.plan_line = 12;
  c.depth_setting_mm = 1.0;
  c.frequency_setting_hz = 100.0;
  c.metadata = hand_built_capture().metadata;
  c.source = "captures/pen.csv";
  c.first_data_line = 5;
  c.analysis = hand_built_result();
  c.settings.depth_setting_mm = 1.0;
  c.settings.needle_count = 12;
  return c;
}

/// Verdicts: depth_1mm has one of each (PASS, MARGINAL, FAIL, ERROR); speed_check all PASS.
inline rig::record::RunRecord hand_built_run_record() {
  using analysis::Limits;
  using analysis::MeasurementId;
  using analysis::Verdict;
  rig::record::RunRecord r;
  r.run_id = "run-0001";
  r.started_utc = "2026-11-21T14:00:00Z";
  r.finished_utc = "2026-11-21T14:01:30Z";
  r.software_version = "0.1.0";
  r.software_commit = std::string(40, 'c');
  r.software_modified = false;
  r.host_name = "qa-line-3";
  r.station_name = "station-A";
  r.station_file = {"fixtures/stations/a.yaml", std::string(64, 'a')};
  r.station_drivers = {"sim", "sim", "sim"};
  r.station_mode = "simulated fast";
  r.plan_name = "qa <fast> & \"short\"";
  r.plan_version = "2.1";
  r.plan_file = {"fixtures/plans/qa.yaml", std::string(64, 'b')};
  r.pen = {"PenModel-X", "SN-0001", "LOT-7", 12};
  r.calibration = {{"protrusion_mm", "mm", 1e-5, -0.5, -32768, 32767},
                   {"force_N", "N", 2e-4, 0.0, -32768, 32767}};
  r.steps = {{"home", 3, rig::record::StepStatus::done, 0.0, 1.5, "", 0, 150'000},
             {"capture", 12, rig::record::StepStatus::done, 2.0, 0.3, "", 200'000, 230'000},
             {"capture", 20, rig::record::StepStatus::done, 2.5, 0.3, "", 250'000, 280'000}};
  r.events = {{2.1, "prompt", "turn the dial to 1.0 mm"}};

  auto first = hand_built_capture_result("depth_1mm");
  first.judged = {
      judged(MeasurementId::protrusion_max_mean, 1.02, Limits::around(1.0, 0.1), Verdict::pass),
      judged(MeasurementId::period_jitter_rms, 28e-6, Limits{std::nullopt, 30e-6, 5e-6},
             Verdict::marginal),
      judged(MeasurementId::depth_error, 0.25, Limits::around(0.0, 0.1), Verdict::fail),
      judged(MeasurementId::contact_force, std::nullopt, Limits{0.1, 2.0, 0.0}, Verdict::error,
             "force_N: saturation <at> line 9 & more"),
  };
  first.judged[0].uncertainty = 0.01;
  first.verdict = Verdict::error;

  auto second = hand_built_capture_result("speed_check");
  second.plan_line = 20;
  second.judged = {
      judged(MeasurementId::stroke_frequency, 100.2, Limits::around(100.0, 5.0), Verdict::pass),
      judged(MeasurementId::stroke_count, 29.0, Limits{20.0, std::nullopt, 0.0}, Verdict::pass),
  };
  second.verdict = Verdict::pass;

  r.captures = {first, second};
  r.verdict = Verdict::error;
  return r;
}

}  // namespace needlerig::testing
