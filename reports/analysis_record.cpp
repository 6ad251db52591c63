#include "reports/analysis_record.hpp"

#include <cmath>
#include <string>

#include "reports/software_version.hpp"

namespace needlerig::reports {
namespace {

using nlohmann::ordered_json;

// NaN and infinity have no JSON form; a record must stay valid JSON whatever the engine returns.
ordered_json number_or_null(double value) {
  return std::isfinite(value) ? ordered_json(value) : ordered_json(nullptr);
}

template <typename T>
ordered_json optional_or_null(const std::optional<T>& value) {
  if (!value) return nullptr;
  if constexpr (std::is_floating_point_v<T>) {
    return number_or_null(*value);
  } else {
    return *value;
  }
}

ordered_json range_or_null(const std::optional<analysis::SensorRange>& range) {
  if (!range) return nullptr;
  return ordered_json{{"min", number_or_null(range->min)}, {"max", number_or_null(range->max)}};
}

ordered_json measurements_json(const analysis::AnalysisResult& result) {
  ordered_json out = ordered_json::object();
  for (const auto& info : analysis::kMeasurements) {
    const auto& m = result[info.id];
    ordered_json entry;
    if (m.value && std::isfinite(*m.value)) {
      entry["value"] = *m.value;
      entry["unit"] = info.unit;
      entry["u"] = optional_or_null(m.u);
    } else {
      entry["value"] = nullptr;
      entry["unit"] = info.unit;
      entry["u"] = nullptr;
      // A null without a reason would leave the reader guessing; say so rather than print "".
      entry["error"] = m.value           ? std::string("the computed value is not finite")
                       : m.error.empty() ? std::string("not measured (no reason given)")
                                         : m.error;
    }
    out[std::string(info.name)] = std::move(entry);
  }
  return out;
}

ordered_json capture_json(const analysis::AnalysisResult& result,
                          const analysis::Capture& capture) {
  ordered_json metadata = ordered_json::object();
  for (const auto& [key, value] : capture.metadata.entries) metadata[key] = value;
  return ordered_json{
      {"source", capture.source},
      {"sample_rate_hz", number_or_null(result.sample_rate_hz)},
      {"sample_count", result.sample_count},
      {"duration_s", number_or_null(result.duration_s)},
      {"metadata", std::move(metadata)},
  };
}

ordered_json settings_json(const analysis::AnalysisSettings& settings) {
  ordered_json tolerated = ordered_json::array();
  for (auto kind : settings.tolerated_findings)
    tolerated.push_back(analysis::finding_kind_name(kind));
  return ordered_json{
      {"depth_setting_mm", optional_or_null(settings.depth_setting_mm)},
      {"needle_count", optional_or_null(settings.needle_count)},
      {"protrusion_range_mm", range_or_null(settings.protrusion_range_mm)},
      {"force_range_n", range_or_null(settings.force_range_n)},
      {"tolerated_findings", std::move(tolerated)},
  };
}

ordered_json thresholds_json(const analysis::Thresholds& t) {
  return ordered_json{
      {"hysteresis_fraction", number_or_null(t.hysteresis_fraction)},
      {"contact_threshold_n", number_or_null(t.contact_threshold_n)},
      {"puncture_drop_fraction", number_or_null(t.puncture_drop_fraction)},
      {"stall_periods", number_or_null(t.stall_periods)},
      {"stuck_periods", number_or_null(t.stuck_periods)},
      {"dropout_step_periods", number_or_null(t.dropout_step_periods)},
  };
}

ordered_json levels_json(const analysis::StrokeLevels& levels) {
  return ordered_json{
      {"p_hi_mm", number_or_null(levels.p_hi_mm)},
      {"p_lo_mm", number_or_null(levels.p_lo_mm)},
      {"mid_mm", number_or_null(levels.mid_mm)},
      {"hysteresis_mm", number_or_null(levels.hysteresis_mm)},
  };
}

// The source line of a finding: the reader's own where it gave one, else derived from the sample
// index for captures read from a file (sample i is on line first_data_line + i).
ordered_json finding_line(const analysis::DataFinding& finding, const analysis::Capture& capture) {
  if (finding.first_line) return *finding.first_line;
  if (capture.first_data_line == 0) return nullptr;
  return capture.first_data_line + finding.first_index;
}

ordered_json data_quality_json(const analysis::AnalysisResult& result,
                               const analysis::Capture& capture,
                               const analysis::AnalysisSettings& settings) {
  ordered_json out = ordered_json::array();
  for (const auto& f : result.findings) {
    out.push_back(ordered_json{
        {"kind", analysis::finding_kind_name(f.kind)},
        {"channel", analysis::channel_id(f.channel)},
        {"count", f.count},
        {"first_index", f.first_index},
        {"first_time_s", number_or_null(f.first_time_s)},
        {"first_line", finding_line(f, capture)},
        {"tolerated", settings.tolerated_findings.contains(f.kind)},
        {"detail", f.detail},
    });
  }
  return out;
}

std::string_view event_kind_name(analysis::EventKind kind) {
  switch (kind) {
    case analysis::EventKind::stall:
      return "stall";
    case analysis::EventKind::dropout:
      return "dropout";
  }
  return "unknown";
}

ordered_json events_json(const analysis::AnalysisResult& result) {
  ordered_json out = ordered_json::array();
  for (const auto& e : result.events) {
    out.push_back(ordered_json{
        {"kind", event_kind_name(e.kind)},
        {"time_s", number_or_null(e.time_s)},
        {"duration_s", number_or_null(e.duration_s)},
        {"index", e.index},
    });
  }
  return out;
}

}  // namespace

nlohmann::ordered_json make_analysis_record(const analysis::AnalysisResult& result,
                                            const analysis::Capture& capture,
                                            const analysis::AnalysisSettings& settings) {
  ordered_json rejected = ordered_json::object();
  for (const auto& [reason, count] : result.strokes_rejected) rejected[reason] = count;

  return ordered_json{
      {"record_version", kAnalysisRecordVersion},
      {"software",
       {{"name", software_name()},
        {"version", software_version()},
        {"commit", software_commit()},
        {"modified", optional_or_null(software_tree_modified())}}},
      {"capture", capture_json(result, capture)},
      {"settings", settings_json(settings)},
      {"thresholds", thresholds_json(result.thresholds)},
      {"levels", levels_json(result.levels)},
      {"reference_instant_uncertainty_s", number_or_null(result.reference_instant_uncertainty_s)},
      {"force_noise_rms_n", number_or_null(result.force_noise_rms_n)},
      {"measurements", measurements_json(result)},
      {"data_quality", data_quality_json(result, capture, settings)},
      {"events", events_json(result)},
      {"strokes_rejected", std::move(rejected)},
      {"strokes",
       {{"reference_instant_count", result.reference_instants_s.size()},
        {"complete_window_count", result.strokes.size()}}},
  };
}

}  // namespace needlerig::reports
