#pragma once
// Standard normal deviates for the simulator's noise, by the ziggurat method (Marsaglia and
// Tsang, 2000, with Doornik's 2005 variant that needs no integer tables): 128 layers of equal
// area under the density; a draw takes one 64-bit word from the stream and, in about 99 % of
// draws, one comparison and one multiplication. The exact density is kept: the wedges and the
// tail beyond R are sampled by rejection. std::normal_distribution's polar method (a logarithm
// and a square root per pair, a quarter of the pairs rejected) was half of the simulator's time.
//
// Same call shape as std::normal_distribution<double>: gauss(rng).

#include <random>

namespace needlerig::rig::sim {

class StandardNormal {
 public:
  double operator()(std::mt19937_64& bits);
};

}  // namespace needlerig::rig::sim
