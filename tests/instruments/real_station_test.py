"""A real station's smoke test: the production plan run on the instruments a station file names.
Needs real hardware, so it runs only where NEEDLERIG_STATION names a station file (and
NEEDLERIG_PLAN a plan, else fixtures/plans/production.yaml); otherwise it reports itself skipped
(exit 77, which ctest shows as skipped, never as passed).

A measured pen passes the test whether it PASSes or FAILs (both are results); the run must not end
ERROR, its record must say the station was real, and every instrument must have identified
itself and lost nothing on the wire.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

SKIPPED = 77


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--needlerig", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()
    station = os.environ.get("NEEDLERIG_STATION")
    if not station:
        print("skipped: no real station (set NEEDLERIG_STATION=path/to/station.yaml)")
        sys.exit(SKIPPED)
    plan = os.environ.get("NEEDLERIG_PLAN",
                          os.path.join(args.fixtures, "plans", "production.yaml"))
    with tempfile.TemporaryDirectory(prefix="needlerig-real-") as out:
        result = subprocess.run([args.needlerig, "run", "--station", station, "--plan", plan,
                                 "--serial", "HARDWARE-TEST", "--yes", "--out", out],
                                capture_output=True, text=True, timeout=1800)
        print(result.stdout[-4000:])
        if result.returncode not in (0, 1):
            print(f"FAIL: exit {result.returncode}\n{result.stderr[-2000:]}")
            sys.exit(1)
        [path] = glob.glob(os.path.join(out, "HARDWARE-TEST-*", "record.json"))
        with open(path, encoding="utf-8") as f:
            record = json.load(f)
    problems = []
    if record["station"]["mode"] != "real":
        problems.append(f"station mode {record['station']['mode']}, not real")
    for instrument in record["station"]["instruments"]:
        if not instrument["identity"]:
            problems.append(f"{instrument['role']}: no identity")
        if instrument["dropouts"] or instrument["timeouts"]:
            problems.append(f"{instrument['role']}: lost data on the wire: {instrument}")
    for problem in problems:
        print("FAIL:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
