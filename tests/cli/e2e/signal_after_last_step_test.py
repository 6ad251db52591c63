"""A Ctrl-C or SIGTERM that comes after the last step has ended (while the verdict is printed and
the record, JUnit XML and report are written, or while the process ends) must never lose the
record: the pen is safe by then, the run is over.

Runs tests/cli/plans/two_long_captures.yaml (two 20 s captures of a good pen) on the fast
simulated station and signals at several moments: 0, 15 and 30 ms after the last step's end line
(the sequencer's cleanup, the verdict, the writing of the record, JUnit XML and report), and 0 and
5 ms after the last line of the run's file list (printed, and stdout flushed, once every file is
written: the process is ending). Each time: record.json exists and parses, no *.tmp file is left
in the run directory, the record's verdict is PASS with every step done, and the exit code is the
verdict's (0): a signal after the run neither turns a good pen into an ERROR nor kills the process
in place of its exit code.
"""

import signal
import time

import harness
from harness import check

LAST_STEP_ENDED = rb"^\[ ?8/8\] .* (done|FAILED|skipped) "
FILES_LISTED = rb"^  capture: .*/captures/02-second_20s\.csv$"  # the last line of stdout
MOMENTS = ((LAST_STEP_ENDED, 0.0), (LAST_STEP_ENDED, 0.015), (LAST_STEP_ENDED, 0.03),
           (FILES_LISTED, 0.0), (FILES_LISTED, 0.005))


def signal_after_last_step(context, signal_number, anchor, delay_s):
    """One run, signalled `delay_s` after its stdout line matching `anchor`. Returns (whether the
    process was still running when signalled, the problems found)."""
    problems = []
    with context.temp_dir("after-last-step") as out:
        args = ["run", "--station", context.fixture("stations", "sim.yaml"),
                "--plan", context.cli_file("plans", "two_long_captures.yaml"),
                "--serial", "LATE-SIGNAL", "--out", out, "--yes", "--seed", "1"]
        with context.start(args) as run:
            run.wait_for_line(anchor, timeout=60)
            time.sleep(delay_s)
            running = run.send(signal_number)
            code = run.wait(timeout=30)
            what = (f"{signal.Signals(signal_number).name} {delay_s * 1000:.0f} ms after the "
                    + ("last step ended" if anchor == LAST_STEP_ENDED else "files were listed"))
            dirs = harness.run_directories(out)
            if len(dirs) != 1:
                return running, [f"{what}: run directories {dirs}\n{run.output()}"]
            try:
                record = harness.load_record(dirs[0])
            except harness.TestFailure as e:
                return running, [f"{what}: the record is lost: {e} (exit code {code})"]
            leftovers = harness.temporary_files(dirs[0])
            if leftovers:
                problems.append(f"{what}: temporary files left: {leftovers}")
            statuses = {step["status"] for step in record["steps"]}
            if record["verdict"] != "PASS" or statuses != {"done"}:
                problems.append(f"{what}: verdict {record['verdict']} (steps {statuses}, aborted "
                                f"{record['aborted']}, events {record['events']}) of a good pen "
                                f"whose run had ended")
            expected = harness.EXIT_FOR_VERDICT.get(record["verdict"])
            if code != expected:
                killed = f" (killed by {signal.Signals(-code).name})" if code < 0 else ""
                problems.append(f"{what}: exit code {code}{killed}, not the record's verdict's: "
                                f"{record['verdict']} (exit {expected})")
    return running, problems


def signal_at_every_delay(context, signal_number):
    problems = []
    hits = 0
    for anchor, delay_s in MOMENTS:
        running, found = signal_after_last_step(context, signal_number, anchor, delay_s)
        hits += running
        problems += found
    check(hits > 0, "every run had ended before its signal: nothing was tested")
    check(not problems, "\n".join(problems))


def test_sigint_after_last_step(context):
    signal_at_every_delay(context, signal.SIGINT)


def test_sigterm_after_last_step(context):
    signal_at_every_delay(context, signal.SIGTERM)


if __name__ == "__main__":
    harness.main([test_sigint_after_last_step, test_sigterm_after_last_step], parallel=2)
