"""The whole QA run over real protocols: needlerig-sim serves the simulated rig (paced in real
time) as instruments in another process, and `needlerig run` drives it through the real drivers
(stream-tcp DAQ, zaber stage, service-port pen; fixtures/stations/sim-instruments.yaml with the
ports needlerig-sim reports). The run gives the verdicts of the in-process simulated station, and
every judged measurement within the accuracy table of the simulator's ground truth for its capture
(asked of needlerig-sim's truth port for the capture's stretch of the stream: two runs are two
realisations of a random pen, so they are not compared with each other). Then the plug is pulled
mid-capture
(needlerig-sim killed; needlerig-sim frozen): the run ends ERROR within its deadlines, keeps its
record, and never hangs.

Run by ctest as: python3 sim_instruments_run_test.py --sim SIM --needlerig CLI --fixtures DIR
--work DIR. Every wait has a timeout.
"""

import argparse
import glob
import json
import os
import socket
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

EXIT_OK, EXIT_ERROR = 0, 2

# docs/measurements.md's accuracy table for the measurements the production plan judges (against
# the truth):
# |error| <= max(absolute, relative x |truth|).
ACCURACY = {
    "stall_count": (0.0, 0.0),
    "stroke_frequency": (0.0, 1e-4),
    "period_jitter_rms": (0.5e-6, 0.03),
    "cycle_to_cycle_jitter_rms": (0.5e-6, 0.03),
    "depth_error": (0.003, 0.0),
    "protrusion_max_std": (0.002, 0.10),
    "retraction_worst": (0.006, 0.0),
    "peak_force_mean": (0.010, 0.03),
    "puncture_ratio": (0.02, 0.0),
}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


class Sim:
    """needlerig-sim on free ports; its instruments' endpoints from what it prints."""

    def __init__(self, binary, station):
        self.process = subprocess.Popen(
            [binary, "--station", station, "--supply-port", "0", "--stream-port", "0",
             "--stage-port", "0", "--pen-port", "0", "--truth-port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.endpoints = {}
        for _ in range(7):
            line = self.process.stdout.readline().strip()
            match = re.match(r"(\S[^:]*): (\S+) tcp [\d.]+:(\d+)$", line)
            if match:
                self.endpoints[match.group(1)] = int(match.group(3))
        check({"daq", "stage", "pen", "truth"} <= set(self.endpoints),
              f"needlerig-sim did not announce its instruments: {self.endpoints}")

    def truth(self, first_sample, count):
        """The simulator's true value of every contract measurement over that stretch."""
        with socket.create_connection(("127.0.0.1", self.endpoints["truth"]), timeout=10) as s:
            s.sendall(f"TRUTH {first_sample} {count}\n".encode())
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = s.recv(65536)
                check(chunk, "the truth port closed before answering")
                reply += chunk
        return json.loads(reply)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def sim_station(fixtures, directory):
    """sim-real-time.yaml keeping the truth of a whole run (60 s), its paths made absolute."""
    with open(os.path.join(fixtures, "stations", "sim-real-time.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("../", os.path.abspath(fixtures) + "/")
    check("truth_record_s: 10" in text, "sim-real-time.yaml keeps 10 s of truth")
    text = text.replace("truth_record_s: 10", "truth_record_s: 60")
    path = os.path.join(directory, "sim-real-time-truth.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def station_for(sim, fixtures, directory):
    """fixtures/stations/sim-instruments.yaml with the ports needlerig-sim reported."""
    with open(os.path.join(fixtures, "stations", "sim-instruments.yaml"), encoding="utf-8") as f:
        text = f.read()
    for port, key in ((5027, "daq"), (5028, "stage"), (5029, "pen")):
        text = text.replace(f"port: {port}", f"port: {sim.endpoints[key]}")
    path = os.path.join(directory, "sim-instruments.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(needlerig, station, plan, out, serial, timeout=120):
    return subprocess.run([needlerig, "run", "--station", station, "--plan", plan, "--serial",
                           serial, "--yes", "--out", out],
                          capture_output=True, text=True, timeout=timeout)


def record_of(out, serial):
    paths = glob.glob(os.path.join(out, serial + "-*", "record.json"))
    check(len(paths) == 1, f"one record for {serial}: {paths}")
    with open(paths[0], encoding="utf-8") as f:
        return json.load(f)


def judged(record):
    """{(capture, id): (value, verdict)} of every judged measurement, and the step verdicts."""
    values, steps = {}, []
    for capture in record["captures"]:
        steps.append((capture["step_name"], capture["verdict"]))
        for judgement in capture["judged"]:
            values[(capture["step_name"], judgement["id"])] = (judgement["value"],
                                                               judgement["verdict"])
    return values, steps


def test_same_verdicts_as_the_in_process_station(args, directory):
    plan = os.path.join(args.fixtures, "plans", "production.yaml")
    sim = Sim(args.sim, sim_station(args.fixtures, directory))
    try:
        station = station_for(sim, args.fixtures, directory)
        out = os.path.join(directory, "runs")
        over_wire = run(args.needlerig, station, plan, out, "WIRE")
        check(over_wire.returncode == EXIT_OK,
              f"run over the instruments: exit {over_wire.returncode}\n"
              f"{over_wire.stdout[-3000:]}\n{over_wire.stderr[-2000:]}")
        wire_record = record_of(out, "WIRE")
        truths = {}
        for capture in wire_record["captures"]:
            meta = capture["analysis"]["capture"]
            truths[capture["step_name"]] = sim.truth(int(meta["metadata"]["first_stream_sample"]),
                                                     int(meta["sample_count"]))
    finally:
        sim.stop()
    in_process = run(args.needlerig, os.path.join(args.fixtures, "stations", "sim.yaml"), plan,
                     out, "LOCAL")
    check(in_process.returncode == EXIT_OK, f"in-process run: exit {in_process.returncode}")
    local_record = record_of(out, "LOCAL")
    check(wire_record["verdict"] == local_record["verdict"], "overall verdicts differ")
    check(wire_record["station"]["drivers"] == {"daq": "stream-tcp", "axis": "zaber",
                                                 "pen": "service-port"},
          f"drivers: {wire_record['station']['drivers']}")
    # The record names each instrument as it identified itself, and its line's record.
    instruments = {i["role"]: i for i in wire_record["station"]["instruments"]}
    check(instruments["daq"]["identity"] == "needlerig-sim DAQ", f"daq: {instruments['daq']}")
    check(instruments["axis"]["identity"] == "Zaber device 50081 firmware 7.99",
          f"axis: {instruments['axis']}")
    check("firmware sim-1.0" in instruments["pen"]["identity"], f"pen: {instruments['pen']}")
    for role, instrument in instruments.items():
        check(instrument["peer"].startswith("tcp 127.0.0.1:"), f"{role} peer: {instrument}")
        check(instrument["timeouts"] == 0 and instrument["dropouts"] == 0,
              f"{role}: a clean run over loopback lost nothing: {instrument}")
    wire, wire_steps = judged(wire_record)
    local, local_steps = judged(local_record)
    check(wire_steps == local_steps, f"step verdicts: {wire_steps} vs {local_steps}")
    check(set(wire) == set(local) and wire, "the same measurements judged")
    for key, (value, verdict) in wire.items():
        check(verdict == local[key][1], f"{key}: {verdict} vs {local[key][1]}")
        truth = truths[key[0]][key[1]]
        check(truth is not None, f"{key}: the simulator has no truth")
        absolute, relative = ACCURACY[key[1]]
        tolerance = max(absolute, relative * abs(truth))
        check(abs(value - truth) <= tolerance,
              f"{key}: {value} over the wire, truth {truth} (tolerance {tolerance})")


def pull_the_plug(args, directory, how):
    """Starts a run, and once its first capture is under way, kills or freezes needlerig-sim."""
    plan = os.path.join(args.fixtures, "plans", "production.yaml")
    sim = Sim(args.sim, sim_station(args.fixtures, directory))
    try:
        station = station_for(sim, args.fixtures, directory)
        out = os.path.join(directory, "runs-" + how)
        process = subprocess.Popen([args.needlerig, "run", "--station", station, "--plan", plan,
                                    "--serial", "PLUG", "--yes", "--out", out],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            check(line, "the run ended before its first capture")
            if re.search(r"\] capture ", line):  # the first capture step has started
                break
        time.sleep(0.3)
        pulled = time.monotonic()
        if how == "killed":
            sim.process.kill()
        else:
            sim.process.send_signal(signal.SIGSTOP)
        try:
            stdout, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError(f"the run hung after needlerig-sim was {how}")
        took = time.monotonic() - pulled
    finally:
        sim.stop()
    check(process.returncode == EXIT_ERROR,
          f"{how}: exit {process.returncode}, expected ERROR\n{stdout[-2000:]}\n{stderr[-2000:]}")
    check(took < 15, f"{how}: the run took {took:.1f} s to end\n{stdout[-3000:]}")
    record = record_of(out, "PLUG")
    check(record["verdict"] == "ERROR", f"{how}: record verdict {record['verdict']}")
    if how == "frozen":
        timeouts = sum(i["timeouts"] for i in record["station"]["instruments"])
        check(timeouts > 0, f"frozen: the record counts no timeout: {record['station']}")


def test_instruments_killed_mid_capture(args, directory):
    pull_the_plug(args, directory, "killed")


def test_instruments_frozen_mid_capture(args, directory):
    pull_the_plug(args, directory, "frozen")


def main():
    parser = argparse.ArgumentParser()
    for option in ("--sim", "--needlerig", "--fixtures", "--work"):
        parser.add_argument(option, required=True)
    parser.add_argument("--only")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    failed = 0
    for test in (test_same_verdicts_as_the_in_process_station, test_instruments_killed_mid_capture,
                 test_instruments_frozen_mid_capture):
        if args.only and test.__name__ != args.only:
            continue
        directory = tempfile.mkdtemp(prefix=test.__name__ + "-", dir=args.work)
        started = time.monotonic()
        try:
            test(args, directory)
            print(f"PASS {test.__name__} ({time.monotonic() - started:.1f} s)", flush=True)
        except Exception as error:  # report every test, then fail
            failed += 1
            print(f"FAIL {test.__name__}: {error}", flush=True)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
