"""The run directory is never shared and never reached through a link.

Two runs of one pen started at the same moment into one --out (on the fast simulated station):
their run directories would have the same name (<serial>-<UTC second>), so exactly one of them
must be refused (exit 3, "already exists", nothing printed on stdout) while the other passes, or,
when they began in different seconds, both pass in two directories. Every run directory holds
exactly its run's files, and its record names its captures by the SHA-256 of the files beside it.

A symbolic link planted at the name of the next run directory (one for each of the next seconds)
pointing to another directory: the run is refused and nothing is written into the link's target.
"""

import datetime
import hashlib
import os
import re
import time

import harness
from harness import check, check_equal

PAIRS = 8
RUN_FILES = {"record.json", "junit.xml", "report.html",
             os.path.join("captures", "01-depth_1.0mm_level3.csv"),
             os.path.join("captures", "02-depth_1.5mm_level3.csv")}


def run_args(context, serial, out):
    return ["run", "--station", context.fixture("stations", "sim.yaml"),
            "--plan", context.fixture("plans", "production.yaml"),
            "--serial", serial, "--out", out, "--yes", "--seed", "1"]


def files_in(directory):
    return {os.path.relpath(os.path.join(root, name), directory)
            for root, _, names in os.walk(directory) for name in names}


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_run_directory(run_dir):
    """The directory holds exactly one run's files, and its record's file references match."""
    check_equal(files_in(run_dir), RUN_FILES, f"files in {run_dir}")
    record = harness.load_record(run_dir)
    check_equal(record["run_id"], os.path.basename(run_dir), "run_id of the record")
    check_equal(record["verdict"], "PASS", f"verdict in {run_dir}")
    for capture in record["captures"]:
        path = os.path.join(run_dir, capture["file"]["path"])
        check(os.path.isfile(path), f"{run_dir}: the record's capture {path} does not exist")
        check_equal(sha256_of(path), capture["file"]["sha256"], f"SHA-256 of {path}")


def wait_for_start_of_second(fraction=0.1):
    """Sleeps to `fraction` of a second past the next UTC second: two runs started then name
    their directories after the same second."""
    now = time.time()
    time.sleep(1.0 - (now % 1.0) + fraction)


def test_two_runs_into_one_directory(context):
    same_second = 0
    with context.temp_dir("two-runs") as directory:
        for pair in range(PAIRS):
            out = os.path.join(directory, f"pair-{pair}")
            wait_for_start_of_second()
            with context.start(run_args(context, "TWIN-1", out)) as first, \
                    context.start(run_args(context, "TWIN-1", out)) as second:
                codes = [first.wait(timeout=30), second.wait(timeout=30)]
                runs = [first, second]
                shown = "\n".join(run.output() for run in runs)
                dirs = harness.run_directories(out)
                if sorted(codes) == [harness.EXIT_OK, harness.EXIT_REFUSED]:
                    same_second += 1
                    refused = runs[codes.index(harness.EXIT_REFUSED)]
                    stderr = harness.text(refused.stderr())
                    check(re.search(r"^error: [^\n]*/TWIN-1-[0-9]{8}T[0-9]{6}Z: already exists",
                                    stderr) and stderr.endswith("\nnothing was moved.\n"),
                          f"pair {pair}: the refused run's stderr\n{shown}")
                    check_equal(refused.stdout(), b"", f"pair {pair}: the refused run's stdout")
                    check_equal(len(dirs), 1, f"pair {pair}: run directories {dirs}")
                else:
                    check_equal(codes, [harness.EXIT_OK, harness.EXIT_OK],
                                f"pair {pair}: exit codes (one refused, or both passed)\n{shown}")
                    check_equal(len(dirs), 2, f"pair {pair}: run directories of two runs {dirs}")
                for run_dir in dirs:
                    check_run_directory(run_dir)
    print(f"      {same_second} of {PAIRS} pairs began in the same second", flush=True)


def utc_stamp(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime(
        "%Y%m%dT%H%M%SZ")


def test_link_at_the_next_run_directory(context):
    with context.temp_dir("planted-link") as directory:
        out = os.path.join(directory, "runs")
        target = os.path.join(directory, "elsewhere")
        os.makedirs(out)
        os.makedirs(target)
        now = int(time.time())
        for second in range(now - 1, now + 6):  # the run names its directory within them
            os.symlink(target, os.path.join(out, f"LINKED-1-{utc_stamp(second)}"))
        result = context.run(run_args(context, "LINKED-1", out), timeout=30)
        check(time.time() < now + 6, "the run began after the planted links' seconds")
        stdout, stderr = harness.text(result.stdout), harness.text(result.stderr)
        shown = f"--- stdout:\n{stdout}\n--- stderr:\n{stderr}"
        check_equal(result.returncode, harness.EXIT_REFUSED, f"exit code\n{shown}")
        check(re.search(r"^error: [^\n]*/LINKED-1-[0-9]{8}T[0-9]{6}Z: already exists[^\n]*"
                        r"a link is never followed", stderr)
              and stderr.endswith("\nnothing was moved.\n"), f"stderr\n{shown}")
        check_equal(stdout, "", "stdout of the refused run")
        check_equal(os.listdir(target), [], "what the links' target holds")
        check(all(os.path.islink(os.path.join(out, name)) for name in os.listdir(out)),
              f"--out holds more than the planted links: {os.listdir(out)}")


if __name__ == "__main__":
    harness.main([test_two_runs_into_one_directory, test_link_at_the_next_run_directory])
