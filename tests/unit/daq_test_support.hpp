#pragma once
// Shared by the DAQ drivers' tests: a block to read into, and a small two-channel configuration.

#include <cstddef>

#include "rig/core/sample_block.hpp"
#include "rig/core/stream_source.hpp"

namespace needlerig::testing {

/// A block with room for `samples` samples of `channels` channels.
inline rig::core::SampleBlock block_for(std::size_t samples, std::size_t channels) {
  rig::core::SampleBlock b;
  b.codes.resize(samples * channels);
  return b;
}

/// Protrusion and force at 10 kS/s in blocks of 4 samples.
inline rig::core::StreamConfig two_channels() {
  rig::core::StreamConfig c;
  c.sample_rate_hz = 10'000.0;
  c.block_samples = 4;
  c.channels = {{"protrusion_mm", "mm", 1e-4, 0.0, -5.0, 5.0},
                {"force_N", "N", 2e-4, 0.0, -20.0, 20.0}};
  return c;
}

}  // namespace needlerig::testing
