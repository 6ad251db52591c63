#pragma once
// Independent random streams of one seed (strokes, motor, sensor noise, ...), so that adding a
// draw to one effect does not change the others: a seed gives one world.

#include <cstdint>
#include <random>

namespace needlerig::rig::sim {

inline std::mt19937_64 seeded_stream(std::uint64_t seed, std::uint32_t stream_id) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32U),
                    stream_id};
  return std::mt19937_64(seq);
}

}  // namespace needlerig::rig::sim
