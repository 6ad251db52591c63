"""The command line as typed by hand: the version with the commit it was built from, an unknown
command, a misspelt option (with the right one suggested), seeds that must never wrap around to
2^64 - 1 (or be read as something else), and the exit codes in the help texts. Every refused
command line exits 3 with "error: ..." on stderr, prints nothing on stdout and moves nothing.
"""

import json
import os
import re

import harness
from harness import check, check_equal


def run_args(context, out, *extra):
    return ["run", "--station", context.fixture("stations", "sim.yaml"),
            "--plan", context.fixture("plans", "production.yaml"),
            "--serial", "CLI-1", "--out", out, "--yes"] + list(extra)


def check_usage_error(context, args, stderr_pattern):
    result = context.run(args, timeout=15)
    stdout, stderr = harness.text(result.stdout), harness.text(result.stderr)
    shown = f"needlerig {' '.join(args)}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}"
    check_equal(result.returncode, harness.EXIT_REFUSED, f"exit code\n{shown}")
    check(re.search(stderr_pattern, stderr), f"stderr does not match {stderr_pattern!r}\n{shown}")
    check_equal(stdout, "", f"stdout\n{shown}")


def test_version_names_the_commit(context):
    # The same software the records name (software.version, software.commit).
    analysis = context.run(["analyze", context.fixture("captures", "demo_pen_100hz.csv"),
                            "--format", "json"])
    check_equal(analysis.returncode, harness.EXIT_OK, "exit code of analyze")
    software = json.loads(analysis.stdout)["software"]
    check(re.fullmatch(r"[0-9a-f]{40}|unknown", software["commit"]),
          f"software.commit of a record: {software}")
    result = context.run(["--version"])
    stdout = harness.text(result.stdout)
    check_equal(result.returncode, harness.EXIT_OK, "exit code of --version")
    check_equal(harness.text(result.stderr), "", "stderr of --version")
    check(re.fullmatch(r"needlerig %s \(commit %s(, [a-z ]+)?\)\n"
                       % (re.escape(software["version"]), software["commit"]), stdout),
          f"--version printed {stdout!r}; the record names {software}")


def test_unknown_command(context):
    check_usage_error(context, ["bogus"],
                      r"^error: unknown command 'bogus' \(commands: analyze, run\)\n$")


def test_misspelt_option_suggests_the_right_one(context):
    with context.temp_dir("misspelt") as directory:
        out = os.path.join(directory, "runs")
        check_usage_error(context, run_args(context, out, "--sead", "1"),
                          r"^error: [^\n]*--sead[^\n]*\n  --sead: unknown option; did you mean "
                          r"--seed\?\n")
        check(not os.path.exists(out), "a refused command line created --out")


def test_seeds_that_are_not_whole_numbers_from_0(context):
    # -1 would wrap to 2^64 - 1, 2^64 to 0; 1e3 and 0x10 would be read otherwise than meant.
    with context.temp_dir("bad-seed") as directory:
        out = os.path.join(directory, "runs")
        for seed in (["--seed", "-1"], ["--seed=-1"], ["--seed", "18446744073709551616"],
                     ["--seed", "1e3"], ["--seed", "0x10"], ["--seed", ""]):
            check_usage_error(context, run_args(context, out, *seed),
                              r"^error: --seed: must be a whole number from 0")
        check(not os.path.exists(out), "a refused command line created --out")


def check_exit_codes_listed(help_text, what):
    for code, meaning in (("0", "PASS"), ("1", "FAIL"), ("2", "ERROR"), ("3", "refused")):
        check(re.search(r"\b%s %s\b" % (code, meaning), help_text),
              f"{what} does not list exit code {code} ({meaning}):\n{help_text}")


def test_help_lists_the_exit_codes(context):
    for args in (["--help"], ["run", "--help"], ["analyze", "--help"]):
        result = context.run(args)
        check_equal(result.returncode, harness.EXIT_OK, f"exit code of {args}")
        check_equal(harness.text(result.stderr), "", f"stderr of {args}")
        check_exit_codes_listed(harness.text(result.stdout), f"needlerig {' '.join(args)}")


if __name__ == "__main__":
    harness.main([test_version_names_the_commit, test_unknown_command,
                  test_misspelt_option_suggests_the_right_one,
                  test_seeds_that_are_not_whole_numbers_from_0, test_help_lists_the_exit_codes])
