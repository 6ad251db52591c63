#include "rig/sequencer/capture_runner.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "analysis/analyzer.hpp"
#include "rig/core/driver_error.hpp"
#include "rig/sequencer/capture_recorder.hpp"
#include "rig/sequencer/measurement_judgement.hpp"

namespace needlerig::rig::sequencer {
namespace {

/// What went wrong while acquiring, counted per kind so that one capture gives one event per kind.
struct AcquisitionTally {
  std::size_t overruns = 0;
  std::uint64_t first_overrun_index = 0;
  std::size_t dropped_blocks = 0;
  std::size_t dropped_samples = 0;
  std::uint64_t first_dropped_index = 0;
  bool disconnected = false;
  bool no_data = false;
  bool failure = false;
};

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

CaptureRunner::CaptureRunner(core::StreamSource& source, core::PenDriver& pen,
                             const OperatorAction& action, AcquisitionSettings settings)
    : source_(source), pen_(pen), action_(action), settings_(settings) {}

CaptureOutcome CaptureRunner::run(const plan::CaptureStep& step, std::size_t plan_line,
                                  const plan::TestPlan& plan, const PenSettings& pen_settings,
                                  const EventFn& event, const ProgressFn& progress) {
  if (source_.state() == core::LifecycleState::inactive) source_.activate();
  if (source_.state() != core::LifecycleState::active) {
    throw core::DriverError("daq", fmt::format("cannot capture: the stream source is {}",
                                               core::lifecycle_state_name(source_.state())));
  }
  const auto channels = source_.channels();
  const double rate_hz = source_.sample_rate_hz();
  const auto wanted = static_cast<std::uint64_t>(std::llround(step.duration_s * rate_hz));
  CaptureRecorder recorder(channels, rate_hz, wanted);

  AcquisitionSettings settings = settings_;
  settings.channel_count = channels.size();
  AcquisitionTally tally;
  {
    Acquisition acquisition(source_, settings);
    acquisition.start(wanted, action_);
    bool overrun_pending = false;
    AcquisitionMessage message;
    using Kind = AcquisitionMessage::Kind;
    while (acquisition.next(message)) {
      switch (message.kind) {
        case Kind::block:
          recorder.add_block(acquisition.block(message.block_index), overrun_pending);
          overrun_pending = false;
          acquisition.release(message.block_index);
          if (progress) progress(recorder.recorded_s());
          break;
        case Kind::overrun:
          if (tally.overruns++ == 0) tally.first_overrun_index = message.first_sample_index;
          overrun_pending = true;
          break;
        case Kind::queue_full:
          if (tally.dropped_blocks++ == 0) tally.first_dropped_index = message.first_sample_index;
          tally.dropped_samples += message.sample_count;
          recorder.note_lost(message.first_sample_index, message.sample_count,
                             "the acquisition queue was full: block not recorded");
          break;
        case Kind::disconnected:
          tally.disconnected = true;
          break;
        case Kind::no_data:
          tally.no_data = true;
          break;
        case Kind::failure:
          tally.failure = true;
          break;
      }
    }
    acquisition.join();
    if (const auto lost = acquisition.lost_messages(); lost > 0) {
      tally.dropped_blocks += lost;
      event("queue_full", fmt::format("capture '{}': {} acquisition messages did not fit in the "
                                      "queue (data lost)",
                                      step.name, lost));
    }
  }

  CaptureOutcome outcome;
  bool data_error = tally.disconnected || tally.no_data || tally.failure;
  if (tally.overruns > 0) {
    data_error = true;
    event("overrun", fmt::format("capture '{}': the DAQ overran {} time(s), first before sample {}",
                                 step.name, tally.overruns, tally.first_overrun_index));
  }
  if (tally.dropped_blocks > 0) {
    data_error = true;
    event("queue_full",
          fmt::format("capture '{}': acquisition queue full, {} block(s) ({} samples) lost, first "
                      "at sample {}",
                      step.name, tally.dropped_blocks, tally.dropped_samples,
                      tally.first_dropped_index));
  }
  if (tally.disconnected) {
    outcome.fatal = fmt::format("the stream source disconnected during capture '{}'", step.name);
    event("disconnect", outcome.fatal);
  }
  if (tally.no_data) {
    outcome.fatal = fmt::format("no data from the stream source during capture '{}'", step.name);
    event("timeout", outcome.fatal);
  }
  if (tally.failure) {
    outcome.fatal = fmt::format("the stream source failed during capture '{}'", step.name);
    event("fault", outcome.fatal);
  }

  outcome.interrupted = action_.requested() != OperatorRequest::none;
  const auto covered = recorder.covered_samples();
  if (!outcome.interrupted && covered < wanted) {
    data_error = true;
    if (!tally.disconnected && !tally.no_data && !tally.failure) {
      event("dropout",
            fmt::format("capture '{}': ended after {} of {} samples", step.name, covered, wanted));
    }
    recorder.note_lost(covered, static_cast<std::size_t>(wanted - covered),
                       "the capture ended early: samples missing at its end");
  }

  // The source goes back to inactive between captures, so that an idle device never overruns.
  if (source_.state() == core::LifecycleState::active) {
    try {
      source_.deactivate();
    } catch (const core::DriverError& e) {
      data_error = true;
      event("fault", e.what());
    }
  }
  if (source_.state() == core::LifecycleState::fault && outcome.fatal.empty()) {
    outcome.fatal = fmt::format("the stream source went into fault during capture '{}'", step.name);
    event("fault", outcome.fatal);
  }
  const auto pen_status = pen_.status();
  if (pen_.state() == core::LifecycleState::fault || pen_status.fault) {
    data_error = true;
    event("fault", fmt::format("the pen reported a fault during capture '{}'", step.name));
  } else if (!pen_status.powered) {
    data_error = true;
    event("fault", fmt::format("the pen was not running during capture '{}'", step.name));
  }

  auto metadata = make_metadata(pen_.identity(), pen_settings, rate_hz);
  outcome.capture = recorder.finish("capture '" + step.name + "'", std::move(metadata));

  analysis::AnalysisSettings analysis_settings;
  analysis_settings.thresholds = plan.thresholds;
  analysis_settings.tolerated_findings = plan.tolerated;
  analysis_settings.depth_setting_mm = pen_settings.depth_setting_mm;
  if (pen_.identity().needle_count > 0)
    analysis_settings.needle_count = pen_.identity().needle_count;
  analysis_settings.protrusion_range_mm = recorder.protrusion_range_mm();
  analysis_settings.force_range_n = recorder.force_range_n();

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
  analyse_and_judge(result, outcome.capture, step.measurements, unsound);
  for (const auto& stall : result.analysis.events) {
    if (stall.kind != analysis::EventKind::stall) continue;
    event("stall", fmt::format("capture '{}': the motor stalled at {:.3f} s for {:.3f} s",
                               step.name, stall.time_s, stall.duration_s));
  }
  return outcome;
}

}  // namespace needlerig::rig::sequencer
