"""The whole QA run over real protocols: needlerig-sim serves the simulated rig (paced in real
time) as instruments in another process, and `needlerig run` drives it through the real drivers:
fixtures/stations/sim-instruments.yaml (stream-tcp DAQ, zaber stage, service-port pen, all on TCP),
fixtures/stations/sim-instruments-burst.yaml (the burst-capture DAQ over SCPI on TCP, the stage
and the pen on needlerig-sim's serial lines, pseudo-terminals) and
fixtures/stations/sim-instruments-supply.yaml (the pen on the bench supply over SCPI, its depth a
dial: the run is on a pseudo-terminal and the test is its operator), with the ports and lines
needlerig-sim reports. Each run gives the verdicts of the in-process simulated station, and every
judged measurement within the accuracy table of the simulator's ground truth for its capture (asked
of needlerig-sim's truth port for the capture's stretch of the stream: two runs are two realisations
of a random pen, so they are not compared with each other).

Ctrl-C (SIGINT) and SIGTERM mid-capture, the pen on a serial line: the pen is stopped within
0.1 s, the run ends ERROR with its record, the stage idle.

Then the plug is pulled mid-capture: needlerig-sim killed; needlerig-sim frozen; the DAQ's
connection closed while the other instruments live; the DAQ answering garbage. The run ends ERROR
within its deadlines, keeps its record, never hangs, and (where needlerig-sim still answers) has
left the pen stopped and the stage idle.

Run by ctest as: python3 sim_instruments_run_test.py --sim SIM --needlerig CLI --fixtures DIR
--work DIR. Every wait has a timeout.
"""

import argparse
import glob
import json
import os
import pty
import select
import socket
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
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
            [binary, "--station", station, "--supply-port", "0", "--burst-port", "0",
             "--stream-port", "0", "--stage-port", "0", "--pen-port", "0", "--truth-port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.endpoints, self.ptys = {}, {}
        for _ in range(8):
            line = self.process.stdout.readline().strip()
            match = re.match(r"(\S[^:]*): (\S+) tcp [\d.]+:(\d+)$", line)
            if match:
                self.endpoints[match.group(1)] = int(match.group(3))
            pty = re.match(r"(\S[^:]*): (\S+) pty (/dev/\S+)$", line)
            if pty:
                self.ptys[pty.group(1)] = pty.group(3)
        check({"bench supply", "daq", "burst daq", "stage", "pen", "truth"} <= set(self.endpoints)
              and {"stage", "pen"} <= set(self.ptys),
              f"needlerig-sim did not announce its instruments: {self.endpoints} {self.ptys}")

    def exchange(self, instrument, line):
        """One line to one of needlerig-sim's TCP instruments, and its reply line."""
        with socket.create_connection(("127.0.0.1", self.endpoints[instrument]), timeout=5) as s:
            s.sendall((line + "\n").encode())
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = s.recv(4096)
                check(chunk, f"{instrument} closed before answering {line!r}")
                reply += chunk
        return reply.decode().strip()

    def check_left_safe(self, how):
        """The pen stopped and the stage idle, as the run's cleanup commanded them."""
        status = self.exchange("pen", "STATUS?")
        check("running=0" in status, f"{how}: the pen was left running: {status}")
        stage = self.exchange("stage", "/1 get pos")
        check(" IDLE " in stage, f"{how}: the stage was left moving: {stage}")

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


def station_for(sim, fixtures, directory, name="sim-instruments", daq_port=None, serial=False):
    """A fixtures/stations file with the ports needlerig-sim reported (the DAQ's: `daq_port` when
    given); with `serial`, the stage and the pen on needlerig-sim's pseudo-terminals."""
    with open(os.path.join(fixtures, "stations", name + ".yaml"), encoding="utf-8") as f:
        text = f.read()
    ports = {5025: "bench supply", 5026: "burst daq", 5027: "daq", 5028: "stage", 5029: "pen"}
    for port, key in ports.items():
        if port in (5026, 5027) and daq_port is not None:
            text = text.replace(f"port: {port}", f"port: {daq_port}")
        elif serial and key in ("stage", "pen"):
            text = text.replace(f"host: 127.0.0.1              # or serial_device: the pty path "
                                f"needlerig-sim prints\n  port: {port}",
                                f"serial_device: {sim.ptys[key]}")
        else:
            text = text.replace(f"port: {port}", f"port: {sim.endpoints[key]}")
    check(not serial or text.count("serial_device: /dev/") == 2, f"{name}: no serial lines to point")
    # A station is locked while a run holds it: the cases that run side by side each have their
    # own (each has its own needlerig-sim anyway).
    check(f"name: {name}\n" in text, f"{name}: no name line")
    text = text.replace(f"name: {name}\n", f"name: {name}-{os.path.basename(directory)}\n")
    path = os.path.join(directory, name + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(needlerig, station, plan, out, serial, timeout=120):
    return subprocess.run([needlerig, "run", "--station", station, "--plan", plan, "--serial",
                           serial, "--yes", "--out", out],
                          capture_output=True, text=True, timeout=timeout)


def run_with_operator(needlerig, station, plan, out, serial, sim, timeout=120):
    """`needlerig run` on a terminal (a pseudo-terminal) with the test as its operator: at each
    "set the dial to X mm" prompt it turns the simulated pen's dial (DEPTH over needlerig-sim's
    service port stands in for the hand) and presses Enter."""
    master, slave = pty.openpty()
    process = subprocess.Popen([needlerig, "run", "--station", station, "--plan", plan,
                                "--serial", serial, "--out", out],
                               stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(slave)
    output, answered, deadline = b"", 0, time.monotonic() + timeout
    try:
        while process.poll() is None or select.select([process.stdout], [], [], 0)[0]:
            check(time.monotonic() < deadline, "the run with an operator did not end in time")
            ready, _, _ = select.select([process.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    break
                output += chunk
            prompts = re.findall(rb"set the dial to ([\d.]+) mm and press Enter: ", output)
            for depth in prompts[answered:]:
                reply = sim.exchange("pen", f"DEPTH {depth.decode()}")
                check(reply == "OK", f"turning the simulated dial: {reply}")
                os.write(master, b"\n")
                answered += 1
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    check(answered == 2, f"the run asked for the dial {answered} times, not 2")
    return subprocess.CompletedProcess(process.args, process.returncode, output.decode(),
                                       process.stderr.read().decode())


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


def same_verdicts_as_the_in_process_station(args, directory, name, drivers, identities, serial,
                                            operator=False):
    plan = os.path.join(args.fixtures, "plans", "production.yaml")
    sim = Sim(args.sim, sim_station(args.fixtures, directory))
    try:
        station = station_for(sim, args.fixtures, directory, name, serial=serial)
        out = os.path.join(directory, "runs")
        if operator:
            over_wire = run_with_operator(args.needlerig, station, plan, out, "WIRE", sim)
        else:
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
    check(wire_record["station"]["drivers"] == drivers,
          f"drivers: {wire_record['station']['drivers']}")
    # The record names each instrument as it identified itself, and its line's record.
    instruments = {i["role"]: i for i in wire_record["station"]["instruments"]}
    for role, identity in identities.items():
        check(identity in instruments[role]["identity"], f"{role}: {instruments[role]}")
    for role, instrument in instruments.items():
        line = "serial /dev/" if serial and role != "daq" else "tcp 127.0.0.1:"
        check(instrument["peer"].startswith(line), f"{role} peer: {instrument}")
        check(instrument["timeouts"] == 0 and instrument["dropouts"] == 0 and not instrument["fault"],
              f"{role}: a clean run over loopback lost nothing: {instrument}")
    # The pen's own current, read over its line through each capture (about one second: 20).
    for capture in wire_record["captures"]:
        readings = capture["supply_current"]["readings"]
        check(len(readings) >= 15 and all(r["current_a"] > 0 for r in readings),
              f"{capture['step_name']}: supply current {readings}")
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


PEN_AND_STAGE = {"axis": "Zaber device 50081 firmware 7.99", "pen": "firmware sim-1.0"}


def test_streaming_daq_run_as_in_process(args, directory):
    same_verdicts_as_the_in_process_station(
        args, directory, "sim-instruments",
        {"daq": "stream-tcp", "axis": "zaber", "pen": "service-port"},
        {"daq": "needlerig-sim DAQ", **PEN_AND_STAGE}, serial=False)


def test_burst_daq_and_serial_lines_run_as_in_process(args, directory):
    same_verdicts_as_the_in_process_station(
        args, directory, "sim-instruments-burst",
        {"daq": "scpi-burst", "axis": "zaber", "pen": "service-port"},
        {"daq": "needlerig,SIM-BURST-DAQ", **PEN_AND_STAGE}, serial=True)


def test_supply_pen_with_an_operator_runs_as_in_process(args, directory):
    same_verdicts_as_the_in_process_station(
        args, directory, "sim-instruments-supply",
        {"daq": "stream-tcp", "axis": "zaber", "pen": "scpi-supply"},
        {"daq": "needlerig-sim DAQ", "axis": PEN_AND_STAGE["axis"],
         "pen": "needlerig,SIM-SUPPLY-30V5A"}, serial=False, operator=True)


class Proxy:
    """A TCP relay in front of one instrument, which can close the line or turn to garbage."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.mode = "relay"
        self.pairs = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            self.pairs.append((client, upstream))
            threading.Thread(target=self.pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self.pump, args=(upstream, client, True), daemon=True).start()

    def pump(self, source, sink, from_instrument):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if from_instrument and self.mode == "garbage":
                    data = b"\xff\xfe garbage \x00\x01 #9zz\n" * 4
                sink.sendall(data)
        except OSError:
            pass

    def pull(self, how):
        if how == "closed":
            self.listener.close()
            for client, upstream in self.pairs:
                for s in (client, upstream):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    s.close()
        else:
            self.mode = "garbage"


def started_into_first_capture(needlerig, station, plan, out, serial):
    """A run started in the background, 0.3 s into its first capture step."""
    process = subprocess.Popen([needlerig, "run", "--station", station, "--plan", plan,
                                "--serial", serial, "--yes", "--out", out],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        check(line, "the run ended before its first capture")
        if re.search(r"\] capture ", line):  # the first capture step has started
            break
    else:
        process.kill()
        raise AssertionError("no capture step within 60 s")
    time.sleep(0.3)
    return process


def pull_the_plug(args, directory, how):
    """Starts a run, and once its first capture is under way, kills or freezes needlerig-sim, or
    closes the DAQ's line or turns it to garbage (the burst DAQ behind a relay)."""
    plan = os.path.join(args.fixtures, "plans", "production.yaml")
    sim = Sim(args.sim, sim_station(args.fixtures, directory))
    try:
        if how in ("killed", "frozen"):
            proxy = None
            station = station_for(sim, args.fixtures, directory)
        else:
            proxy = Proxy(sim.endpoints["burst daq"])
            station = station_for(sim, args.fixtures, directory, "sim-instruments-burst",
                                  daq_port=proxy.port)
        out = os.path.join(directory, "runs-" + how)
        process = started_into_first_capture(args.needlerig, station, plan, out, "PLUG")
        pulled = time.monotonic()
        if how == "killed":
            sim.process.kill()
        elif how == "frozen":
            sim.process.send_signal(signal.SIGSTOP)
        else:
            proxy.pull(how)
        try:
            stdout, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError(f"the run hung after needlerig-sim was {how}")
        took = time.monotonic() - pulled
        if proxy:
            sim.check_left_safe(how)
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
    if proxy:
        events = record["events"]
        # The message and the record say why, in the driver's words.
        check(any(e["kind"] == "disconnect" and "(burst DAQ tcp 127.0.0.1:" in e["message"]
                  for e in events), f"{how}: the record does not say why the DAQ failed: {events}")
        daq = next(i for i in record["station"]["instruments"] if i["role"] == "daq")
        check(daq["fault"].startswith("burst DAQ tcp 127.0.0.1:"), f"{how}: daq fault: {daq}")


def signalled_mid_capture(args, directory, signal_number):
    """SIGINT (terminate) or SIGTERM (abort) mid-capture, the pen on a serial line: the pen is
    found stopped within 0.1 s of the signal (asked over needlerig-sim's other line to it), and
    the run ends ERROR with its record; a terminate retracts the stage, an abort stops it."""
    plan = os.path.join(args.fixtures, "plans", "production.yaml")
    sim = Sim(args.sim, sim_station(args.fixtures, directory))
    try:
        station = station_for(sim, args.fixtures, directory, "sim-instruments-burst", serial=True)
        out = os.path.join(directory, "runs-signal")
        process = started_into_first_capture(args.needlerig, station, plan, out, "SIG")
        check("running=1" in sim.exchange("pen", "STATUS?"), "the pen runs during the capture")
        process.send_signal(signal_number)
        signalled = time.monotonic()
        while "running=1" in sim.exchange("pen", "STATUS?"):
            check(time.monotonic() - signalled < 2, "the pen still runs 2 s after the signal")
        stopped_s = time.monotonic() - signalled
        try:
            stdout, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError("the run hung after the signal")
        sim.check_left_safe(signal.Signals(signal_number).name)
    finally:
        sim.stop()
    print(f"  the pen stopped {1000 * stopped_s:.1f} ms after the signal", flush=True)
    check(stopped_s < 0.1, f"the pen stopped {stopped_s:.3f} s after the signal")
    check(process.returncode == EXIT_ERROR, f"exit {process.returncode}\n{stdout[-2000:]}")
    check(stderr == "", f"stderr: {stderr}")
    record = record_of(out, "SIG")
    check(record["verdict"] == "ERROR", f"record verdict {record['verdict']}")
    kinds = [e["kind"] for e in record["events"]]
    expected = "terminate" if signal_number == signal.SIGINT else "abort"
    check(expected in kinds, f"no {expected} event: {kinds}")
    if signal_number == signal.SIGINT:
        check("cleanup" in kinds, f"a terminate cleans up: {kinds}")


def test_sigint_mid_capture_over_the_instruments(args, directory):
    signalled_mid_capture(args, directory, signal.SIGINT)


def test_sigterm_mid_capture_over_the_instruments(args, directory):
    signalled_mid_capture(args, directory, signal.SIGTERM)


def test_instruments_killed_mid_capture(args, directory):
    pull_the_plug(args, directory, "killed")


def test_instruments_frozen_mid_capture(args, directory):
    pull_the_plug(args, directory, "frozen")


def test_daq_line_closed_mid_capture(args, directory):
    pull_the_plug(args, directory, "closed")


def test_daq_garbage_mid_capture(args, directory):
    pull_the_plug(args, directory, "garbage")


def main():
    parser = argparse.ArgumentParser()
    for option in ("--sim", "--needlerig", "--fixtures", "--work"):
        parser.add_argument(option, required=True)
    parser.add_argument("--only", help="comma-separated test names (default: every test)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    failed = 0
    tests = (test_streaming_daq_run_as_in_process,
             test_burst_daq_and_serial_lines_run_as_in_process,
             test_supply_pen_with_an_operator_runs_as_in_process,
             test_sigint_mid_capture_over_the_instruments,
             test_sigterm_mid_capture_over_the_instruments,
             test_instruments_killed_mid_capture, test_instruments_frozen_mid_capture,
             test_daq_line_closed_mid_capture, test_daq_garbage_mid_capture)
    unknown = set(args.only.split(",") if args.only else []) - {t.__name__ for t in tests}
    check(not unknown, f"no such tests: {sorted(unknown)}")
    for test in tests:
        if args.only and test.__name__ not in args.only.split(","):
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
