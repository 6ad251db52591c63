#pragma once
// The demo capture (fixtures/captures/demo_pen_100hz.csv) read, analysed and judged against a few
// limits, as a one-capture run record: the renderers and the run directory tested on real samples.

#include <string>

#include "analysis/analyzer.hpp"
#include "rig/capture/csv_capture_reader.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::testing {

inline analysis::Capture demo_capture() {
  return rig::capture::read_csv_capture(std::string(NEEDLERIG_FIXTURES_DIR) +
                                        "/captures/demo_pen_100hz.csv");
}

inline rig::record::RunRecord demo_run_record(const analysis::Capture& capture) {
  using analysis::Limits;
  using analysis::MeasurementId;
  rig::record::CaptureResult c;
  c.step_name = "depth 1.0mm/100Hz";
  c.plan_line = 9;
  c.depth_setting_mm = capture.metadata.depth_setting_mm;
  c.metadata = capture.metadata;
  c.source = capture.source;
  c.first_data_line = capture.first_data_line;
  c.settings.depth_setting_mm = capture.metadata.depth_setting_mm;
  c.settings.needle_count = capture.metadata.needle_count;
  c.analysis = analysis::analyze_capture(capture, c.settings);
  const auto add = [&](MeasurementId id, Limits limits) {
    const auto value = c.analysis.value(id);
    c.judged.push_back({id, value, c.analysis[id].error, limits, std::nullopt,
                        analysis::judge(value, limits), c.analysis[id].u});
  };
  add(MeasurementId::stroke_frequency, Limits::around(100.0, 10.0, 1.0));
  add(MeasurementId::protrusion_max_mean, Limits::around(1.0, 0.2, 0.02));
  add(MeasurementId::period_jitter_rms, Limits{std::nullopt, 200e-6, 20e-6});
  add(MeasurementId::peak_force_max, Limits{std::nullopt, 5.0, 0.0});
  std::vector<analysis::Verdict> verdicts;
  for (const auto& m : c.judged) verdicts.push_back(m.verdict);
  c.verdict = analysis::combine_verdicts(verdicts);

  rig::record::RunRecord r;
  r.run_id = "demo";
  r.started_utc = "2026-11-21T14:00:00Z";
  r.software_version = "test";
  r.station_name = "bench";
  r.plan_name = "demo";
  r.pen.model = "synthetic";
  r.pen.needle_count = 12;
  r.verdict = c.verdict;
  r.captures.push_back(std::move(c));
  return r;
}

}  // namespace needlerig::testing
