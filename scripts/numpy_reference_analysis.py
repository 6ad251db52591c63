#!/usr/bin/python3
"""The peer needlerig's speed is compared against: what a test engineer writes instead.

Loads a capture in the CSV interchange form with numpy.loadtxt and computes the timing, protrusion
and force figures with vectorised NumPy/SciPy, the usual way: plain mid-level crossings with
debouncing, per-stroke extremes with ufunc.reduceat, least-squares lines with numpy.polyfit. It
covers a subset of the measurement set (no sub-sample peak fits, no puncture detection, no data
quality checks), so the comparison flatters it.

Prints one JSON object: the figures, and the load and analysis times in seconds.
Usage: scripts/numpy_reference_analysis.py CAPTURE.csv
"""

import json
import sys
import time

import numpy as np


def read_capture(path):
    metadata = {}
    header_line = 0
    with open(path, encoding="utf-8") as text:
        for header_line, line in enumerate(text):
            if not line.startswith("#"):
                columns = [name.strip() for name in line.split(",")]
                break
            key, _, value = line[1:].partition(":")
            metadata[key.strip()] = value.strip()
    data = np.loadtxt(path, delimiter=",", skiprows=header_line + 1, dtype=np.float64)
    return metadata, {name: data[:, i] for i, name in enumerate(columns)}


def analyse(metadata, channels):
    time_s = channels["time_s"]
    protrusion = channels["protrusion_mm"]
    force = channels.get("force_N")
    rate_hz = float(metadata.get("sample_rate_hz", 0)) or 1.0 / np.median(np.diff(time_s))

    low, high = np.percentile(protrusion[::97], [5, 95])
    mid = 0.5 * (low + high)
    rising = np.flatnonzero((protrusion[:-1] < mid) & (protrusion[1:] >= mid))
    # Debounce: noise makes several crossings per edge; keep the first of each burst.
    gaps = np.diff(rising)
    keep = np.concatenate(([True], gaps > 0.5 * np.median(gaps)))
    rising = rising[keep]
    fraction = (mid - protrusion[rising]) / (protrusion[rising + 1] - protrusion[rising])
    instants = time_s[rising] + fraction / rate_hz

    periods = np.diff(instants)
    n = np.arange(instants.size)
    tie = instants - np.polyval(np.polyfit(n, instants, 1), n)
    figures = {
        "stroke_count": int(periods.size),
        "stroke_frequency": periods.size / (instants[-1] - instants[0]),
        "period_mean": float(periods.mean()),
        "period_jitter_rms": float(periods.std(ddof=1)),
        "period_jitter_pp": float(np.ptp(periods)),
        "cycle_to_cycle_jitter_rms": float(np.sqrt(np.mean(np.diff(periods) ** 2))),
        "tie_rms": float(np.sqrt(np.mean(tie**2))),
        "frequency_drift": float(np.polyfit(instants[:-1], 1.0 / periods, 1)[0]),
    }

    p_max = np.maximum.reduceat(protrusion, rising)[:-1]
    p_min = np.minimum.reduceat(protrusion, rising)[:-1]
    figures.update({
        "protrusion_max_mean": float(p_max.mean()),
        "protrusion_max_std": float(p_max.std(ddof=1)),
        "protrusion_max_min": float(p_max.min()),
        "protrusion_max_max": float(p_max.max()),
        "retraction_worst": float(p_min.max()),
        "stroke_amplitude_mean": float((p_max - p_min).mean()),
    })
    if "depth_setting_mm" in metadata:
        figures["depth_error"] = figures["protrusion_max_mean"] - float(metadata["depth_setting_mm"])

    if force is not None:
        contact = float(np.median(force[protrusion < 0]))
        peak = np.maximum.reduceat(force - contact, rising)[:-1]
        figures.update({
            "contact_force": contact,
            "peak_force_mean": float(peak.mean()),
            "peak_force_max": float(peak.max()),
        })
    return figures


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    started = time.perf_counter()
    metadata, channels = read_capture(sys.argv[1])
    loaded = time.perf_counter()
    figures = analyse(metadata, channels)
    analysed = time.perf_counter()
    print(json.dumps({
        "rows": int(channels["time_s"].size),
        "load_s": loaded - started,
        "analyse_s": analysed - loaded,
        "figures": figures,
    }))


if __name__ == "__main__":
    main()
