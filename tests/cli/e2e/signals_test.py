"""Ctrl-C (SIGINT: terminate) and SIGTERM (abort) while each blocking step of a run is under way,
on a station paced in real time (tests/cli/stations/short_real_time.yaml, whose steps take 1-3 s
each with tests/cli/plans/short_real_time.yaml).

Each test starts a run, waits for the step's start line on stdout, signals 0.5 s later and checks:
  - the process ends by itself, exit code 2 (ERROR), nothing on stderr, a record that parses;
  - the step failed, "interrupted by the operator" (its FAILED line on stdout says so too), every
    later step was skipped, no fault was recorded (the operator's request is not a rig fault); the
    retract is the exception: it only has to end promptly (but after an abort it must not claim to
    be done, since nothing retracts then);
  - latency: the sequencer ended the step within 0.1 s of taking the request (the step's end on
    the run clock minus the time of the "terminate" or "abort" event), and the step's end line
    reached stdout within 0.5 s of the signal (an interrupted capture is still analysed and stored
    before it ends; uninterrupted, every step would have lasted another second);
  - the cleanup: after a terminate one "cleanup" event, a retract to the plan's 0 mm (or, with the
    axis not homed yet, none); after an abort no cleanup retract.
And first: fixtures/stations/sim-real-time.yaml paces a run in real time, as a real DAQ does.
The runs mostly wait on the real-time clock, so they run side by side.
"""

import collections
import os
import re
import signal
import time

import harness
from harness import check, check_equal

PLAN_STEPS = 7
STEP_INDEX = {"home": 1, "approach": 2, "run": 4, "capture": 5, "retract": 7}  # in the plan
SIGNAL_AFTER_S = 0.5  # after the step's start line: every step lasts at least 1.5 s
MAX_LATENCY_S = 0.1   # from the request's event to the step's end, on the run clock
MAX_END_LINE_S = 0.5  # from the signal to the step's end line on stdout
INTERRUPTED = "interrupted by the operator"

# What an interrupted run left: its record and stdout, and the seconds from the signal to the
# step's end line on stdout and to the process' exit.
Interrupted = collections.namedtuple("Interrupted", "record stdout end_line_s exit_s")


def interrupted_run(context, kind, signal_number):
    """Runs the plan and signals during its step of `kind`; checks the exit code and stderr."""
    with context.temp_dir(f"signal-{kind}-{signal_number}") as out:
        args = ["run", "--station", context.cli_file("stations", "short_real_time.yaml"),
                "--plan", context.cli_file("plans", "short_real_time.yaml"),
                "--serial", f"SIG-{kind}", "--out", out, "--yes", "--seed", "1"]
        index = STEP_INDEX[kind]
        with context.start(args) as run:
            run.wait_for_line(rb"^\[ ?%d/%d\] .* \.\.\.$" % (index, PLAN_STEPS), timeout=20)
            time.sleep(SIGNAL_AFTER_S)
            check(run.send(signal_number), f"the run ended before the signal\n{run.output()}")
            signalled = time.monotonic()
            code = run.wait(timeout=15)
            exit_s = time.monotonic() - signalled
            check_equal(code, harness.EXIT_ERROR, f"exit code\n{run.output()}")
            check_equal(harness.text(run.stderr()), "", f"stderr\n{run.output()}")
            end_line = re.compile(rb"^\[ ?%d/%d\] .* (done|FAILED) " % (index, PLAN_STEPS))
            ended = [t for t, line in run.lines if end_line.search(line)]
            check(len(ended) == 1, f"no end line for step {index}\n{run.output()}")
            run_dir = harness.only_run_directory(out, run.output())
            record = harness.load_record(run_dir)
            check(not harness.temporary_files(run_dir), "a .tmp file was left behind")
            return Interrupted(record, harness.text(run.stdout()), ended[0] - signalled, exit_s)


def check_interrupted_step(run, kind, request):
    """The step of `kind` ended promptly after the request (failed as interrupted, but for the
    retract); every earlier step was done, every later one skipped. Returns the step."""
    record, stdout = run.record, run.stdout
    index = STEP_INDEX[kind] - 1
    steps = record["steps"]
    check_equal(len(steps), PLAN_STEPS, "steps in the record")
    step = steps[index]
    check_equal(step["kind"], kind, f"kind of step {index + 1}")
    if kind != "retract":
        check_equal((step["status"], step["message"]), ("failed", INTERRUPTED),
                    f"status and message of the interrupted {kind} step")
        check(re.search(r"\n\[%2d/%d\] [^\n]* FAILED +[0-9.]+ s  %s\n"
                        % (index + 1, PLAN_STEPS, INTERRUPTED), stdout),
              f"no FAILED line saying '{INTERRUPTED}' for the {kind} step\n{stdout}")
    for earlier in steps[:index]:
        check_equal(earlier["status"], "done", f"status of the {earlier['kind']} step before")
    for later in steps[index + 1:]:
        check_equal(later["status"], "skipped", f"status of the {later['kind']} step after")

    check(run.end_line_s < MAX_END_LINE_S,
          f"the {kind} step ended on stdout {run.end_line_s:.3f} s after the signal (at most "
          f"{MAX_END_LINE_S} s)\n{stdout}")
    events = [e for e in record["events"] if e["kind"] == request]
    check_equal(len(events), 1, f"'{request}' events in {record['events']}")
    check(events[0]["time_s"] >= step["started_s"],
          f"the {request} event came before the {kind} step began: {record['events']}")
    latency_s = step["started_s"] + step["duration_s"] - events[0]["time_s"]
    check(latency_s < MAX_LATENCY_S,
          f"the {kind} step ended {latency_s:.3f} s after the {request} event (at most "
          f"{MAX_LATENCY_S} s): step {step}, events {record['events']}")

    check_equal((record["verdict"], record["aborted"]), ("ERROR", True), "verdict and aborted")
    faults = [e for e in record["events"] if e["kind"] in ("fault", "disconnect")]
    check(not faults, f"the operator's {request} recorded as a fault: {faults}")
    if kind == "capture":
        check_equal([c["verdict"] for c in record["captures"]], ["ERROR"],
                    "verdicts of the captures (the interrupted one is not sound)")
    return step


def terminate_during(context, kind):
    run = interrupted_run(context, kind, signal.SIGINT)
    check_interrupted_step(run, kind, "terminate")
    record, exit_s = run.record, run.exit_s
    check(not any(e["kind"] == "abort" for e in record["events"]),
          f"abort event after one Ctrl-C: {record['events']}")
    cleanups = [e for e in record["events"] if e["kind"] == "cleanup"]
    check_equal(len(cleanups), 1, f"cleanup events in {record['events']}")
    if kind == "home":
        check_equal(cleanups[0]["message"], "pen off; the axis cannot move (not homed or not "
                    "active): it holds where it is", "cleanup of an axis not homed yet")
        check(exit_s < 2.0, f"exit {exit_s:.2f} s after the Ctrl-C (no retract: under 2 s)")
    else:
        check_equal(cleanups[0]["message"], "pen off; retracting to 0.0 mm", "cleanup event")
        terminate_s = next(e["time_s"] for e in record["events"] if e["kind"] == "terminate")
        check(cleanups[0]["time_s"] >= terminate_s, f"cleanup before the terminate: {record}")
        # The retract from at most the 18 mm surface at 12 mm/s takes 1.5 s.
        check(exit_s < 4.0, f"exit {exit_s:.2f} s after the Ctrl-C (a 1.5 s retract: under 4 s)")


def abort_during(context, kind):
    run = interrupted_run(context, kind, signal.SIGTERM)
    step = check_interrupted_step(run, kind, "abort")
    record, exit_s = run.record, run.exit_s
    check(not any(e["kind"] == "terminate" for e in record["events"]),
          f"terminate event after SIGTERM: {record['events']}")
    retracts = [e for e in record["events"]
                if e["kind"] == "cleanup" and "retracting" in e["message"]]
    check(not retracts, f"a cleanup retract after an abort: {retracts}")
    if kind == "retract":
        # The abort stopped the stage on its way: a retract "done" would say it got to 0 mm.
        check_equal(step["status"], "failed", f"status of the aborted retract {step}")
    check(exit_s < 2.0, f"exit {exit_s:.2f} s after SIGTERM (nothing moves: under 2 s)")


HOME_AND_CAPTURE = """\
name: home-and-capture
version: "1"
steps:
  - home
  - run: {speed_level: 3, settle_s: 0.2}
  - capture:
      name: in_air
      duration_s: 0.3
      measurements:
        - {id: stroke_frequency, min: 114.0, max: 126.0}
  - stop
"""


def test_real_time_station_paces_the_run(context):
    # fixtures/stations/sim-real-time.yaml: homing from 10 mm at 10 mm/s takes about 1 s of wall
    # time, as on a real rig (in fast mode, a few milliseconds; samples the DAQ buffered before
    # the run may shorten it a little), the whole run about 1.5 s.
    with context.temp_dir("real-time") as directory:
        plan = os.path.join(directory, "plan.yaml")
        with open(plan, "w", encoding="utf-8") as f:
            f.write(HOME_AND_CAPTURE)
        out = os.path.join(directory, "runs")
        started = time.monotonic()
        station = context.fixture("stations", "sim-real-time.yaml")
        result = context.run(["run", "--station", station, "--plan", plan,
                              "--serial", "REAL-TIME-1", "--out", out, "--yes"])
        took_s = time.monotonic() - started
        shown = harness.text(result.stdout) + harness.text(result.stderr)
        check_equal(result.returncode, harness.EXIT_OK, f"exit code\n{shown}")
        record = harness.load_record(harness.only_run_directory(out, shown))
        check_equal(record["station"]["mode"], "simulated real time", "station.mode")
        home = record["steps"][0]
        check(0.8 <= home["duration_s"] < 1.5, f"homing took {home['duration_s']:.3f} s, not 1 s")
        check(took_s >= 1.3, f"the run took {took_s:.2f} s of wall time, not 1.5 s")


def test_sigint_during_home(context):
    terminate_during(context, "home")


def test_sigint_during_approach(context):
    terminate_during(context, "approach")


def test_sigint_during_settle(context):
    terminate_during(context, "run")


def test_sigint_during_capture(context):
    terminate_during(context, "capture")


def test_sigint_during_retract(context):
    terminate_during(context, "retract")


def test_sigterm_during_home(context):
    abort_during(context, "home")


def test_sigterm_during_approach(context):
    abort_during(context, "approach")


def test_sigterm_during_settle(context):
    abort_during(context, "run")


def test_sigterm_during_capture(context):
    abort_during(context, "capture")


def test_sigterm_during_retract(context):
    abort_during(context, "retract")


if __name__ == "__main__":
    harness.main([test_real_time_station_paces_the_run,
                  test_sigint_during_home, test_sigint_during_approach, test_sigint_during_settle,
                  test_sigint_during_capture, test_sigint_during_retract,
                  test_sigterm_during_home, test_sigterm_during_approach,
                  test_sigterm_during_settle, test_sigterm_during_capture,
                  test_sigterm_during_retract],
                 parallel=11)
