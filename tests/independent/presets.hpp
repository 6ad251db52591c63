#pragma once
// Named configurations of the independent model, each exercising one phenomenon on top of the
// typical pen (IndependentCaptureConfig's defaults), and a generator of random plausible
// configurations for sweeps. README.md lists what each preset exercises.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/independent/independent_capture.hpp"

namespace needlerig::independent {

/// The preset names, in a fixed order.
std::vector<std::string> preset_names();

/// The named preset (seed 1). Throws std::invalid_argument for an unknown name.
IndependentCaptureConfig preset(std::string_view name);

/// A plausible configuration drawn from ranges (frequency 50-150 Hz, sample rate 25 kHz-1 MHz,
/// cam shapes with harmonics and dwells, jitter, phantoms that puncture or only dimple, sensors
/// of various bandwidths and noise, sometimes mains pickup, 1/f noise, zero drift or a stall;
/// never a sample-level fault). The draws come from `seed`'s configuration stream, and the
/// capture's own seed is `seed`: one number reproduces both.
IndependentCaptureConfig random_config(std::uint64_t seed);

}  // namespace needlerig::independent
