#pragma once
// The run record: everything a QA run did and found, in one structure. It is the one canonical
// result of a run; the JSON file, the JUnit XML, the HTML report and the captures' index are
// renderings of it (reports/), with no logic of their own.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"
#include "analysis/capture.hpp"
#include "analysis/verdict.hpp"
#include "rig/core/instrument_health.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/core/sample_block.hpp"

namespace needlerig::rig::record {

/// A file the run depends on or produced, identified by its content.
struct FileRef {
  std::string path;    // as given (inputs) or relative to the run directory (outputs)
  std::string sha256;  // lowercase hex of the file's bytes
};

/// One measurement a plan judges: the engine's value with the plan's limits and the verdict.
struct JudgedMeasurement {
  analysis::MeasurementId id;
  std::optional<double> value;
  std::string error;  // why value is null (from the engine's quality gate)
  analysis::Limits limits;
  std::optional<double> uncertainty;  // expanded uncertainty the guard band came from, if any
  analysis::Verdict verdict;
  std::optional<double> u;  // the measurement's standard uncertainty on this capture (engine)
};

/// A capture step as the plan has it, whether or not the run got that far: so that a run that
/// ends early still shows every measurement it was meant to judge (as not measured).
struct PlannedCapture {
  std::string step_name;
  std::size_t plan_line = 0;
  std::vector<analysis::MeasurementId> measurements;  // the ids it judges, in plan order
};

/// One reading of the pen's supply current during a capture (a pen driver that can read it: a
/// bench supply's MEAS:CURR?, a service port's STATUS?), at the stream sample it was read after.
struct SupplyCurrentReading {
  std::uint64_t stream_sample = 0;
  double current_a = 0.0;
};

/// The result of one capture step: the capture's full analysis and the plan's judgement of it.
struct CaptureResult {
  std::string step_name;  // the plan's name for the capture step
  std::size_t plan_line = 0;
  std::optional<double> depth_setting_mm;
  std::optional<double> frequency_setting_hz;
  std::optional<int> speed_level;
  analysis::CaptureMetadata metadata;
  /// What the analysis was given (thresholds, tolerated findings, sensor ranges): the record must
  /// say which findings were tolerated, and the engine's result alone cannot tell.
  analysis::AnalysisSettings settings;
  /// Where the samples were read from: a capture file, or a description of the rig's stream.
  std::string source;
  /// 1-based line of sample 0 in `source` when it is a file, else 0 (findings' lines come from it).
  std::size_t first_data_line = 0;
  analysis::AnalysisResult analysis;
  std::vector<JudgedMeasurement> judged;  // in plan order
  analysis::Verdict verdict = analysis::Verdict::error;
  std::optional<FileRef> capture_file;  // the raw capture in the CSV interchange form
  /// The pen's own current reading through the capture, every kSupplyCurrentPeriodS of stream
  /// time (empty where the pen driver cannot read it): the motor current from the pen's side,
  /// beside the DAQ's channels.
  std::vector<SupplyCurrentReading> supply_current;
};

inline constexpr double kSupplyCurrentPeriodS = 0.05;

enum class StepStatus : std::uint8_t { done, failed, skipped };

/// Every plan step as it was carried out, in order.
struct StepOutcome {
  std::string kind;  // "home", "approach", "set_depth", "run", "capture", "stop", "retract"
  std::size_t plan_line = 0;
  StepStatus status = StepStatus::skipped;
  double started_s = 0.0;  // run time (s since the run started)
  double duration_s = 0.0;
  std::string message;  // what went wrong, or what the operator was asked
  /// The step's window on the run's stream: the index of the first sample read after it began,
  /// and of the first after it ended (absent for a step that did not run, or with no stream).
  std::optional<std::uint64_t> first_stream_sample;
  std::optional<std::uint64_t> end_stream_sample;
};

/// Something that happened during the run, on the run's time axis.
struct RunEvent {
  double time_s = 0.0;  // s since the run started
  std::string kind;     // "terminate", "abort", "overrun", "disconnect", "fault", "prompt", ...
  std::string message;
};

/// The driver that plays each role of the station ("sim", or a real driver's name).
struct StationDrivers {
  std::string daq;
  std::string axis;
  std::string pen;
};

/// One role's instrument as the run left it: its driver, identity and line record.
struct InstrumentRecord {
  std::string role;  // "daq", "axis", "pen"
  std::string driver;
  core::InstrumentHealth health;
};

/// Bumped whenever a key is renamed or removed or its meaning or type changes (adding keys does
/// not). 2: record_version became an integer, like the analysis record's.
inline constexpr int kRunRecordVersion = 2;

struct RunRecord {
  int record_version = kRunRecordVersion;
  std::string run_id;
  std::string started_utc;  // ISO 8601, UTC
  std::string finished_utc;
  std::string software_name = "needlerig";
  std::string software_version;
  std::string software_commit;            // the git commit it was built from, or "unknown"
  std::optional<bool> software_modified;  // tracked files differed from it; nullopt: unknown
  std::string host_name;                  // the computer that ran the plan (or the analysis)
  std::string station_name;
  FileRef station_file;
  StationDrivers station_drivers;
  std::vector<InstrumentRecord> instruments;  // each role's, read at the end of the run
  /// "simulated fast", "simulated real time", "real" or "partly simulated"
  /// (rig/station/station_description.hpp); empty where no station took part.
  std::string station_mode;
  std::string plan_name;
  std::string plan_version;  // the plan file's `version`
  FileRef plan_file;
  std::optional<FileRef> fault_plan_file;  // simulated runs with injected faults
  std::optional<std::uint64_t> seed;       // simulated runs
  core::PenIdentity pen;
  std::vector<core::ChannelInfo> calibration;    // the calibration in force, per channel
  std::vector<PlannedCapture> planned_captures;  // every capture step of the plan, in plan order
  std::vector<StepOutcome> steps;
  /// The capture steps carried out; a capture's plan_line names its planned capture.
  std::vector<CaptureResult> captures;
  std::vector<RunEvent> events;
  bool aborted = false;  // terminated or aborted before the plan's end
  analysis::Verdict verdict = analysis::Verdict::error;
};

}  // namespace needlerig::rig::record
