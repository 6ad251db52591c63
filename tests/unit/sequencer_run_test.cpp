#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rig/plan/plan_loader.hpp"
#include "rig/sequencer/sequencer.hpp"
#include "tests/unit/sequencer_test_doubles.hpp"

namespace core = needlerig::rig::core;
namespace plan = needlerig::rig::plan;
namespace record = needlerig::rig::record;
namespace seq = needlerig::rig::sequencer;
using needlerig::analysis::MeasurementId;
using needlerig::analysis::Verdict;
using needlerig::testing::CallLog;
using needlerig::testing::FakeAxis;
using needlerig::testing::FakePen;
using needlerig::testing::FakeSource;

namespace {

std::string plan_text(const std::string& frequency_limits = "min: 119.0, max: 121.0") {
  return "name: seq\nversion: '1'\nsteps:\n"
         "  - home\n"
         "  - approach: {preload_n: 0.8, speed_mm_per_s: 2, limit_mm: 40}\n"
         "  - set_depth: {depth_mm: 1.0}\n"
         "  - run: {speed_level: 3, settle_s: 0.5}\n"
         "  - capture:\n"
         "      name: c1\n"
         "      duration_s: 0.5\n"
         "      measurements:\n"
         "        - {id: stroke_frequency, " +
         frequency_limits +
         "}\n"
         "        - {id: depth_error, nominal: 0, tolerance: 0.05}\n"
         "        - {id: retraction_worst, max: -0.9}\n"
         "        - {id: peak_force_mean, min: 0.45, max: 0.55}\n"
         "  - stop\n"
         "  - retract: {position_mm: 0, speed_mm_per_s: 10}\n";
}

/// A pen with `levels` speed levels and a 0-2.5 mm depth setting in 0.25 mm steps, set
/// electrically or on a dial.
core::PenCapabilities pen_with(int levels, bool sets_depth) {
  core::PenCapabilities pen;
  pen.speed_levels = levels;
  pen.sets_depth = sets_depth;
  pen.depth_max_mm = 2.5;
  pen.depth_step_mm = 0.25;
  return pen;
}

/// The roles, clock and operator of one test run.
struct Rig {
  explicit Rig(core::PenCapabilities capabilities = pen_with(6, true))
      : axis(log), pen(log, capabilities), source(log), progress(source) {}

  record::RunRecord run(const std::string& text) {
    const auto test_plan = plan::parse_test_plan(text, "seq.yaml");
    seq::SequencerOptions options;
    options.stream.sample_rate_hz = 20'000.0;
    options.stream.block_samples = 500;
    options.pen.model = "fake-pen";
    options.pen.serial = "SN-1";
    options.pen.needle_count = 12;
    seq::Sequencer sequencer({source, axis, pen}, clock, action, options);
    sequencer.set_progress(&progress);
    if (prompt != nullptr) sequencer.set_prompt(prompt);
    return sequencer.run(test_plan);
  }

  /// The pen's last call is power_off and the axis' last call is stop: the rig was left safe.
  bool left_safe() const {
    const auto calls = log.calls();
    long last_pen = -1;
    long last_axis = -1;
    for (std::size_t i = 0; i < calls.size(); ++i) {
      if (calls[i].rfind("pen.", 0) == 0) last_pen = static_cast<long>(i);
      if (calls[i].rfind("axis.", 0) == 0) last_axis = static_cast<long>(i);
    }
    return last_pen >= 0 && calls[static_cast<std::size_t>(last_pen)] == "pen.power_off" &&
           last_axis >= 0 && calls[static_cast<std::size_t>(last_axis)] == "axis.stop";
  }

  struct Progress : seq::ProgressListener {
    explicit Progress(FakeSource& daq) : source(daq) {}
    void step_started(std::size_t, std::size_t, const plan::PlanStep& step) override {
      started.emplace_back(plan::step_kind(step.action));
      if (started.back() == "capture") source.begin_window();
    }
    FakeSource& source;
    void capture_progress(const std::string&, double captured_s, double) override {
      last_captured_s = captured_s;
      if (on_capture_progress) on_capture_progress();
    }
    void event(const record::RunEvent& e) override { events.push_back(e.kind); }
    std::vector<std::string> started;
    std::vector<std::string> events;
    double last_captured_s = 0.0;
    std::function<void()> on_capture_progress;
  };

  CallLog log;
  FakeAxis axis;
  FakePen pen;
  FakeSource source;
  seq::ManualClock clock;
  seq::OperatorAction action;
  Progress progress;
  seq::OperatorPrompt* prompt = nullptr;
};

bool has_event(const record::RunRecord& r, const std::string& kind) {
  return std::any_of(r.events.begin(), r.events.end(),
                     [&](const auto& e) { return e.kind == kind; });
}

std::vector<std::string> step_kinds(const record::RunRecord& r) {
  std::vector<std::string> kinds;
  for (const auto& step : r.steps) kinds.push_back(step.kind);
  return kinds;
}

}  // namespace

TEST_CASE("a full plan runs its steps in order and judges the known signal", "[sequencer]") {
  Rig rig;
  // A DAQ paced in time: every block of 500 samples at 20 kHz takes 25 ms on the run's clock.
  rig.source.on_block = [&rig](std::size_t, std::size_t) { rig.clock.advance_s(0.025); };
  const auto r = rig.run(plan_text());

  const std::vector<std::string> kinds{"home",    "approach", "set_depth", "run",
                                       "capture", "stop",     "retract"};
  CHECK(step_kinds(r) == kinds);
  CHECK(rig.progress.started == kinds);
  for (const auto& step : r.steps) CHECK(step.status == record::StepStatus::done);
  // Timing on the injected clock: the moves took the blocks the axis needed, the run step
  // settled for 0.5 s of samples (and the one block read before the pen started, dropped), the
  // capture took its 0.5 s, the steps follow each other without a gap.
  CHECK(r.steps[0].duration_s >= 0.025 * rig.axis.polls_per_move - 1e-9);
  CHECK(r.steps[3].duration_s == Approx(0.5).margin(0.026));
  CHECK(r.steps[4].duration_s == Approx(0.5).margin(0.026));
  for (std::size_t k = 1; k < r.steps.size(); ++k) {
    CHECK(r.steps[k].started_s == Approx(r.steps[k - 1].started_s + r.steps[k - 1].duration_s));
  }

  // One stream for the run, from before homing; the hardware saw the plan's commands in order.
  const auto calls = rig.log.calls();
  const auto at = [&](const std::string& call) {
    return std::find(calls.begin(), calls.end(), call) - calls.begin();
  };
  CHECK(rig.source.activations() == 1);
  CHECK(at("daq.activate") < at("axis.home"));
  CHECK(at("axis.home") < at("axis.move_to"));  // the approach
  CHECK(at("axis.move_to") < at("pen.set_depth_mm"));
  CHECK(at("pen.set_depth_mm") < at("pen.set_speed_level"));
  CHECK(at("pen.set_speed_level") < at("pen.power_on"));
  CHECK(rig.log.last("axis.move_to") > at("pen.power_off"));  // the retract, after the stop step
  CHECK(rig.log.last("daq.deactivate") > rig.log.last("axis.move_to"));
  CHECK(rig.left_safe());

  REQUIRE(r.captures.size() == 1);
  const auto& capture = r.captures.front();
  CHECK(capture.step_name == "c1");
  CHECK(capture.depth_setting_mm == 1.0);
  CHECK(capture.speed_level == 3);
  CHECK(capture.metadata.needle_count == 12);
  CHECK(capture.metadata.entries.at("pen_serial") == "SN-1");
  CHECK(capture.analysis.sample_count == 10'000);
  CHECK(rig.progress.last_captured_s == Approx(0.5));
  // The engine's values are those of the signal the double produced.
  CHECK(*capture.analysis.value(MeasurementId::stroke_frequency) == Approx(120.0).epsilon(1e-3));
  CHECK(*capture.analysis.value(MeasurementId::protrusion_max_mean) == Approx(1.0).margin(0.01));
  CHECK(*capture.analysis.value(MeasurementId::retraction_worst) == Approx(-1.0).margin(0.01));
  REQUIRE(capture.judged.size() == 4);
  for (const auto& judged : capture.judged) {
    INFO(needlerig::analysis::measurement_info(judged.id).name);
    CHECK(judged.verdict == Verdict::pass);
  }
  CHECK(capture.verdict == Verdict::pass);
  CHECK(r.verdict == Verdict::pass);
  CHECK_FALSE(r.aborted);
  CHECK(r.pen.serial == "SN-1");
  CHECK(r.calibration.size() == 2);
}

TEST_CASE("the pen's supply current is read through a capture, every 50 ms of stream time",
          "[sequencer]") {
  Rig rig;
  rig.pen.supply_current = [] { return 0.25; };
  const auto r = rig.run(plan_text());
  REQUIRE(r.captures.size() == 1);
  const auto& readings = r.captures.front().supply_current;
  // 0.5 s of capture: 10 readings, 1000 samples apart at 20 kHz (after blocks of 500).
  REQUIRE(readings.size() == 10);
  for (std::size_t k = 1; k < readings.size(); ++k) {
    CHECK(readings[k].stream_sample - readings[k - 1].stream_sample == 1'000);
    CHECK(readings[k].current_a == 0.25);
  }
  CHECK(r.verdict == Verdict::pass);
}

TEST_CASE("a pen whose line fails while its current is read: not asked again, the capture ERROR",
          "[sequencer]") {
  Rig rig;
  rig.pen.supply_current = [&rig]() -> std::optional<double> {
    if (rig.pen.current_reads > 3) throw needlerig::rig::core::DriverError("pen", "no answer");
    return 0.25;
  };
  const auto r = rig.run(plan_text());
  REQUIRE(r.captures.size() == 1);
  // The run step asked once before switching on; the capture read twice, then the line failed.
  CHECK(r.captures.front().supply_current.size() == 2);
  CHECK(rig.pen.current_reads == 4);
  CHECK(has_event(r, "fault"));
  CHECK(r.verdict == Verdict::error);
  CHECK(rig.left_safe());
}

TEST_CASE(
    "a role that cannot be brought up: the run's record says why, not only that it is in "
    "fault",
    "[sequencer]") {
  Rig rig;
  rig.axis.activate_error = "tcp 10.0.0.9:5028: cannot connect: Connection refused";
  const auto test_plan = plan::parse_test_plan(plan_text(), "seq.yaml");
  seq::Sequencer sequencer({rig.source, rig.axis, rig.pen}, rig.clock, rig.action, {});
  // As `needlerig run` does: the plan is checked first, and the failure is the run's to record.
  CHECK_THROWS_AS(sequencer.prepare(test_plan), core::DriverError);
  const auto r = sequencer.run(test_plan);
  CHECK(r.verdict == Verdict::error);
  REQUIRE_FALSE(r.events.empty());
  CHECK(r.events.front().message == "axis: tcp 10.0.0.9:5028: cannot connect: Connection refused");
}

TEST_CASE("a value outside its limits fails the run; inside the guard band it is marginal",
          "[sequencer]") {
  SECTION("fail") {
    Rig rig;
    const auto r = rig.run(plan_text("min: 125.0"));
    CHECK(r.captures.front().judged.front().verdict == Verdict::fail);
    CHECK(r.verdict == Verdict::fail);
  }
  SECTION("marginal passes") {
    Rig rig;
    const auto r = rig.run(plan_text("min: 119.5, guard_band: 1.0"));
    CHECK(r.captures.front().judged.front().verdict == Verdict::marginal);
    CHECK(r.verdict == Verdict::pass);
  }
}

TEST_CASE("a dial-only pen gets a prompt: an event in a non-interactive run", "[sequencer]") {
  Rig rig(pen_with(6, /*sets_depth=*/false));
  const auto r = rig.run(plan_text());
  CHECK(rig.log.count("pen.set_depth_mm") == 0);
  REQUIRE(has_event(r, "prompt"));
  const auto prompt = std::find_if(r.events.begin(), r.events.end(),
                                   [](const auto& e) { return e.kind == "prompt"; });
  CHECK_THAT(prompt->message, Catch::Contains("set the dial to 1.00 mm and press Enter") &&
                                  Catch::Contains("assumed done"));
  CHECK(r.steps[2].status == record::StepStatus::done);
  CHECK(r.captures.front().depth_setting_mm == 1.0);
  CHECK(r.verdict == Verdict::pass);
}

TEST_CASE("an interactive prompt is shown to the operator", "[sequencer]") {
  struct Operator : seq::OperatorPrompt {
    std::string set_depth_dial(double depth_mm, const std::string& message) override {
      asked.push_back(message);
      depths.push_back(depth_mm);
      return "confirmed by the operator";
    }
    std::vector<std::string> asked;
    std::vector<double> depths;
  } op;
  Rig rig(pen_with(6, false));
  rig.prompt = &op;
  const auto r = rig.run(plan_text());
  REQUIRE(op.asked.size() == 1);
  CHECK(op.asked.front() == "set the dial to 1.00 mm and press Enter");
  CHECK(op.depths.front() == 1.0);
  CHECK(has_event(r, "prompt"));
}

TEST_CASE("a DAQ overrun makes the capture and the run ERROR", "[sequencer]") {
  Rig rig;
  rig.source.overrun_at_block = 5;
  const auto r = rig.run(plan_text());
  CHECK(has_event(r, "overrun"));
  CHECK(r.captures.front().verdict == Verdict::error);
  CHECK(r.verdict == Verdict::error);
  // The lost samples are visible to the engine as a dropout.
  const auto& findings = r.captures.front().analysis.findings;
  CHECK(std::any_of(findings.begin(), findings.end(), [](const auto& f) {
    return f.kind == needlerig::analysis::FindingKind::dropout;
  }));
  // An overrun does not stop the plan: the remaining steps ran.
  CHECK(r.steps.back().status == record::StepStatus::done);
  CHECK(rig.left_safe());
}

TEST_CASE("a DAQ disconnect makes the run ERROR, skips the rest and leaves the rig safe",
          "[sequencer]") {
  Rig rig;
  rig.source.disconnect_at_block = 7;
  const auto r = rig.run(plan_text());
  CHECK(has_event(r, "disconnect"));
  CHECK(r.captures.front().verdict == Verdict::error);
  CHECK(r.steps[4].status == record::StepStatus::failed);
  CHECK(r.steps[5].status == record::StepStatus::skipped);
  CHECK(r.steps[6].status == record::StepStatus::skipped);
  CHECK(rig.log.count("axis.move_to") == 1);  // the approach; no retract
  CHECK(r.verdict == Verdict::error);
  CHECK(rig.left_safe());
}

TEST_CASE("a DriverError mid-run leaves the rig safe and the run ERROR", "[sequencer]") {
  Rig rig;
  rig.log.throw_on("pen.set_speed_level");
  const auto r = rig.run(plan_text());
  CHECK(has_event(r, "fault"));
  CHECK(r.steps[3].status == record::StepStatus::failed);
  CHECK_THAT(r.steps[3].message, Catch::Contains("injected failure"));
  CHECK(r.steps[4].status == record::StepStatus::skipped);
  CHECK(r.captures.empty());
  CHECK(r.verdict == Verdict::error);
  CHECK(rig.log.count("pen.power_on") == 0);
  CHECK(rig.left_safe());
}

TEST_CASE("an approach that does not reach the preload fails before anything runs", "[sequencer]") {
  Rig rig;
  rig.source.signal.preload_n = 0.1;  // the phantom is not there: the force stays low
  rig.source.signal.stiffness_n_per_mm = 0.0;
  const auto r = rig.run(plan_text());
  CHECK(r.steps[1].status == record::StepStatus::failed);
  CHECK_THAT(r.steps[1].message, Catch::Contains("preload"));
  CHECK(rig.log.count("pen.power_on") == 0);
  CHECK(r.verdict == Verdict::error);
  CHECK(rig.left_safe());
}

TEST_CASE("terminate during a capture: stop at a block boundary, clean up, then stop",
          "[sequencer]") {
  Rig rig;
  rig.source.on_block = [&rig](std::size_t window, std::size_t block) {
    if (window == 1 && block == 8) rig.action.interrupt();  // the first Ctrl-C, in the capture
  };
  const auto r = rig.run(plan_text());
  CHECK(r.aborted);
  CHECK(r.verdict == Verdict::error);
  CHECK(has_event(r, "terminate"));
  CHECK_FALSE(has_event(r, "abort"));
  REQUIRE(r.captures.size() == 1);
  CHECK(r.captures.front().verdict == Verdict::error);
  CHECK(r.captures.front().analysis.sample_count < 10'000);  // stopped early
  CHECK(r.steps[4].status == record::StepStatus::failed);
  CHECK(r.steps[5].status == record::StepStatus::skipped);
  // Cleanup: pen off, then the retract to the plan's retract position, then the axis stopped.
  // (The watcher stops the axis while the terminate is outstanding, up to the cleanup's retract.)
  const auto calls = rig.log.calls();
  const long off = rig.log.last("pen.power_off");
  const long retract = rig.log.last("axis.move_to");
  REQUIRE(retract >= 0);
  CHECK(rig.log.count("axis.move_to") == 2);  // the approach, the cleanup's retract
  long pen_before_retract = retract - 1;
  while (pen_before_retract >= 0 &&
         calls[static_cast<std::size_t>(pen_before_retract)].rfind("pen.", 0) != 0) {
    --pen_before_retract;
  }
  REQUIRE(pen_before_retract >= 0);
  CHECK(calls[static_cast<std::size_t>(pen_before_retract)] == "pen.power_off");
  CHECK(calls[static_cast<std::size_t>(retract) - 1] == "axis.stop");  // the watcher's, handed over
  CHECK(off > retract);  // and again by the guard at the end
  CHECK(rig.left_safe());
}

TEST_CASE("terminate without a retract position in the plan holds the axis", "[sequencer]") {
  Rig rig;
  rig.log.on_call([&rig](const std::string& call) {
    if (call == "pen.power_on") rig.action.terminate();
  });
  std::string text = plan_text();
  text = text.substr(0, text.find("  - retract"));
  const auto r = rig.run(text);
  CHECK(r.aborted);
  CHECK(rig.log.count("axis.move_to") == 1);  // the approach only
  CHECK(r.captures.empty());                  // the settle wait noticed the request
  CHECK(r.steps[3].status == record::StepStatus::failed);
  CHECK(has_event(r, "cleanup"));
  CHECK(rig.left_safe());
}

TEST_CASE("abort stops the pen and the axis at once, with no retract", "[sequencer]") {
  Rig rig;
  rig.log.on_call([&rig](const std::string& call) {
    if (call == "axis.move_to") {  // the approach has started
      rig.action.interrupt();
      rig.action.interrupt();  // a second Ctrl-C: abort
    }
  });
  const auto r = rig.run(plan_text());
  CHECK(rig.action.requested() == seq::OperatorRequest::abort);
  CHECK(has_event(r, "abort"));
  CHECK(r.aborted);
  CHECK(r.verdict == Verdict::error);
  CHECK(rig.log.count("axis.move_to") == 1);  // the approach, stopped; no retract
  CHECK(rig.log.count("pen.power_on") == 0);
  CHECK(r.steps[1].status == record::StepStatus::failed);
  CHECK(rig.left_safe());
}

TEST_CASE("operator requests only escalate", "[sequencer]") {
  seq::OperatorAction action;
  CHECK(action.requested() == seq::OperatorRequest::none);
  action.interrupt();
  CHECK(action.requested() == seq::OperatorRequest::terminate);
  action.terminate();
  CHECK(action.requested() == seq::OperatorRequest::terminate);
  action.interrupt();
  CHECK(action.requested() == seq::OperatorRequest::abort);
  action.interrupt();
  action.terminate();
  CHECK(action.requested() == seq::OperatorRequest::abort);
}

TEST_CASE("a plan the pen cannot run is refused before anything moves", "[sequencer]") {
  Rig rig(pen_with(2, true));  // two speed levels; the plan asks for level 3
  const auto r = rig.run(plan_text());
  CHECK(has_event(r, "plan"));
  CHECK(r.verdict == Verdict::error);
  CHECK(rig.log.count("axis.home") == 0);
  CHECK(rig.log.count("pen.power_on") == 0);
  for (const auto& step : r.steps) CHECK(step.status == record::StepStatus::skipped);
  CHECK(rig.left_safe());
}

TEST_CASE("a full acquisition queue is counted, logged and makes the run ERROR", "[sequencer]") {
  Rig rig;
  // Hold the consumer on its first block until the source has delivered far more blocks than
  // the queue holds: the acquisition thread must go on reading and count what it could not queue.
  rig.source.free_running_device = true;
  bool held = false;
  rig.progress.on_capture_progress = [&rig, &held] {
    if (held) return;
    held = true;
    // Hold until the reader is 15 blocks ahead of us (the queue holds 4).
    const auto target = rig.source.delivered_.load() + 15;
    for (auto seen = rig.source.delivered_.load(); seen < target;
         seen = rig.source.delivered_.load()) {
      rig.source.delivered_.wait(seen);
    }
  };
  const auto text = plan_text();
  const auto test_plan = plan::parse_test_plan(text, "seq.yaml");
  seq::SequencerOptions options;
  options.stream.sample_rate_hz = 20'000.0;
  options.stream.block_samples = 500;
  options.pool_blocks = 4;
  seq::Sequencer sequencer({rig.source, rig.axis, rig.pen}, rig.clock, rig.action, options);
  sequencer.set_progress(&rig.progress);
  const auto r = sequencer.run(test_plan);
  for (const auto& e : r.events) UNSCOPED_INFO("event " << e.kind << ": " << e.message);
  for (const auto& step : r.steps) UNSCOPED_INFO("step " << step.kind << ": " << step.message);
  CHECK(has_event(r, "queue_full"));
  REQUIRE(r.captures.size() == 1);
  CHECK(r.captures.front().verdict == Verdict::error);
  CHECK(r.verdict == Verdict::error);
  CHECK(rig.left_safe());
}
