#pragma once
// Sample-level faults for the data-quality tests: stuck sensors, a dropout and NaN samples.
// (Saturation is part of the sensor model; a stall is the pen's and lives in the stroke schedule.)

namespace needlerig::testing {

struct SyntheticPenConfig;
struct SampledChannels;

/// In this order: a stuck sensor repeats the last sample before its time from then on; the
/// dropout removes the samples in [start, start + duration) from every column (time_s jumps;
/// times are matched to the exact clock k / fs, so 0.2 s + 0.01 s at 100 kHz removes 1000);
/// NaN replaces the samples at the configured indices of the final columns (indices beyond the
/// end are ignored).
void apply_sample_faults(const SyntheticPenConfig& config, SampledChannels& channels);

}  // namespace needlerig::testing
