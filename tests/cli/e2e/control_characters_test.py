"""Terminal control sequences in what needlerig prints must be shown, never obeyed: a plan's name
and capture step name (tests/cli/plans/control_characters.yaml: ESC [2J clears the screen, ESC ]0;
... BEL sets the window title, the C1 CSI U+009B), a capture file named with an ESC whose header
has an ESC in an extra column name and whose metadata holds one, and such names on the command
line.

The only escape sequences needlerig may write are its own colours (SGR: bold green, yellow, red,
magenta, and the reset), and those only to a terminal: none through a pipe, none under a
pseudo-terminal with NO_COLOR=1; under a pseudo-terminal without NO_COLOR the verdict is coloured.
"""

import os
import pty
import re
import select
import subprocess
import time

import harness
from harness import check, check_equal

COLOUR = re.compile(rb"\x1b\[(?:1;3[1235]|0)m")  # the verdict colours and the reset
# What must never reach a terminal raw: C0 controls but tab, line feed and carriage return
# (a pseudo-terminal turns every line feed into CR LF; the live progress line uses CR), DEL, and
# the C1 controls as UTF-8 (U+0080..U+009F).
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
PASS_BANNER = re.compile(rb"\x1b\[1;32m\s*####    ###    ####   ####")
PLAN_NAME_SHOWN = rb"evil\x1b[2Jplan\x1b]0;pwned\x07".replace(b"\x1b", b"\\x1b").replace(
    b"\x07", b"\\x07")  # as printed: every control as \xNN
STEP_NAME_SHOWN = b"cap\\x1b[2J\\xc2\\x9b2Jture"


def environment(colour_allowed):
    env = dict(os.environ, TERM="xterm")
    env.pop("NO_COLOR", None)
    if not colour_allowed:
        env["NO_COLOR"] = "1"
    return env


def check_no_controls(output, what, colours_allowed=False):
    """No control byte but the colour codes (when allowed) in `output`."""
    rest = COLOUR.sub(b"", output) if colours_allowed else output
    found = CONTROL.search(rest)
    check(found is None, f"{what}: raw control byte {found and found.group()!r} at "
          f"{found and found.start()}:\n{output.decode('utf-8', 'replace')}")


def run_in_terminal(command, env, timeout=60):
    """Runs `command` with stdout and stderr on a new pseudo-terminal; returns (exit code, all
    it printed). A process that outlives `timeout` is killed and fails the test."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                                   env=env)
    finally:
        os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([master], [], [], max(left, 0))
            if not ready:
                process.kill()
                process.wait()
                harness.fail(f"{' '.join(command)}: still running after {timeout} s (killed)\n"
                             f"{bytes(output).decode('utf-8', 'replace')}")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's last writer has closed it
                break
            if not data:
                break
            output += data
        return process.wait(timeout=max(deadline - time.monotonic(), 1)), bytes(output)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()


def make_capture(directory, fixtures):
    """The demo capture with an ESC in its file name, in a metadata value and in the name of an
    extra column (ignored by the analysis)."""
    with open(os.path.join(fixtures, "captures", "demo_pen_100hz.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    out = ["# pen_serial: SN\x1b[2J-1"]
    for line in lines:
        if line.startswith("#"):
            out.append(line)
        elif line.startswith("time_s"):
            out.append(line + ",\x1b[2Jextra\x1b]0;pwned\x07")
        elif line:
            out.append(line + ",1")
    path = os.path.join(directory, "capture\x1b[2J.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return path


def run_args(context, out):
    return ["run", "--station", context.fixture("stations", "sim.yaml"),
            "--plan", context.cli_file("plans", "control_characters.yaml"),
            "--serial", "ESC-1", "--out", out, "--yes", "--seed", "1"]


def analyze_commands(context, capture, output_format):
    """(arguments, expected exit code) of the capture's analysis and of its verdicts against the
    plan (the demo pen's 100 Hz FAILs the plan's 114-126 Hz), as a table or a record."""
    plan = context.cli_file("plans", "control_characters.yaml")
    form = ["--format", "json"] if output_format == "json" else []
    return [(["analyze", capture] + form, harness.EXIT_OK),
            (["analyze", capture, "--plan", plan] + form, harness.EXIT_FAIL)]


def analyze_through_a_pipe(context, output_format):
    with context.temp_dir("escape-analyze-pipe") as directory:
        capture = make_capture(directory, context.fixtures)
        for args, expected in analyze_commands(context, capture, output_format):
            result = context.run(args, env=environment(colour_allowed=True))
            shown = f"{args}\n{harness.text(result.stdout)}{harness.text(result.stderr)}"
            check_equal(result.returncode, expected, f"exit code of {shown}")
            check_no_controls(result.stdout, f"stdout of {args}")
            check_no_controls(result.stderr, f"stderr of {args}")
            if output_format == "table":
                check(result.stdout.startswith(os.path.dirname(capture).encode()
                                               + b"/capture\\x1b[2J.csv: 50 kHz"),
                      f"the capture's name is not shown escaped: {shown}")
            if "--plan" in args and output_format == "table":
                check(b"plan " + PLAN_NAME_SHOWN + b", step " + STEP_NAME_SHOWN in result.stdout,
                      f"the plan's and step's names are not shown escaped: {shown}")


def test_run_through_a_pipe(context):
    with context.temp_dir("escape-run-pipe") as out:
        result = context.run(run_args(context, out), env=environment(colour_allowed=True))
        shown = harness.text(result.stdout) + harness.text(result.stderr)
        check_equal(result.returncode, harness.EXIT_OK, f"exit code\n{shown}")
        check_no_controls(result.stdout, "run's stdout through a pipe")
        check_no_controls(result.stderr, "run's stderr through a pipe")
        check(b"plan '" + PLAN_NAME_SHOWN + b"'" in result.stdout,
              f"the plan's name is not shown escaped\n{shown}")
        check(b"[ 5/7] capture '" + STEP_NAME_SHOWN + b"'" in result.stdout,
              f"the capture step's name is not shown escaped\n{shown}")


def test_analyze_table_through_a_pipe(context):
    analyze_through_a_pipe(context, "table")


def test_analyze_json_through_a_pipe(context):
    # JSON escapes the C0 controls (\u001b); a C1 control must not pass raw either.
    analyze_through_a_pipe(context, "json")


def test_names_on_the_command_line(context):
    for args in (["bogus\x1b[2J"], ["analyze", "missing\x1b[2J.csv"],
                 ["analyze", context.fixture("captures", "demo_pen_100hz.csv"), "--bogus\x1b[2J"],
                 ["run", "--station", context.fixture("stations", "sim.yaml"),
                  "--plan", "missing\x1b]0;pwned\x07.yaml", "--serial", "ESC-2", "--yes"]):
        result = context.run(args, env=environment(colour_allowed=True))
        shown = f"{args}\n{harness.text(result.stderr)}"
        check_equal(result.returncode, harness.EXIT_REFUSED, f"exit code of {shown}")
        check_no_controls(result.stdout + result.stderr, f"output of {args}")
        check(b"\\x1b" in result.stderr, f"the name is not shown escaped: {shown}")


def test_run_in_a_terminal_with_no_color(context):
    with context.temp_dir("escape-run-tty") as out:
        command = [context.needlerig] + run_args(context, out)
        code, output = run_in_terminal(command, environment(colour_allowed=False))
        check_equal(code, harness.EXIT_OK, f"exit code\n{harness.text(output)}")
        check_no_controls(output, "run on a terminal with NO_COLOR=1")
        check(PLAN_NAME_SHOWN in output and STEP_NAME_SHOWN in output,
              f"the names are not shown escaped\n{harness.text(output)}")


def test_run_in_a_terminal_in_colour(context):
    with context.temp_dir("escape-run-tty-colour") as out:
        command = [context.needlerig] + run_args(context, out)
        code, output = run_in_terminal(command, environment(colour_allowed=True))
        check_equal(code, harness.EXIT_OK, f"exit code\n{harness.text(output)}")
        check_no_controls(output, "run on a terminal", colours_allowed=True)
        check(PASS_BANNER.search(output), f"the PASS banner is not green\n{output!r}")
        check(PLAN_NAME_SHOWN in output and STEP_NAME_SHOWN in output,
              f"the names are not shown escaped\n{harness.text(output)}")


def test_analyze_in_a_terminal(context):
    with context.temp_dir("escape-analyze-tty") as directory:
        capture = make_capture(directory, context.fixtures)
        for colour_allowed in (False, True):
            for args, expected in analyze_commands(context, capture, "table"):
                code, output = run_in_terminal([context.needlerig] + args,
                                               environment(colour_allowed))
                what = f"{args} on a terminal" + ("" if colour_allowed else " with NO_COLOR=1")
                check_equal(code, expected, f"exit code of {what}\n{harness.text(output)}")
                check_no_controls(output, what, colours_allowed=colour_allowed)


if __name__ == "__main__":
    harness.main([test_run_through_a_pipe, test_analyze_table_through_a_pipe,
                  test_analyze_json_through_a_pipe,
                  test_names_on_the_command_line, test_run_in_a_terminal_with_no_color,
                  test_run_in_a_terminal_in_colour, test_analyze_in_a_terminal])
