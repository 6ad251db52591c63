"""The shared part of the CLI's end-to-end tests (tests/cli/e2e/*_test.py): the command line every
test script takes, running needlerig with timeouts (a hang is a failure, never a stuck ctest),
reading its stdout line by line while it runs, temporary directories that are always removed, and
a runner that reports each test function by name.

Every script is run by ctest as
    python3 SCRIPT --needlerig BINARY --fixtures fixtures/ --work DIR [--only TEST ...]
"""

import argparse
import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
CLI_TESTS = os.path.dirname(HERE)  # tests/cli: the tests' own plans and stations

EXIT_OK, EXIT_FAIL, EXIT_ERROR, EXIT_REFUSED = 0, 1, 2, 3
EXIT_FOR_VERDICT = {"PASS": EXIT_OK, "MARGINAL": EXIT_OK, "FAIL": EXIT_FAIL, "ERROR": EXIT_ERROR}
STEP_LINE = re.compile(rb"^\[ *\d+/\d+\] ")


class TestFailure(AssertionError):
    pass


def fail(message):
    raise TestFailure(message)


def check(condition, message):
    if not condition:
        fail(message)


def check_equal(got, expected, what):
    if got != expected:
        fail(f"{what}: got {got!r}, expected {expected!r}")


class Context:
    """What every test needs: the binary, the fixtures, a work directory of its own."""

    def __init__(self, needlerig, fixtures, work):
        self.needlerig = needlerig
        self.fixtures = fixtures
        self.work = work

    def fixture(self, *parts):
        return os.path.join(self.fixtures, *parts)

    def cli_file(self, *parts):
        return os.path.join(CLI_TESTS, *parts)

    @contextlib.contextmanager
    def temp_dir(self, prefix):
        """A fresh directory under --work, removed afterwards whatever happened."""
        os.makedirs(self.work, exist_ok=True)
        path = tempfile.mkdtemp(prefix=prefix + "-", dir=self.work)
        try:
            yield path
        finally:
            remove_tree(path)

    def run(self, args, timeout=30, **kwargs):
        """Runs needlerig to its end; a hang is killed and fails the test."""
        return run_command([self.needlerig] + list(args), timeout=timeout, **kwargs)

    def start(self, args, **kwargs):
        return Running([self.needlerig] + list(args), **kwargs)


def remove_tree(path):
    """Removes a test's directory, including ones a test made read-only."""
    if not os.path.lexists(path):
        return
    for root, dirs, _ in os.walk(path):
        for name in dirs:
            full = os.path.join(root, name)
            if not os.path.islink(full):
                with contextlib.suppress(OSError):
                    os.chmod(full, 0o755)
    shutil.rmtree(path, ignore_errors=True)


def run_command(command, timeout=30, env=None, stdin=subprocess.DEVNULL):
    try:
        return subprocess.run(command, stdin=stdin, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:  # subprocess.run has killed it
        fail(f"{' '.join(command)}: still running after {timeout} s (killed): a hang\n"
             f"--- stdout:\n{text(e.stdout)}\n--- stderr:\n{text(e.stderr)}")


def text(data):
    return (data or b"").decode("utf-8", "replace")


class Running:
    """A needlerig started in the background: its stdout read line by line as it comes (with the
    time each line arrived), its stderr collected; killed on leaving the `with` if still running."""

    def __init__(self, command, env=None):
        self.command = command
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env)
        self.lines = []  # (monotonic time, bytes) of every stdout line so far
        self._queue = queue.Queue()
        self._stderr = []
        self._readers = [threading.Thread(target=self._read_stdout, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read_stdout(self):
        for line in self.process.stdout:
            self._queue.put((time.monotonic(), line))
        self._queue.put(None)

    def _read_stderr(self):
        self._stderr.append(self.process.stderr.read())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for reader in self._readers:
            reader.join(timeout=5)
        self.process.stdout.close()
        self.process.stderr.close()

    def wait_for_line(self, pattern, timeout):
        """The first stdout line (from here on) matching the regex `pattern` (bytes), as
        (arrival time, line). Fails when the process ends or `timeout` s pass first."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=max(left, 0.0))
            except queue.Empty:
                self.process.kill()
                fail(f"no stdout line matching {pattern!r} within {timeout} s\n{self.output()}")
            if item is None:
                self._queue.put(None)
                fail(f"stdout ended before a line matched {pattern!r}\n{self.output()}")
            self.lines.append(item)
            if regex.search(item[1]):
                return item

    def send(self, signal_number):
        """Sends a signal unless the process has ended (and been reaped: never another pid).
        Returns whether it was still running."""
        if self.process.poll() is not None:
            return False
        self.process.send_signal(signal_number)
        return True

    def wait(self, timeout):
        """Waits for the exit code; a process still running after `timeout` s is killed and the
        test fails."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            fail(f"still running {timeout} s later (killed): a hang\n{self.output()}")
        for reader in self._readers:
            reader.join(timeout=5)
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                self._queue.put(None)
                break
            self.lines.append(item)
        return code

    def stdout(self):
        return b"".join(line for _, line in self.lines)

    def stderr(self):
        return b"".join(self._stderr)

    def output(self):
        return (f"command: {' '.join(self.command)}\n--- stdout:\n{text(self.stdout())}"
                f"\n--- stderr:\n{text(self.stderr())}")


def run_directories(out):
    """The run directories a run wrote into --out (none when refused)."""
    if not os.path.isdir(out):
        return []
    return sorted(os.path.join(out, name) for name in os.listdir(out))


def only_run_directory(out, output=""):
    dirs = run_directories(out)
    check(len(dirs) == 1, f"expected one run directory in {out}, found {dirs}\n{output}")
    return dirs[0]


def load_record(run_dir):
    path = os.path.join(run_dir, "record.json")
    check(os.path.isfile(path), f"{path} does not exist")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except ValueError as e:
        fail(f"{path} is not JSON: {e}")


def temporary_files(run_dir):
    return [os.path.join(root, name) for root, _, files in os.walk(run_dir)
            for name in files if name.endswith(".tmp")]


def main(tests, parallel=1):
    """Runs the test functions (each takes the Context) and reports each; exit 1 if any failed.
    `parallel` > 1 runs that many at once (for tests that mostly wait on a real-time rig)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--needlerig", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--only", action="append", help="run only this test (repeatable)")
    options = parser.parse_args()
    if options.only:
        unknown = set(options.only) - {t.__name__ for t in tests}
        if unknown:
            sys.exit(f"unknown test(s): {', '.join(sorted(unknown))}")
        tests = [t for t in tests if t.__name__ in options.only]
    context = Context(os.path.abspath(options.needlerig), os.path.abspath(options.fixtures),
                      os.path.abspath(options.work))

    results = {}
    lock = threading.Lock()

    def run_one(test):
        started = time.monotonic()
        try:
            test(context)
            result = ("PASS", "")
        except TestFailure as e:
            result = ("FAIL", str(e))
        except Exception:  # a broken test is a failure too, with its traceback
            result = ("FAIL", traceback.format_exc())
        with lock:
            results[test.__name__] = result
            print(f"{result[0]}  {test.__name__}  ({time.monotonic() - started:.1f} s)",
                  flush=True)
            if result[1]:
                print("      " + result[1].replace("\n", "\n      "), flush=True)

    slots = threading.BoundedSemaphore(parallel)

    def run_in_slot(test):
        try:
            run_one(test)
        finally:
            slots.release()

    threads = []
    for test in tests:
        slots.acquire()
        threads.append(threading.Thread(target=run_in_slot, args=(test,)))
        threads[-1].start()
    for thread in threads:
        thread.join()
    with contextlib.suppress(OSError):
        os.rmdir(context.work)  # every test removed its own directory
    failed = [name for name, (status, _) in results.items() if status != "PASS"]
    print(f"{len(results) - len(failed)} of {len(results)} passed"
          + (f"; failed: {', '.join(failed)}" if failed else ""), flush=True)
    sys.exit(1 if failed else 0)
