#include "rig/sequencer/capture_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/analyzer.hpp"
#include "rig/core/driver_error.hpp"
#include "rig/sequencer/capture_recorder.hpp"
#include "rig/sequencer/measurement_judgement.hpp"

namespace needlerig::rig::sequencer {
namespace {

analysis::CaptureMetadata make_metadata(const core::PenIdentity& pen, const PenSettings& settings,
                                        double sample_rate_hz) {
  analysis::CaptureMetadata metadata;
  auto& entries = metadata.entries;
  entries["pen_model"] = pen.model;
  entries["pen_serial"] = pen.serial;
  if (!pen.cartridge_lot.empty()) entries["cartridge_lot"] = pen.cartridge_lot;
  entries["sample_rate_hz"] = fmt::format("{}", sample_rate_hz);
  if (pen.needle_count > 0) {
    entries["needle_count"] = std::to_string(pen.needle_count);
    metadata.needle_count = pen.needle_count;
  }
  if (settings.depth_setting_mm) {
    entries["depth_setting_mm"] = fmt::format("{}", *settings.depth_setting_mm);
    metadata.depth_setting_mm = settings.depth_setting_mm;
  }
  if (settings.speed_level) entries["speed_level"] = std::to_string(*settings.speed_level);
  if (settings.frequency_hz)
    entries["frequency_setting_hz"] = fmt::format("{}", *settings.frequency_hz);
  metadata.sample_rate_hz = sample_rate_hz;
  return metadata;
}

}  // namespace

bool CaptureRunner::read_supply_current(const CaptureRecorder& recorder,
                                        std::vector<record::SupplyCurrentReading>& readings) {
  try {
    const core::PenStatus status = pen_.status();
    if (!status.supply_current_a) return false;  // this pen's driver cannot read it
    readings.push_back(
        {recorder.first_sample_index() + recorder.covered_samples(), *status.supply_current_a});
    return true;
  } catch (const core::DriverError&) {
    return false;  // the pen is in fault now: said after the capture, with the pen's status
  }
}

CaptureRunner::CaptureRunner(RunStream& stream, core::PenDriver& pen, const OperatorAction& action)
    : stream_(stream), pen_(pen), action_(action) {}

CaptureOutcome CaptureRunner::run(const plan::CaptureStep& step, std::size_t plan_line,
                                  const plan::TestPlan& plan, const PenSettings& pen_settings,
                                  const SettleStalls& settle, const EventFn& event,
                                  const ProgressFn& progress) {
  const auto& channels = stream_.channels();
  const double rate_hz = stream_.sample_rate_hz();
  const auto wanted = static_cast<std::uint64_t>(std::llround(step.duration_s * rate_hz));
  CaptureRecorder recorder(channels, rate_hz, wanted);

  stream_.take_problems();  // what went wrong before the capture is not the capture's
  std::string lost;         // why the stream ended, if it did
  bool interrupted = false;
  std::vector<record::SupplyCurrentReading> supply_current;
  const auto current_period = static_cast<std::uint64_t>(
      std::max(1.0, std::round(record::kSupplyCurrentPeriodS * rate_hz)));
  std::uint64_t next_current_at = 0;  // covered samples
  bool pen_reads_current = true;
  while (recorder.covered_samples() < wanted) {
    if (action_.requested() != OperatorRequest::none) {
      interrupted = true;
      break;
    }
    const auto pulled = stream_.pull();
    if (pulled == RunStream::Pull::ended) {
      lost = stream_.end_reason();
      break;
    }
    if (pulled == RunStream::Pull::lost) {
      recorder.note_lost(stream_.lost_first(), stream_.lost_count(),
                         "the acquisition queue was full: block not recorded");
    }
    if (pulled == RunStream::Pull::block) {
      recorder.add_block(stream_.block(), stream_.after_overrun());
      if (progress) progress(recorder.recorded_s());
      if (pen_reads_current && recorder.covered_samples() >= next_current_at) {
        pen_reads_current = read_supply_current(recorder, supply_current);
        next_current_at = recorder.covered_samples() + current_period;
      }
    }
  }
  const StreamProblems problems = stream_.take_problems();

  CaptureOutcome outcome;
  bool data_error = !lost.empty();
  if (problems.overruns > 0) {
    data_error = true;
    event("overrun", fmt::format("capture '{}': the DAQ overran {} time(s), first before sample {}",
                                 step.name, problems.overruns, problems.first_overrun_index));
  }
  if (problems.dropped_blocks > 0 || problems.lost_messages > 0) {
    data_error = true;
    event("queue_full",
          fmt::format("capture '{}': acquisition queue full, {} block(s) ({} samples) lost, first "
                      "at sample {}{}",
                      step.name, problems.dropped_blocks, problems.dropped_samples,
                      problems.first_dropped_index,
                      problems.lost_messages > 0
                          ? fmt::format(", and {} messages that did not fit the queue",
                                        problems.lost_messages)
                          : std::string()));
  }
  if (!lost.empty()) {
    outcome.fatal =
        fmt::format("the stream source {} during capture '{}'", stream_.end_message(), step.name);
    event(lost == "disconnected" ? "disconnect"
          : lost == "failed"     ? "fault"
                                 : "timeout",
          outcome.fatal);
  }

  outcome.interrupted = interrupted;
  const auto covered = recorder.covered_samples();
  if (!outcome.interrupted && covered < wanted) {
    data_error = true;
    if (lost.empty()) {
      event("dropout",
            fmt::format("capture '{}': ended after {} of {} samples", step.name, covered, wanted));
    }
    recorder.note_lost(covered, static_cast<std::size_t>(wanted - covered),
                       "the capture ended early: samples missing at its end");
  }

  const auto pen_status = pen_.status();
  if (pen_.state() == core::LifecycleState::fault || pen_status.fault) {
    data_error = true;
    event("fault", fmt::format("the pen reported a fault during capture '{}'", step.name));
  } else if (!pen_status.powered && action_.requested() == OperatorRequest::none) {
    // (An abort switches the pen off from the watcher's thread: that is no fault of the pen.)
    data_error = true;
    event("fault", fmt::format("the pen was not running during capture '{}'", step.name));
  }

  auto metadata = make_metadata(pen_.identity(), pen_settings, rate_hz);
  // Where the capture lies on the run's stream, and that the pen was commanded to run throughout
  // (a stretch without strokes at either end is then a stall: the measurement contract).
  metadata.entries["first_stream_sample"] = std::to_string(recorder.first_sample_index());
  metadata.entries["pen_running"] = "true";
  outcome.capture = recorder.finish("capture '" + step.name + "'", std::move(metadata));
  outcome.result.supply_current = std::move(supply_current);

  analysis::AnalysisSettings analysis_settings;
  analysis_settings.thresholds = plan.thresholds;
  analysis_settings.tolerated_findings = plan.tolerated;
  analysis_settings.depth_setting_mm = pen_settings.depth_setting_mm;
  if (pen_.identity().needle_count > 0)
    analysis_settings.needle_count = pen_.identity().needle_count;
  analysis_settings.protrusion_range_mm = recorder.protrusion_range_mm();
  analysis_settings.force_range_n = recorder.force_range_n();
  analysis_settings.motor_current_range_a = recorder.motor_current_range_a();
  analysis_settings.pen_running = true;
  analysis_settings.lead_in_gap_s = settle.lead_in_gap_s;

  auto& result = outcome.result;
  result.step_name = step.name;
  result.plan_line = plan_line;
  result.depth_setting_mm = pen_settings.depth_setting_mm;
  result.frequency_setting_hz = pen_settings.frequency_hz;
  result.speed_level = pen_settings.speed_level;
  result.metadata = outcome.capture.metadata;
  result.settings = analysis_settings;
  result.source = outcome.capture.source;
  result.first_data_line = 0;  // from the rig's stream, not a file
  const bool unsound = data_error || outcome.interrupted || !outcome.fatal.empty();
  analyse_and_judge(result, outcome.capture, step.measurements, unsound, settle.stalls);
  for (const auto& stall : result.analysis.events) {
    if (stall.kind != analysis::EventKind::stall || stall.time_s < 0.0) continue;
    event("stall", fmt::format("capture '{}': the motor stalled at {:.3f} s for {:.3f} s",
                               step.name, stall.time_s, stall.duration_s));
  }
  return outcome;
}

}  // namespace needlerig::rig::sequencer
