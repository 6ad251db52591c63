#include "rig/sequencer/sequencer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "rig/core/driver_error.hpp"
#include "rig/plan/rig_limits.hpp"
#include "rig/plan/step_description.hpp"
#include "rig/sequencer/capture_recorder.hpp"
#include "rig/sequencer/interrupt_watcher.hpp"
#include "rig/sequencer/plan_outline.hpp"
#include "rig/sequencer/safe_state_guard.hpp"
#include "rig/sequencer/settle_stalls.hpp"

namespace needlerig::rig::sequencer {
namespace {

constexpr const char* kInterrupted = "interrupted by the operator";

void throw_if_fault(core::LifecycleState state, const std::string& role) {
  if (state == core::LifecycleState::fault) {
    throw core::DriverError(role, "in fault at the start of the run");
  }
}

}  // namespace

Sequencer::Sequencer(SequencerRoles roles, RunClock& clock, const OperatorAction& action,
                     SequencerOptions options)
    : roles_(roles), clock_(clock), action_(action), options_(std::move(options)) {}

double Sequencer::run_time_s() { return clock_.now_s() - start_s_; }

void Sequencer::add_event(const std::string& kind, const std::string& message) {
  record_.events.push_back(record::RunEvent{run_time_s(), kind, message});
  if (listener_ != nullptr) listener_->event(record_.events.back());
}

OperatorRequest Sequencer::note_request() {
  const auto request = action_.requested();
  if (request > noted_) {
    if (request == OperatorRequest::terminate) {
      add_event("terminate", "the operator terminated the run: cleanup, then stop");
    } else {
      add_event("abort", "the operator aborted the run: pen off and axis stopped, no retract");
    }
    noted_ = request;
  }
  return request;
}

void Sequencer::bring_up() {
  if (bring_up_failure_) throw *bring_up_failure_;
  auto& [source, axis, pen] = roles_;
  try {
    throw_if_fault(source.state(), "daq");
    throw_if_fault(axis.state(), "axis");
    throw_if_fault(pen.state(), "pen");
    if (axis.state() == core::LifecycleState::unconfigured) axis.configure(options_.axis);
    if (axis.state() == core::LifecycleState::inactive) axis.activate();
    if (pen.state() == core::LifecycleState::unconfigured) pen.configure(options_.pen);
    if (pen.state() == core::LifecycleState::inactive) pen.activate();
    if (source.state() == core::LifecycleState::unconfigured) source.configure(options_.stream);
  } catch (const core::DriverError& e) {
    bring_up_failure_ = e;
    throw;
  }
}

void Sequencer::prepare(const plan::TestPlan& plan) {
  bring_up();
  plan::RigLimits limits;
  limits.axis = options_.axis;
  limits.sample_rate_hz = roles_.source.sample_rate_hz();
  limits.channel_count = roles_.source.channels().size();
  limits.pen = roles_.pen.capabilities();
  limits.max_force_n = options_.max_force_n;
  limits.capture_memory_bytes = options_.capture_memory_bytes;
  limits.max_settle_s = options_.max_settle_s;
  plan::check_plan_for_rig(plan, limits);
}

record::RunRecord Sequencer::run(const plan::TestPlan& plan) {
  record_ = record::RunRecord{};
  noted_ = OperatorRequest::none;
  pen_settings_ = PenSettings{};
  settle_stalls_ = SettleStalls{};
  start_s_ = clock_.now_s();
  record_.plan_name = plan.name;
  record_plan_outline(record_, plan);

  SafeStateGuard guard(roles_.pen, roles_.axis);
  InterruptWatcher watcher(action_, roles_.pen, roles_.axis, options_.interrupt_poll);

  bool failed = false;
  std::size_t next = 0;
  try {
    prepare(plan);
    record_.pen = roles_.pen.identity();
    record_.calibration = roles_.source.channels();
    stream_ = std::make_unique<RunStream>(roles_.source, acquisition_settings());
    stream_->start();
    for (; next < plan.steps.size(); ++next) {
      if (note_request() != OperatorRequest::none) break;
      const auto& step = plan.steps[next];
      if (listener_ != nullptr) listener_->step_started(next, plan.steps.size(), step);
      record::StepOutcome outcome;
      outcome.kind = std::string(plan::step_kind(step.action));
      outcome.plan_line = step.line;
      outcome.started_s = run_time_s();
      outcome.first_stream_sample = stream_->position();
      const auto result = execute(plan, step);
      outcome.duration_s = run_time_s() - outcome.started_s;
      outcome.end_stream_sample = stream_->position();
      outcome.status = result.status;
      outcome.message = result.message;
      record_.steps.push_back(outcome);
      if (listener_ != nullptr) listener_->step_finished(next, outcome);
      if (result.status == record::StepStatus::failed) {
        // A step the operator interrupted is not a hardware failure: the cleanup decides.
        failed = action_.requested() == OperatorRequest::none;
        ++next;
        break;
      }
    }
  } catch (const plan::PlanError& e) {
    add_event("plan", e.what());
    failed = true;
  } catch (const std::exception& e) {
    add_event("fault", e.what());
    failed = true;
  }
  for (; next < plan.steps.size(); ++next) {
    const auto& step = plan.steps[next];
    record::StepOutcome skipped;
    skipped.kind = std::string(plan::step_kind(step.action));
    skipped.plan_line = step.line;
    skipped.started_s = run_time_s();
    skipped.message = "not run";
    record_.steps.push_back(std::move(skipped));
  }

  // What the operator asked while the plan ran (a step's waits note it). A request after the last
  // step has ended finds a complete run: it changes nothing but is said in the record.
  const OperatorRequest during_plan = noted_;
  clean_up(plan, failed, watcher, during_plan);
  guard.make_safe();  // again by the guard's destructor: cheap, and safe whatever happened above
  if (stream_) {
    if (const auto error = stream_->stop(); !error.empty()) {
      add_event("fault", "could not stop the stream source: " + error);
    }
    stream_.reset();
  }

  record_.aborted = noted_ != OperatorRequest::none;
  if (action_.requested() > noted_) {
    add_event("late_request",
              fmt::format("the operator asked to {} after the plan's last step had ended: the run "
                          "was complete, nothing was interrupted",
                          operator_request_name(action_.requested())));
  }
  std::vector<analysis::Verdict> verdicts;
  for (const auto& capture : record_.captures) verdicts.push_back(capture.verdict);
  for (const auto& step : record_.steps) {
    if (step.status == record::StepStatus::failed) verdicts.push_back(analysis::Verdict::error);
  }
  if (failed) verdicts.push_back(analysis::Verdict::error);
  record_.verdict = analysis::combine_verdicts(verdicts, record_.aborted);
  return std::move(record_);
}

Sequencer::StepResult Sequencer::execute(const plan::TestPlan& plan, const plan::PlanStep& step) {
  try {
    return do_step(plan, step);
  } catch (const core::DriverError& e) {
    // A move the watcher stopped for the operator may end in an error of its driver ("homing
    // stopped"): that is the interrupt, not a fault of the rig.
    if (note_request() != OperatorRequest::none) return {record::StepStatus::failed, kInterrupted};
    add_event("fault", e.what());
    roles_.pen.power_off();
    roles_.axis.stop();
    return {record::StepStatus::failed, e.what()};
  } catch (const std::exception& e) {
    add_event("fault", std::string("unexpected error: ") + e.what());
    roles_.pen.power_off();
    roles_.axis.stop();
    return {record::StepStatus::failed, e.what()};
  }
}

Sequencer::StepResult Sequencer::do_step(const plan::TestPlan& plan, const plan::PlanStep& step) {
  const auto& action = step.action;
  if (std::holds_alternative<plan::HomeStep>(action)) return home();
  if (const auto* approach_step = std::get_if<plan::ApproachStep>(&action)) {
    return approach(*approach_step);
  }
  if (const auto* depth = std::get_if<plan::SetDepthStep>(&action)) {
    return set_depth(depth->depth_mm);
  }
  if (const auto* run = std::get_if<plan::RunStep>(&action)) return run_pen(plan, *run);
  if (const auto* capture_step = std::get_if<plan::CaptureStep>(&action)) {
    return capture(plan, *capture_step, step.line);
  }
  if (std::holds_alternative<plan::StopStep>(action)) {
    roles_.pen.power_off();
    settle_stalls_ = SettleStalls{};
    return {record::StepStatus::done, ""};
  }
  const auto& retract = std::get<plan::RetractStep>(action);
  return move_axis(retract.position_mm, retract.speed_mm_per_s, "the retract");
}

Sequencer::StepResult Sequencer::set_depth(double depth_mm) {
  if (roles_.pen.capabilities().sets_depth) {
    roles_.pen.set_depth_mm(depth_mm);
    pen_settings_.depth_setting_mm = depth_mm;
    return {record::StepStatus::done,
            fmt::format("depth set to {:.2f} mm by the pen driver", depth_mm)};
  }
  const auto ask = fmt::format("set the dial to {:.2f} mm and press Enter", depth_mm);
  if (prompt_ == nullptr) {
    add_event("prompt", ask + " (non-interactive run: assumed done)");
  } else {
    const auto how = prompt_->set_depth_dial(depth_mm, ask);
    add_event("prompt", ask + " (" + how + ")");
    if (note_request() != OperatorRequest::none) return {record::StepStatus::failed, kInterrupted};
  }
  pen_settings_.depth_setting_mm = depth_mm;
  return {record::StepStatus::done, ask};
}

Sequencer::StepResult Sequencer::run_pen(const plan::TestPlan& plan, const plan::RunStep& step) {
  auto& pen = roles_.pen;
  pen_settings_.speed_level = step.speed_level;
  pen_settings_.frequency_hz = step.frequency_hz;
  settle_stalls_ = SettleStalls{};
  if (step.speed_level) pen.set_speed_level(*step.speed_level);
  if (step.frequency_hz) pen.set_frequency_hz(*step.frequency_hz);
  if (!pen.status().powered) pen.power_on();
  return settle(plan, step.settle_s);
}

Sequencer::StepResult Sequencer::settle(const plan::TestPlan& plan, double seconds) {
  // The settle is a window of the stream, counted in samples: a real DAQ paces them in real
  // time, a simulated world advances only as it is read. The samples are not judged, only
  // searched for stalls of the pen (settle_stalls.hpp).
  if (seconds <= 0.0) return {record::StepStatus::done, ""};
  stream_->discard_pending();  // read before the pen was switched on or changed speed
  const auto wanted = static_cast<std::uint64_t>(std::llround(seconds * stream_->sample_rate_hz()));
  CaptureRecorder recorder(stream_->channels(), stream_->sample_rate_hz(),
                           std::min(wanted, kSettleWatchSamples));
  // Stream time, by sample index: samples lost on the way still passed.
  std::optional<std::uint64_t> first_index;
  const auto end =
      wait_on_stream(seconds + options_.move_slack_s, [&](const core::SampleBlock* block) {
        if (block == nullptr) return false;
        if (!first_index) first_index = block->first_sample_index;
        recorder.add_block(*block, false);
        const auto next = block->first_sample_index + block->sample_count;
        return next - *first_index >= wanted;
      });
  if (end == WaitEnd::interrupted) return {record::StepStatus::failed, kInterrupted};
  if (end != WaitEnd::done) {
    const bool ended = end == WaitEnd::stream_ended;
    const auto message = "the stream source " +
                         (ended ? stream_->end_message() : std::string("delivered too little")) +
                         " while the pen settled";
    add_event(ended && stream_->end_reason() == "disconnected" ? "disconnect" : "fault", message);
    return {record::StepStatus::failed, message};
  }
  analysis::AnalysisSettings settings;
  settings.thresholds = plan.thresholds;
  settings.protrusion_range_mm = recorder.protrusion_range_mm();
  settings.force_range_n = recorder.force_range_n();
  settings.motor_current_range_a = recorder.motor_current_range_a();
  settle_stalls_ = stalls_once_up_to_speed(recorder.finish("settle", {}), settings,
                                           wanted <= kSettleWatchSamples);
  for (const auto& stall : settle_stalls_.stalls) {
    add_event("stall", fmt::format("the motor stalled while the pen settled, {:.3f} s after the "
                                   "run step began, for {:.3f} s (counted with the capture that "
                                   "follows)",
                                   stall.time_s, stall.duration_s));
  }
  // The settle's start (samples from the pen's power-on) lies before the capture's: its stalls
  // are placed on the capture's time axis, before 0.
  const double settle_s = static_cast<double>(wanted) / stream_->sample_rate_hz();
  for (auto& stall : settle_stalls_.stalls) stall.time_s -= settle_s;
  if (settle_stalls_.stalls.empty()) return {record::StepStatus::done, ""};
  return {record::StepStatus::done,
          fmt::format("the motor stalled {} time(s) while the pen settled: counted in the next "
                      "capture's stall_count",
                      settle_stalls_.stalls.size())};
}

AcquisitionSettings Sequencer::acquisition_settings() const {
  AcquisitionSettings settings;
  settings.block_samples = options_.stream.block_samples;
  settings.pool_blocks = options_.pool_blocks;
  settings.read_timeout = options_.read_timeout;
  settings.max_consecutive_timeouts = options_.max_consecutive_timeouts;
  return settings;
}

Sequencer::StepResult Sequencer::capture(const plan::TestPlan& plan, const plan::CaptureStep& step,
                                         std::size_t line) {
  CaptureRunner runner(*stream_, roles_.pen, action_);

  const auto event = [this](const std::string& kind, const std::string& message) {
    add_event(kind, message);
  };
  const auto progress = [this, &step](double captured_s) {
    if (listener_ != nullptr) listener_->capture_progress(step.name, captured_s, step.duration_s);
  };
  auto outcome = runner.run(step, line, plan, pen_settings_, settle_stalls_, event, progress);
  settle_stalls_ = SettleStalls{};  // counted once, with this capture
  if (sink_ != nullptr) {
    try {
      outcome.result.capture_file = sink_->store(outcome.capture, outcome.result);
    } catch (const std::exception& e) {
      // The capture is judged but its samples are not kept: the record cannot stand for it.
      outcome.fatal = std::string("the capture could not be stored: ") + e.what();
      add_event("fault", outcome.fatal);
      outcome.result.verdict = analysis::Verdict::error;
    }
  }
  record_.captures.push_back(std::move(outcome.result));
  if (listener_ != nullptr) listener_->capture_judged(record_.captures.back());

  note_request();
  if (!outcome.fatal.empty()) return {record::StepStatus::failed, outcome.fatal};
  if (outcome.interrupted) return {record::StepStatus::failed, kInterrupted};
  return {record::StepStatus::done,
          std::string(analysis::verdict_name(record_.captures.back().verdict))};
}

void Sequencer::clean_up(const plan::TestPlan& plan, bool failed, InterruptWatcher& watcher,
                         OperatorRequest request) {
  auto& axis = roles_.axis;
  auto& pen = roles_.pen;
  if (request == OperatorRequest::terminate) {
    pen.power_off();
    watcher.take_over_terminate();  // the retract below must be allowed to move
    const auto retract = plan.retract_position();
    const bool can_watch = stream_ && stream_->end_reason().empty();
    if (retract && can_watch && axis.homed() && axis.state() == core::LifecycleState::active) {
      add_event("cleanup", fmt::format("pen off; retracting to {:.1f} mm", retract->position_mm));
      try {
        wait_until_still();
        const auto moved = move_axis(retract->position_mm, retract->speed_mm_per_s,
                                     "the cleanup's retract", OperatorRequest::abort);
        if (moved.status == record::StepStatus::failed &&
            note_request() != OperatorRequest::abort) {
          add_event("fault", "cleanup retract failed: " + moved.message);
        }
      } catch (const std::exception& e) {
        add_event("fault", std::string("cleanup retract failed: ") + e.what());
      }
    } else {
      add_event("cleanup",
                !retract ? "pen off; the plan has no retract position: the axis holds where it is"
                : !can_watch
                    ? "pen off; the stream is lost, so no move can be watched: the axis holds "
                      "where it is"
                    : "pen off; the axis cannot move (not homed or not active): it holds where it "
                      "is");
    }
    // An abort during the retract (the watcher has stopped the axis already) still counts.
    if (action_.requested() == OperatorRequest::abort) note_request();
  }
  if (request != OperatorRequest::none || failed) {
    pen.power_off();
    axis.stop();
  }
}

}  // namespace needlerig::rig::sequencer
