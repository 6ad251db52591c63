"""Runs refused before anything moves: exit code 3, stderr names the problem (the file and line
and key, where there are some) and ends with "nothing was moved.", stdout stays empty (no step
line), no run directory is created, and a file that cannot be read is never waited on.

The plans and stations that must be refused are written by each test into its own directory: the
plan below with one value replaced, or the simulated station with one.
"""

import os
import re
import time

import harness
from harness import check, check_equal

# A plan the simulated station runs; each test replaces one value (the line numbers are the
# lines of the steps, which the refusals name).
PLAN = """\
name: refusal-test
version: "1"
steps:
  - home
  - approach: {preload_n: 0.8, speed_mm_per_s: 2.0, limit_mm: 40.0}
  - set_depth: {depth_mm: 1.0}
  - run: {speed_level: 3, settle_s: 0.5}
  - capture:
      name: depth_1.0mm_level3
      duration_s: 1.0
      measurements:
        - {id: stroke_frequency, min: 114.0, max: 126.0}
  - stop
  - retract: {position_mm: 0.0, speed_mm_per_s: 10.0}
"""


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def plan_with(directory, old, new):
    check(PLAN.count(old) == 1, f"the test's plan has no single '{old}'")
    return write(os.path.join(directory, "plan.yaml"), PLAN.replace(old, new))


def station_with(context, directory, old, new):
    """The simulated station (fixtures/stations/sim.yaml) with `old` replaced by `new`, its model
    files named by absolute paths. Returns the file and the line of `new`."""
    with open(context.fixture("stations", "sim.yaml"), encoding="utf-8") as f:
        text = f.read()
    check(text.count(old) == 1, f"sim.yaml has no single '{old}'")
    text = text.replace(old, new).replace("../", context.fixtures + "/")
    line = text[:text.index(new)].count("\n") + 1
    return write(os.path.join(directory, "station.yaml"), text), line


def check_refused(context, directory, stderr_pattern, plan=None, station=None, out=None,
                  max_seconds=5.0):
    """Runs a run that must be refused; `stderr_pattern` is a regex the stderr must match."""
    out = out if out is not None else os.path.join(directory, "runs")
    args = ["run", "--station", station or context.fixture("stations", "sim.yaml"),
            "--plan", plan or context.fixture("plans", "production.yaml"),
            "--serial", "REFUSED-1", "--out", out, "--yes", "--seed", "1"]
    started = time.monotonic()
    result = context.run(args, timeout=15)
    took_s = time.monotonic() - started
    stdout, stderr = harness.text(result.stdout), harness.text(result.stderr)
    shown = f"needlerig {' '.join(args)}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}"
    check_equal(result.returncode, harness.EXIT_REFUSED, f"exit code\n{shown}")
    check(re.search(stderr_pattern, stderr), f"stderr does not match {stderr_pattern!r}\n{shown}")
    check(stderr.startswith("error: ") and stderr.endswith("\nnothing was moved.\n"),
          f"stderr is not 'error: ...' ending with 'nothing was moved.'\n{shown}")
    check_equal(stdout, "", f"stdout (a refused run prints no step)\n{shown}")
    check(took_s < max_seconds, f"refused after {took_s:.1f} s (at most {max_seconds} s)\n{shown}")
    if os.path.isdir(out):
        check_equal(os.listdir(out), [], f"what {out} holds after the refusal")


def refused_plan_value(context, old, new, line, key, message):
    with context.temp_dir("refused-plan") as directory:
        plan = plan_with(directory, old, new)
        check_refused(context, directory, r"^error: %s:%d: key '%s': %s"
                      % (re.escape(plan), line, re.escape(key), message), plan=plan)


def test_out_is_a_regular_file(context):
    with context.temp_dir("refused-out-file") as directory:
        out = write(os.path.join(directory, "not-a-directory"), "an operator's notes\n")
        check_refused(context, directory, r"^error: %s: cannot be created: Not a directory\n"
                      % re.escape(out), out=out)
        with open(out, encoding="utf-8") as f:
            check_equal(f.read(), "an operator's notes\n", "the file named by --out")


def test_out_in_a_read_only_directory(context):
    if os.geteuid() == 0:
        print("SKIP  test_out_in_a_read_only_directory: running as root, whom a read-only "
              "directory does not stop (test_out_under_proc covers an unwritable --out)",
              flush=True)
        return
    with context.temp_dir("refused-read-only") as directory:
        read_only = os.path.join(directory, "read-only")
        os.mkdir(read_only, 0o555)
        check_refused(context, directory, r"^error: %s[^\n]*: cannot be created: Permission denied"
                      % re.escape(read_only), out=read_only)
        check_refused(context, directory, r"^error: %s: cannot be created: Permission denied"
                      % re.escape(os.path.join(read_only, "runs")),
                      out=os.path.join(read_only, "runs"))


def test_out_under_proc(context):
    # /proc takes no new directories, not even from root.
    with context.temp_dir("refused-proc") as directory:
        check_refused(context, directory, r"^error: /proc/needlerig-e2e: cannot be created: ",
                      out="/proc/needlerig-e2e")
        check(not os.path.exists("/proc/needlerig-e2e"), "/proc/needlerig-e2e exists")


def test_capture_of_1e12_seconds(context):
    refused_plan_value(context, "duration_s: 1.0", "duration_s: 1e12", 8, "duration_s",
                       r"capture 'depth_1\.0mm_level3' \(1e\+12 s [^\n]*over this station's "
                       r"budget")


def test_settle_of_1e12_seconds(context):
    refused_plan_value(context, "settle_s: 0.5", "settle_s: 1e12", 7, "settle_s",
                       r"1e\+12 s is longer than this station allows")


def test_approach_limit_beyond_travel(context):
    refused_plan_value(context, "limit_mm: 40.0", "limit_mm: 1000", 5, "limit_mm",
                       r"1000 mm is beyond the axis' travel 0\.\.50 mm")


def test_speed_level_99(context):
    refused_plan_value(context, "speed_level: 3", "speed_level: 99", 7, "speed_level",
                       r"speed level 99 does not exist: this pen has levels 1\.\.6")


def test_retract_beyond_travel(context):
    refused_plan_value(context, "position_mm: 0.0", "position_mm: -1000", 14, "position_mm",
                       r"-1000 mm is beyond the axis' travel 0\.\.50 mm")


def test_depth_of_1000_mm(context):
    refused_plan_value(context, "depth_mm: 1.0", "depth_mm: 1000", 6, "depth_mm",
                       r"1000 mm is outside this pen's depth range")


def test_plan_is_dev_zero(context):
    with context.temp_dir("refused-dev-zero") as directory:
        check_refused(context, directory, r"^error: /dev/zero:[0-9]+: not a regular file",
                      plan="/dev/zero")


def test_plan_is_a_fifo(context):
    # Nobody ever writes into it: opening it for reading would wait for ever.
    with context.temp_dir("refused-fifo") as directory:
        fifo = os.path.join(directory, "plan.yaml")
        os.mkfifo(fifo)
        check_refused(context, directory, r"^error: %s:[0-9]+: not a regular file"
                      % re.escape(fifo), plan=fifo, max_seconds=2.0)


def test_station_is_a_fifo(context):
    with context.temp_dir("refused-fifo-station") as directory:
        fifo = os.path.join(directory, "station.yaml")
        os.mkfifo(fifo)
        check_refused(context, directory, r"^error: %s:[0-9]+: not a regular file"
                      % re.escape(fifo), station=fifo, max_seconds=2.0)


def test_plan_of_5_megabytes(context):
    with context.temp_dir("refused-big") as directory:
        plan = write(os.path.join(directory, "plan.yaml"),
                     PLAN + "# " + "x" * (5 * 1024 * 1024) + "\n")
        check_refused(context, directory, r"^error: %s:[0-9]+: is %d bytes; a configuration file "
                      r"may have at most 4194304" % (re.escape(plan), os.path.getsize(plan)),
                      plan=plan)


def test_plan_nested_500_deep(context):
    with context.temp_dir("refused-deep") as directory:
        plan = write(os.path.join(directory, "plan.yaml"),
                     'name: deep\nversion: "1"\nsteps: ' + "[" * 500 + "]" * 500 + "\n")
        check_refused(context, directory, r"^error: %s:[0-9]+: not valid YAML: nested too deeply"
                      % re.escape(plan), plan=plan)


def test_station_block_over_50_ms(context):
    # 6000 samples at 100 kHz: 60 ms, so a stop would wait for up to two such blocks.
    with context.temp_dir("refused-block") as directory:
        station, line = station_with(context, directory, "block_samples: 1024",
                                     "block_samples: 6000")
        check_refused(context, directory, r"^error: %s:%d: key 'daq\.block_samples': 6000 "
                      r"samples at 100000 Hz span 60 ms; at most 50 ms"
                      % (re.escape(station), line), station=station)


if __name__ == "__main__":
    harness.main([test_out_is_a_regular_file, test_out_in_a_read_only_directory,
                  test_out_under_proc, test_capture_of_1e12_seconds, test_settle_of_1e12_seconds,
                  test_approach_limit_beyond_travel, test_speed_level_99,
                  test_retract_beyond_travel, test_depth_of_1000_mm, test_plan_is_dev_zero,
                  test_plan_is_a_fifo, test_station_is_a_fifo, test_plan_of_5_megabytes,
                  test_plan_nested_500_deep, test_station_block_over_50_ms])
