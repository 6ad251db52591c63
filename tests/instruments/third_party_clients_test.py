"""Clients no one here wrote talk to needlerig-sim: PyVISA with the pyvisa-py backend (a raw SCPI
socket, TCPIP::HOST::PORT::SOCKET) and lxi-tools' `lxi scpi` to its bench supply (they identify it,
set and read it, see its error queue) and PyVISA to its burst-capture DAQ (configure, arm, trigger,
and its bursts read as IEEE 488.2 binary blocks), pyserial to its Zaber stage and to its pen's service port on
pseudo-terminals. SIGTERM stops needlerig-sim with the pen off.

Run by ctest as: python3 scpi_clients_test.py --sim BINARY --station FILE
Every wait has a timeout: a hang fails the test.
"""

import argparse
import re
import signal
import subprocess
import sys
import time

import pyvisa
import serial


class Sim:
    """needlerig-sim on a free port, stopped (and checked to stop) at the end."""

    def __init__(self, binary, station):
        self.process = subprocess.Popen(
            [binary, "--station", station, "--supply-port", "0", "--burst-port", "0",
             "--stream-port", "0",
             "--stage-port", "0", "--pen-port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = [self.process.stdout.readline().strip() for _ in range(7)]
        match = re.match(r"bench supply: scpi tcp ([\d.]+):(\d+)$", self.lines[0])
        stage = re.match(r"stage: zaber-ascii pty (/dev/\S+)$", self.lines[1])
        if not match or not stage:
            self.process.kill()
            raise AssertionError(f"needlerig-sim did not announce its instruments: "
                                 f"{self.lines!r} {self.process.stderr.read()!r}")
        self.host, self.port = match.group(1), int(match.group(2))
        burst = [re.match(r"burst daq: scpi-burst tcp [\d.]+:(\d+)$", line) for line in self.lines]
        check(any(burst), f"needlerig-sim did not announce the burst DAQ: {self.lines}")
        self.burst_port = int(next(m for m in burst if m).group(1))
        self.stage_pty = stage.group(1)
        pen = [re.match(r"pen: service-port pty (/dev/\S+)$", line) for line in self.lines]
        check(any(pen), f"needlerig-sim did not announce the pen's service port: {self.lines}")
        self.pen_pty = next(m for m in pen if m).group(1)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("needlerig-sim did not stop within 5 s of SIGTERM")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def pyvisa_session(sim, port=None):
    manager = pyvisa.ResourceManager("@py")
    resource = manager.open_resource(f"TCPIP::{sim.host}::{port or sim.port}::SOCKET")
    resource.read_termination = "\n"
    resource.write_termination = "\n"
    resource.timeout = 2000  # ms
    return manager, resource


def test_pyvisa(sim):
    manager, supply = pyvisa_session(sim)
    try:
        identity = supply.query("*IDN?").split(",")
        check(len(identity) == 4 and identity[0] == "needlerig", f"*IDN?: {identity}")
        supply.write("*RST;*CLS")
        check(supply.query("*OPC?").strip() == "1", "*OPC?")
        check(float(supply.query("VOLT?")) == 0.0, "VOLT? after *RST")
        supply.write("SOURce:VOLTage:LEVel:IMMediate:AMPLitude 7.2")
        supply.write("curr 0.5")
        supply.write("OUTP ON")
        check(float(supply.query("VOLT?")) == 7.2, "VOLT? after setting 7.2")
        check(float(supply.query("CURR?")) == 0.5, "CURR? after setting 0.5")
        check(supply.query("OUTP?").strip() == "1", "OUTP? after OUTP ON")
        check(float(supply.query("MEAS:VOLT?")) == 7.2, "MEAS:VOLT? with the output on")
        current = float(supply.query("MEASure:CURRent:DC?"))
        check(0.0 < current <= 0.5, f"MEAS:CURR? with the pen running: {current}")
        check(supply.query("SYST:ERR?").startswith("+0,"), "errors after good commands")
        # Refusals land in the error queue, as on a real supply.
        supply.write("VOLT 99")
        check(supply.query("SYST:ERR?").startswith("-222,"), "VOLT 99 is out of range")
        supply.write("BOGUS:HEADER 1")
        check(supply.query("SYST:ERR?").startswith("-113,"), "an unknown header")
        check(float(supply.query("VOLT?")) == 7.2, "a refused VOLT changes nothing")
        supply.write("OUTP OFF")
        check(float(supply.query("MEAS:CURR?")) == 0.0, "no current with the output off")
    finally:
        supply.close()
        manager.close()


def test_pyvisa_burst_daq(sim):
    manager, daq = pyvisa_session(sim, sim.burst_port)
    try:
        check(daq.query("*IDN?").startswith("needlerig,SIM-BURST-DAQ,"), "burst DAQ *IDN?")
        channels = daq.query("ACQ:CHAN?").strip()
        check(channels == '"protrusion_mm,force_N,motor_current_A"', f"ACQ:CHAN?: {channels}")
        daq.write("ACQ:SRAT 50000;ACQ:POIN 500;TRIG:SOUR BUS")
        check(float(daq.query("ACQ:SRAT?")) == 50000.0, "ACQ:SRAT? after ACQ:SRAT 50000")
        daq.write("INIT")
        daq.write("*TRG")
        for burst in range(2):
            deadline = time.monotonic() + 5
            while int(daq.query("FETC:COUN?")) < 1:
                check(time.monotonic() < deadline, f"burst {burst} not ready within 5 s")
                time.sleep(0.01)
            check(int(daq.query("FETC:STAR?")) == 500 * burst, f"burst {burst} start")
            codes = daq.query_binary_values("FETC:DATA?", datatype="i", is_big_endian=False,
                                            container=list)
            check(len(codes) == 500 * 3, f"burst {burst}: {len(codes)} codes")
            # Force codes at 0.2 mN a code on the simulated load cell: within its range.
            check(all(-100_000 <= c <= 100_000 for c in codes[1::3]), "force codes in range")
        check(daq.query("SYST:ERR?").startswith("+0,"), "errors after a good acquisition")
        daq.write("ACQ:POIN 100")  # while capturing: refused
        check(daq.query("SYST:ERR?").startswith("-221,"), "settings while armed")
        daq.write("ABOR")
        check(daq.query("SYST:ERR?").startswith("+0,"), "ABOR")
    finally:
        daq.close()
        manager.close()


def lxi(sim, command):
    result = subprocess.run(["lxi", "scpi", "--address", sim.host, "--port", str(sim.port),
                             "--raw", "--timeout", "3", command],
                            capture_output=True, text=True, timeout=20)
    check(result.returncode == 0, f"lxi scpi {command!r}: exit {result.returncode} "
                                  f"{result.stderr!r}")
    return result.stdout.strip()


def test_lxi(sim):
    check(lxi(sim, "*IDN?").startswith("needlerig,SIM-SUPPLY"), "lxi *IDN?")
    lxi(sim, "VOLT 6.6")
    check(float(lxi(sim, "VOLT?")) == 6.6, "lxi VOLT? after VOLT 6.6")
    lxi(sim, "OUTP ON")
    check(lxi(sim, "OUTP?") == "1", "lxi OUTP?")
    lxi(sim, "OUTP OFF")


def test_pyserial_zaber(sim):
    with serial.Serial(sim.stage_pty, 115200, timeout=2) as line:
        line.write(b"/1 1 get deviceid\n")
        reply = line.readline().decode().strip()
        check(reply == "@01 1 OK IDLE WR 50081", f"get deviceid: {reply!r}")
        line.write(b"/1 1 move abs 1000\n")  # not homed: rejected, as a stage does
        reply = line.readline().decode().strip()
        check(reply.startswith("@01 1 RJ IDLE WR"), f"move before home: {reply!r}")
        line.write(b"/2 1 get pos\n/1 1 get pos\n")  # another device's command: no reply
        reply = line.readline().decode().strip()
        check(reply.startswith("@01 1 OK IDLE WR "), f"get pos: {reply!r}")


def test_pyserial_service_port(sim):
    with serial.Serial(sim.pen_pty, 115200, timeout=2) as line:
        def ask(command):
            line.write(command.encode() + b"\n")
            return line.readline().decode().strip()
        check(ask("HELLO") == "OK protocol=1", "HELLO")
        check(ask("IDENT?").startswith("OK firmware=sim-1.0 model=sim-adjustable-150"), "IDENT?")
        check(ask("DEPTH 1.2") == "OK", "DEPTH 1.2")
        check(ask("SPEED 3") == "OK", "SPEED 3")
        check(ask("SPEED 9").startswith("ERR 2 "), "SPEED 9 is out of range")
        check(ask("RUN") == "OK", "RUN")
        check("running=1" in ask("STATUS?"), "running after RUN")
        check(ask("DEPTH 1.0").startswith("ERR 3 "), "no depth change while running")
        check(ask("STOP") == "OK", "STOP")
        check(ask("FLY").startswith("ERR 1 "), "an unknown command")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim", required=True)
    parser.add_argument("--station", required=True)
    args = parser.parse_args()
    failed = 0
    for test in (test_pyvisa, test_pyvisa_burst_daq, test_lxi, test_pyserial_zaber,
                 test_pyserial_service_port):
        sim = Sim(args.sim, args.station)
        started = time.monotonic()
        try:
            test(sim)
            code = sim.stop()
            check(code == 0, f"needlerig-sim exit code after SIGTERM: {code}")
            print(f"PASS {test.__name__} ({time.monotonic() - started:.1f} s)")
        except Exception as error:  # report every test, then fail
            failed += 1
            print(f"FAIL {test.__name__}: {error}")
            if sim.process.poll() is None:
                sim.process.kill()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
