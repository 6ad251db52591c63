#pragma once
// Runs a test plan against the three hardware roles (any implementation: real, simulated, test
// doubles) and fills the run record: every step as carried out with its timing, every capture
// analysed and judged, the events, and the run verdict.
//
// One stream per run (run_stream.hpp): the stream source is read from before homing to after the
// last safe stop, and every step is a window on it. Moves are the rig's loops over two roles: the
// axis is commanded and the stream read until the axis has arrived, so that the approach stops on
// the measured force (a stage has no load cell), and every move has a deadline.
//
// Safety: the pen is switched off and the axis stopped on every way out of run() (a guard), and
// a watcher thread acts on the operator's request at once, whatever this thread is doing
// (interrupt_watcher.hpp): a terminate stops a running move, an abort also switches the pen off.
// A terminate finishes the current step at the next block boundary and runs the cleanup (pen
// off, retract to the plan's retract position if it has one, else hold); an abort switches the
// pen off and stops the axis with no retract. Either makes the run ERROR.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "rig/core/driver_error.hpp"
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
#include "rig/sequencer/run_stream.hpp"
#include "rig/sequencer/settle_stalls.hpp"

namespace needlerig::rig::sequencer {

class InterruptWatcher;

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
  // What a plan may ask beyond the roles' own limits (rig/plan/rig_limits.hpp).
  double max_force_n = 15.0;  // the station's safety limit: a preload must stay below it
  std::uint64_t capture_memory_bytes = 1ULL << 30;
  double max_settle_s = 600.0;
  std::size_t pool_blocks = 64;  // acquisition blocks between the threads
  // As AcquisitionSettings (acquisition.hpp) says why.
  std::chrono::nanoseconds read_timeout{std::chrono::milliseconds(50)};
  std::size_t max_consecutive_timeouts = 40;
  std::chrono::milliseconds interrupt_poll{10};  // how often the operator's request is polled
  // A move that has not ended after its expected duration x 1.5 plus this is a fault of the axis.
  double move_slack_s = 5.0;
  double home_timeout_s = 60.0;  // homing: its distance is not known in advance
};

class Sequencer {
 public:
  Sequencer(SequencerRoles roles, RunClock& clock, const OperatorAction& action,
            SequencerOptions options = {});

  void set_progress(ProgressListener* listener) { listener_ = listener; }
  /// nullptr (the default): non-interactive, prompts are logged as events and assumed done.
  void set_prompt(OperatorPrompt* prompt) { prompt_ = prompt; }
  void set_capture_sink(CaptureSink* sink) { sink_ = sink; }

  /// Brings the roles up (configure, activate: nothing moves) and checks the plan against them
  /// and the options' limits. Throws plan::PlanError naming the step for what the rig cannot do,
  /// core::DriverError when a role cannot be brought up. run() does the same first; a caller
  /// that must refuse a plan before anything else (a run directory, a prompt) calls this.
  void prepare(const plan::TestPlan& plan);

  /// Fills plan_name, plan_version, planned_captures, pen, calibration, steps, captures, events,
  /// aborted and verdict; the caller fills the rest (ids, times, files). Never throws for hardware
  /// trouble: it is in the record.
  record::RunRecord run(const plan::TestPlan& plan);

 private:
  struct StepResult {
    record::StepStatus status = record::StepStatus::done;
    std::string message;
  };
  /// How a wait on the stream ended.
  enum class WaitEnd { done, interrupted, stream_ended, deadline };

  /// Configures and activates the roles; a failure is kept and thrown again by a later call, so
  /// that the run's record says why a role could not be brought up, not only that it is in fault.
  void bring_up();
  StepResult execute(const plan::TestPlan& plan, const plan::PlanStep& step);
  StepResult do_step(const plan::TestPlan& plan, const plan::PlanStep& step);
  StepResult set_depth(double depth_mm);
  StepResult run_pen(const plan::TestPlan& plan, const plan::RunStep& step);
  StepResult capture(const plan::TestPlan& plan, const plan::CaptureStep& step, std::size_t line);
  StepResult settle(const plan::TestPlan& plan, double seconds);
  // Motion (sequencer_motion.cpp).
  StepResult home();
  StepResult approach(const plan::ApproachStep& step);
  /// A move to `position_mm`; the operator's `stops_at` request (or a stronger one) stops it: a
  /// terminate for the plan's moves, only an abort for the cleanup's retract.
  StepResult move_axis(double position_mm, double speed_mm_per_s, const char* what,
                       OperatorRequest stops_at = OperatorRequest::terminate);
  /// Reads the stream until `done` (called after every block, with it, and on every quiet read,
  /// with nullptr) says so, the operator's `stops_at` request (or a stronger one) comes, the
  /// stream ends, or `limit_s` of stream time have passed.
  WaitEnd wait_on_stream(double limit_s, const std::function<bool(const core::SampleBlock*)>& done,
                         OperatorRequest stops_at = OperatorRequest::terminate);
  /// Waits until the axis holds still after a stop (bounded): the next move must not be refused.
  void wait_until_still();
  StepResult failed_wait(WaitEnd end, const std::string& what);
  AcquisitionSettings acquisition_settings() const;
  /// `request`: what the operator asked while the plan ran.
  void clean_up(const plan::TestPlan& plan, bool failed, InterruptWatcher& watcher,
                OperatorRequest request);
  OperatorRequest note_request();
  void add_event(const std::string& kind, const std::string& message);
  double run_time_s();

  std::optional<core::DriverError> bring_up_failure_;
  SequencerRoles roles_;
  RunClock& clock_;
  const OperatorAction& action_;
  SequencerOptions options_;
  ProgressListener* listener_ = nullptr;
  OperatorPrompt* prompt_ = nullptr;
  CaptureSink* sink_ = nullptr;

  // State of the run in progress.
  std::unique_ptr<RunStream> stream_;
  record::RunRecord record_;
  double start_s_ = 0.0;
  OperatorRequest noted_ = OperatorRequest::none;
  PenSettings pen_settings_;
  SettleStalls settle_stalls_;  // of the last settle, for the capture after it
};

}  // namespace needlerig::rig::sequencer
