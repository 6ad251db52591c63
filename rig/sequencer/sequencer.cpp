#include "rig/sequencer/sequencer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "rig/core/driver_error.hpp"
#include "rig/plan/pen_compatibility.hpp"
#include "rig/plan/step_description.hpp"
#include "rig/sequencer/abort_watcher.hpp"
#include "rig/sequencer/capture_recorder.hpp"
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
  auto& [source, axis, pen] = roles_;
  throw_if_fault(source.state(), "daq");
  throw_if_fault(axis.state(), "axis");
  throw_if_fault(pen.state(), "pen");
  if (source.state() == core::LifecycleState::unconfigured) source.configure(options_.stream);
  if (axis.state() == core::LifecycleState::unconfigured) axis.configure(options_.axis);
  if (axis.state() == core::LifecycleState::inactive) axis.activate();
  if (pen.state() == core::LifecycleState::unconfigured) pen.configure(options_.pen);
  if (pen.state() == core::LifecycleState::inactive) pen.activate();
  // The source is activated per capture (capture_runner.cpp): between captures nobody reads it.
}

record::RunRecord Sequencer::run(const plan::TestPlan& plan) {
  record_ = record::RunRecord{};
  noted_ = OperatorRequest::none;
  pen_settings_ = PenSettings{};
  start_s_ = clock_.now_s();
  record_.plan_name = plan.name;
  record_plan_outline(record_, plan);

  SafeStateGuard guard(roles_.pen, roles_.axis);
  AbortWatcher watcher(action_, roles_.axis, options_.abort_poll);

  bool failed = false;
  std::size_t next = 0;
  try {
    bring_up();
    record_.pen = roles_.pen.identity();
    record_.calibration = roles_.source.channels();
    plan::check_plan_for_pen(plan, roles_.pen.capabilities());
    for (; next < plan.steps.size(); ++next) {
      if (note_request() != OperatorRequest::none) break;
      const auto& step = plan.steps[next];
      if (listener_ != nullptr) listener_->step_started(next, plan.steps.size(), step);
      record::StepOutcome outcome;
      outcome.kind = std::string(plan::step_kind(step.action));
      outcome.plan_line = step.line;
      outcome.started_s = run_time_s();
      const auto result = execute(plan, step);
      outcome.duration_s = run_time_s() - outcome.started_s;
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
    record_.steps.push_back(record::StepOutcome{std::string(plan::step_kind(step.action)),
                                                step.line, record::StepStatus::skipped,
                                                run_time_s(), 0.0, "not run"});
  }

  clean_up(plan, failed);
  guard.make_safe();  // again by the guard's destructor: cheap, and safe whatever happened above

  record_.aborted = action_.requested() != OperatorRequest::none;
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
  auto& axis = roles_.axis;
  const auto& action = step.action;
  if (std::holds_alternative<plan::HomeStep>(action)) {
    axis.home();
    if (note_request() != OperatorRequest::none) return {record::StepStatus::failed, kInterrupted};
    return {record::StepStatus::done, ""};
  }
  if (const auto* approach = std::get_if<plan::ApproachStep>(&action)) {
    const auto ended =
        axis.move_until_force(approach->preload_n, approach->speed_mm_per_s, approach->limit_mm);
    if (note_request() != OperatorRequest::none) return {record::StepStatus::failed, kInterrupted};
    if (ended == core::ForceMoveResult::travel_limit) {
      return {record::StepStatus::failed,
              fmt::format("the preload of {:.2f} N was not reached before {:.1f} mm: is the "
                          "phantom in place?",
                          approach->preload_n, approach->limit_mm)};
    }
    if (ended == core::ForceMoveResult::stopped) {
      return {record::StepStatus::failed, "the axis was stopped before the preload was reached"};
    }
    return {record::StepStatus::done,
            fmt::format("preload reached at {:.3f} mm", axis.position_mm())};
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
    return {record::StepStatus::done, ""};
  }
  const auto& retract = std::get<plan::RetractStep>(action);
  axis.move_to(retract.position_mm, retract.speed_mm_per_s);
  if (note_request() != OperatorRequest::none) return {record::StepStatus::failed, kInterrupted};
  return {record::StepStatus::done, ""};
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
  if (step.speed_level) pen.set_speed_level(*step.speed_level);
  if (step.frequency_hz) pen.set_frequency_hz(*step.frequency_hz);
  if (!pen.status().powered) pen.power_on();
  return settle(plan, step.settle_s);
}

Sequencer::StepResult Sequencer::settle(const plan::TestPlan& plan, double seconds) {
  // The settle time is counted in DAQ samples: on a real rig the device paces them in real time;
  // a simulated world advances only while it is read (rig/sim/sim_world.hpp), so waiting on a
  // clock would let the simulated pen settle not at all. The samples are not judged, only searched
  // for stalls of the pen (settle_stalls.hpp).
  const auto interrupted = [this] { return note_request() != OperatorRequest::none; };
  if (seconds <= 0.0) {
    if (interrupted()) return {record::StepStatus::failed, kInterrupted};
    return {record::StepStatus::done, ""};
  }
  auto& source = roles_.source;
  if (source.state() == core::LifecycleState::inactive) source.activate();
  auto settings = acquisition_settings();
  settings.channel_count = source.channels().size();
  const auto wanted = static_cast<std::uint64_t>(std::llround(seconds * source.sample_rate_hz()));
  CaptureRecorder recorder(source.channels(), source.sample_rate_hz(),
                           std::min(wanted, kSettleWatchSamples));
  std::string lost;
  {
    Acquisition acquisition(source, settings);
    acquisition.start(wanted, action_);
    AcquisitionMessage message;
    while (acquisition.next(message)) {
      using Kind = AcquisitionMessage::Kind;
      if (message.kind == Kind::block) {
        recorder.add_block(acquisition.block(message.block_index), false);
        acquisition.release(message.block_index);
      }
      if (message.kind == Kind::disconnected) lost = "disconnected";
      if (message.kind == Kind::no_data) lost = "delivered no data";
      if (message.kind == Kind::failure) lost = "failed";
    }
  }
  if (source.state() == core::LifecycleState::active) source.deactivate();
  if (!lost.empty()) {
    add_event(lost == "disconnected" ? "disconnect" : "fault",
              "the stream source " + lost + " while the pen settled");
    throw core::DriverError("daq", "the stream source " + lost + " while the pen settled");
  }
  if (interrupted()) return {record::StepStatus::failed, kInterrupted};
  const auto stalls = stalls_once_up_to_speed(recorder.finish("settle", {}), plan.thresholds);
  if (stalls.empty()) return {record::StepStatus::done, ""};
  for (const auto& stall : stalls) {
    add_event("stall", fmt::format("the motor stalled while the pen settled, {:.3f} s after the "
                                   "run step began, for {:.3f} s",
                                   stall.time_s, stall.duration_s));
  }
  return {record::StepStatus::failed,
          fmt::format("the motor stalled {} time(s) while the pen settled (see the events)",
                      stalls.size())};
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
  CaptureRunner runner(roles_.source, roles_.pen, action_, acquisition_settings());

  const auto event = [this](const std::string& kind, const std::string& message) {
    add_event(kind, message);
  };
  const auto progress = [this, &step](double captured_s) {
    if (listener_ != nullptr) listener_->capture_progress(step.name, captured_s, step.duration_s);
  };
  auto outcome = runner.run(step, line, plan, pen_settings_, event, progress);
  if (sink_ != nullptr) outcome.result.capture_file = sink_->store(outcome.capture, outcome.result);
  record_.captures.push_back(std::move(outcome.result));
  if (listener_ != nullptr) listener_->capture_judged(record_.captures.back());

  note_request();
  if (!outcome.fatal.empty()) return {record::StepStatus::failed, outcome.fatal};
  if (outcome.interrupted) return {record::StepStatus::failed, kInterrupted};
  return {record::StepStatus::done,
          std::string(analysis::verdict_name(record_.captures.back().verdict))};
}

void Sequencer::clean_up(const plan::TestPlan& plan, bool failed) {
  auto& [source, axis, pen] = roles_;
  const auto request = note_request();
  if (request == OperatorRequest::terminate) {
    pen.power_off();
    const auto retract = plan.retract_position();
    if (retract && axis.homed() && axis.state() == core::LifecycleState::active) {
      add_event("cleanup", fmt::format("pen off; retracting to {:.1f} mm", retract->position_mm));
      try {
        axis.move_to(retract->position_mm, retract->speed_mm_per_s);
      } catch (const std::exception& e) {
        add_event("fault", std::string("cleanup retract failed: ") + e.what());
      }
    } else {
      add_event("cleanup", retract ? "pen off; the axis cannot move (not homed or not active): "
                                     "it holds where it is"
                                   : "pen off; the plan has no retract position: the axis holds "
                                     "where it is");
    }
    note_request();  // an abort during the retract: the watcher has stopped the axis already
  }
  if (request != OperatorRequest::none || failed) {
    pen.power_off();
    axis.stop();
  }
  if (source.state() == core::LifecycleState::active) {
    try {
      source.deactivate();
    } catch (const std::exception& e) {
      add_event("fault", std::string("could not stop the stream source: ") + e.what());
    }
  }
}

}  // namespace needlerig::rig::sequencer
