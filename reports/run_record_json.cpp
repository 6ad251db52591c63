#include "reports/run_record_json.hpp"

#include <cmath>
#include <map>
#include <string_view>

#include "analysis/measurement_ids.hpp"
#include "reports/capture_analysis_record.hpp"
#include "reports/json_text.hpp"
#include "reports/not_measured.hpp"

namespace needlerig::reports {
namespace {

using nlohmann::json;
using rig::record::CaptureResult;
using rig::record::FileRef;
using rig::record::JudgedMeasurement;
using rig::record::RunRecord;

json number_or_null(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json number_or_null(const std::optional<double>& value) {
  return value ? number_or_null(*value) : json(nullptr);
}

/// An optional integer or flag (for doubles: number_or_null, which also maps NaN to null).
template <typename T>
json value_or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json file_json(const FileRef& file) { return json{{"path", file.path}, {"sha256", file.sha256}}; }

json file_or_null(const std::optional<FileRef>& file) {
  return file ? file_json(*file) : json(nullptr);
}

std::string_view step_status_name(rig::record::StepStatus status) {
  switch (status) {
    case rig::record::StepStatus::done:
      return "done";
    case rig::record::StepStatus::failed:
      return "failed";
    case rig::record::StepStatus::skipped:
      return "skipped";
  }
  return "unknown";
}

json judged_json(const JudgedMeasurement& m) {
  const auto& info = analysis::measurement_info(m.id);
  json entry{
      {"id", info.name},
      {"value", number_or_null(m.value)},
      {"unit", info.unit},
      {"limits",
       {{"lower", number_or_null(m.limits.lower)},
        {"upper", number_or_null(m.limits.upper)},
        {"guard_band", number_or_null(m.limits.guard_band)}}},
      {"uncertainty", number_or_null(m.uncertainty)},
      {"u", number_or_null(m.u)},
      {"verdict", analysis::verdict_name(m.verdict)},
  };
  // As in the analysis record: a null value always says why.
  if (entry["value"].is_null()) {
    entry["error"] = m.value           ? std::string("the computed value is not finite")
                     : m.error.empty() ? std::string("not measured (no reason given)")
                                       : m.error;
  }
  return entry;
}

/// The pen's supply-current readings: {"period_s", "readings": [{"stream_sample", "current_a"}]}.
json supply_current_json(const std::vector<rig::record::SupplyCurrentReading>& readings) {
  json list = json::array();
  for (const auto& r : readings) {
    list.push_back({{"stream_sample", r.stream_sample}, {"current_a", r.current_a}});
  }
  return {{"period_s", rig::record::kSupplyCurrentPeriodS}, {"readings", std::move(list)}};
}

json capture_json(const CaptureResult& capture) {
  json judged = json::array();
  for (const auto& m : capture.judged) judged.push_back(judged_json(m));
  return json{
      {"step_name", capture.step_name},
      {"plan_line", capture.plan_line},
      {"depth_setting_mm", number_or_null(capture.depth_setting_mm)},
      {"frequency_setting_hz", number_or_null(capture.frequency_setting_hz)},
      {"speed_level", value_or_null(capture.speed_level)},
      {"file", file_or_null(capture.capture_file)},
      {"supply_current", supply_current_json(capture.supply_current)},
      // The analysis record keeps its own member order when printed alone; here it is sorted
      // like everything else (conversion to json re-keys it).
      {"analysis", json(capture_analysis_record(capture))},
      {"judged", std::move(judged)},
      {"verdict", analysis::verdict_name(capture.verdict)},
  };
}

/// {"ERROR": n, "FAIL": n, "MARGINAL": n, "PASS": n}, every verdict present even at 0.
json verdict_counts(const std::map<analysis::Verdict, std::size_t>& counts) {
  json out = json::object();
  for (auto v : {analysis::Verdict::pass, analysis::Verdict::marginal, analysis::Verdict::fail,
                 analysis::Verdict::error}) {
    const auto it = counts.find(v);
    out[std::string(analysis::verdict_name(v))] = it == counts.end() ? 0 : it->second;
  }
  return out;
}

json summary_json(const RunRecord& record) {
  std::map<analysis::Verdict, std::size_t> measurements;
  std::map<analysis::Verdict, std::size_t> captures;
  for (const auto& capture : record.captures) {
    ++captures[capture.verdict];
    for (const auto& m : capture.judged) ++measurements[m.verdict];
  }
  return json{{"measurements", verdict_counts(measurements)},
              {"captures", verdict_counts(captures)},
              {"not_measured",
               {{"captures", unmeasured_captures(record).size()},
                {"measurements", not_measured_count(record)}}}};
}

}  // namespace

nlohmann::json make_run_record_json(const RunRecord& record) {
  json calibration = json::array();
  for (const auto& c : record.calibration) {
    calibration.push_back(json{{"id", c.id},
                               {"unit", c.unit},
                               {"scale", number_or_null(c.scale)},
                               {"offset", number_or_null(c.offset)},
                               {"code_min", c.code_min},
                               {"code_max", c.code_max}});
  }
  json steps = json::array();
  for (const auto& s : record.steps) {
    json step{{"kind", s.kind},
              {"plan_line", s.plan_line},
              {"status", step_status_name(s.status)},
              {"started_s", number_or_null(s.started_s)},
              {"duration_s", number_or_null(s.duration_s)},
              {"message", s.message},
              {"stream", nullptr}};
    if (s.first_stream_sample && s.end_stream_sample) {
      step["stream"] =
          json{{"first_sample", *s.first_stream_sample}, {"end_sample", *s.end_stream_sample}};
    }
    steps.push_back(std::move(step));
  }
  json planned = json::array();
  for (const auto& p : record.planned_captures) {
    json ids = json::array();
    for (const auto id : p.measurements) ids.push_back(analysis::measurement_info(id).name);
    planned.push_back(
        json{{"step_name", p.step_name}, {"plan_line", p.plan_line}, {"measurements", ids}});
  }
  json captures = json::array();
  for (const auto& c : record.captures) captures.push_back(capture_json(c));
  json instruments = json::array();
  for (const auto& i : record.instruments) {
    instruments.push_back(json{{"role", i.role},
                               {"driver", i.driver},
                               {"identity", i.health.identity},
                               {"peer", i.health.peer},
                               {"reconnects", i.health.reconnects},
                               {"timeouts", i.health.timeouts},
                               {"dropouts", i.health.dropouts},
                               {"fault", i.health.fault}});
  }
  json events = json::array();
  for (const auto& e : record.events) {
    events.push_back(
        json{{"time_s", number_or_null(e.time_s)}, {"kind", e.kind}, {"message", e.message}});
  }

  return json{
      {"record_version", record.record_version},
      {"run_id", record.run_id},
      {"started_utc", record.started_utc},
      {"finished_utc", record.finished_utc},
      {"software",
       {{"name", record.software_name},
        {"version", record.software_version},
        {"commit", record.software_commit},
        {"modified", value_or_null(record.software_modified)}}},
      {"host", record.host_name},
      {"station",
       {{"name", record.station_name},
        {"file", file_json(record.station_file)},
        {"drivers",
         {{"daq", record.station_drivers.daq},
          {"axis", record.station_drivers.axis},
          {"pen", record.station_drivers.pen}}},
        {"mode", record.station_mode},
        {"instruments", std::move(instruments)}}},
      {"plan",
       {{"name", record.plan_name},
        {"version", record.plan_version},
        {"file", file_json(record.plan_file)}}},
      {"fault_plan_file", file_or_null(record.fault_plan_file)},
      {"seed", value_or_null(record.seed)},
      {"pen",
       {{"model", record.pen.model},
        {"serial", record.pen.serial},
        {"cartridge_lot", record.pen.cartridge_lot},
        {"needle_count", record.pen.needle_count}}},
      {"calibration", std::move(calibration)},
      {"planned_captures", std::move(planned)},
      {"steps", std::move(steps)},
      {"captures", std::move(captures)},
      {"events", std::move(events)},
      {"aborted", record.aborted},
      {"verdict", analysis::verdict_name(record.verdict)},
      {"summary", summary_json(record)},
  };
}

std::string render_run_record_canonical(const RunRecord& record) {
  return json_text(make_run_record_json(record), -1);
}

std::string render_run_record_pretty(const RunRecord& record) {
  return json_text(make_run_record_json(record), 2) + '\n';
}

}  // namespace needlerig::reports
