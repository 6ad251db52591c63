#pragma once
// Runs a test plan against the three hardware roles (any implementation: real, simulated, test
// doubles) and fills the run record: every step as carried out with its timing, every capture
// analysed and judged, the events, and the run verdict.
//
// Safety: the pen is switched off and the axis stopped on every way out of run() (a guard), and
// an abort stops the axis even during a blocking move (a watcher thread). A terminate finishes the
// current step at the next block boundary and runs the cleanup (pen off, retract to the plan's
// retract position if it has one, else hold); an abort switches the pen off and stops the axis
// with no retract. Either makes the run ERROR.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"
#include "rig/sequencer/capture_runner.hpp"
#include "rig/sequencer/capture_sink.hpp"
#include "rig/sequencer/operator_action.hpp"
#include "rig/sequencer/operator_prompt.hpp"
#include "rig/sequencer/progress_listener.hpp"
#include "rig/sequencer/run_clock.hpp"

namespace needlerig::rig::sequencer {

struct SequencerRoles {
  core::StreamSource& source;
  core::MotionAxis& axis;
  core::PenDriver& pen;
};

struct SequencerOptions {
  // Used to configure a role that is still unconfigured when the run starts (roles the station
  // already configured are taken as they are).
  core::StreamConfig stream;
  core::AxisConfig axis;
  core::PenIdentity pen;
  std::size_t pool_blocks = 64;  // acquisition blocks between the threads
  std::chrono::nanoseconds read_timeout{std::chrono::milliseconds(200)};
  std::size_t max_consecutive_timeouts = 10;  // no data for this many reads: the capture fails
  std::chrono::milliseconds abort_poll{10};
};

class Sequencer {
 public:
  Sequencer(SequencerRoles roles, RunClock& clock, const OperatorAction& action,
            SequencerOptions options = {});

  void set_progress(ProgressListener* listener) { listener_ = listener; }
  /// nullptr (the default): non-interactive, prompts are logged as events and assumed done.
  void set_prompt(OperatorPrompt* prompt) { prompt_ = prompt; }
  void set_capture_sink(CaptureSink* sink) { sink_ = sink; }

  /// Fills plan_name, plan_version, planned_captures, pen, calibration, steps, captures, events,
  /// aborted and verdict; the caller fills the rest (ids, times, files). Never throws for hardware
  /// trouble: it is in the record.
  record::RunRecord run(const plan::TestPlan& plan);

 private:
  struct StepResult {
    record::StepStatus status = record::StepStatus::done;
    std::string message;
  };

  void bring_up();
  StepResult execute(const plan::TestPlan& plan, const plan::PlanStep& step);
  StepResult do_step(const plan::TestPlan& plan, const plan::PlanStep& step);
  StepResult set_depth(double depth_mm);
  StepResult run_pen(const plan::TestPlan& plan, const plan::RunStep& step);
  StepResult capture(const plan::TestPlan& plan, const plan::CaptureStep& step, std::size_t line);
  StepResult settle(const plan::TestPlan& plan, double seconds);
  AcquisitionSettings acquisition_settings() const;
  void clean_up(const plan::TestPlan& plan, bool failed);
  OperatorRequest note_request();
  void add_event(const std::string& kind, const std::string& message);
  double run_time_s();

  SequencerRoles roles_;
  RunClock& clock_;
  const OperatorAction& action_;
  SequencerOptions options_;
  ProgressListener* listener_ = nullptr;
  OperatorPrompt* prompt_ = nullptr;
  CaptureSink* sink_ = nullptr;

  // State of the run in progress.
  record::RunRecord record_;
  double start_s_ = 0.0;
  OperatorRequest noted_ = OperatorRequest::none;
  PenSettings pen_settings_;
};

}  // namespace needlerig::rig::sequencer
