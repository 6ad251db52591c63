#pragma once
// Mains pickup: narrow lines at 50 or 60 Hz and their harmonics that a sensor's cable picks up.
// They are no part of the quantity measured (measurement contract: the noise-free signals), yet
// unlike white noise they do not average out: at a stroke rate of twice the mains frequency a
// 1 um line on the laser moves consecutive reference instants by the same amount in opposite
// directions and doubles the cycle-to-cycle jitter, and a 20 mN line on the load cell moves each
// stroke's baseline by up to its amplitude. So each line that stands out of the channel's own
// spectrum is measured block by block and taken out of a copy of the channel before the analysis.
//
// Lines within reach of a harmonic of the stroke rate are left alone: there the pen's own
// signal and the pickup cannot be told apart, and taking out the pen's harmonic would change
// what is measured.

#include <cstddef>
#include <string>
#include <vector>

namespace needlerig::analysis {

struct MainsLine {
  int harmonic = 0;      // of the mains frequency
  double amplitude = 0;  // RMS over the capture's blocks of each block's amplitude
};

struct MainsInterference {
  double mains_hz = 0.0;  // 0: none found
  std::vector<MainsLine> lines;
  /// Per line, then per block: each line a cos(w t) + b sin(w t) over a block, t in samples less
  /// time_offset_samples; the blocks' centres (sample indices).
  std::vector<double> cos_amplitude, sin_amplitude;
  std::vector<double> block_centres;
  double time_offset_samples = 0.0;
};

/// The mains lines of channel x (n samples at fs, uniformly sampled) that stand out of its
/// spectrum, for a pen stroking at about stroke_hz (0: not known; then every line is left alone,
/// as any could be the pen's). Non-finite samples: none found.
MainsInterference find_mains_interference(const double* x, std::size_t n, double fs,
                                          double stroke_hz);

/// x less the interference found (crossfaded between overlapping blocks).
std::vector<double> without_interference(const double* x, std::size_t n, double fs,
                                         const MainsInterference& interference);

/// "60 Hz pickup taken out: x1 0.0201 N, x3 0.00703 N (amplitude)", for the record.
std::string describe(const MainsInterference& interference, const char* unit);

/// The stroke rate from a quick look at the protrusion, every ~0.5 ms: the mean spacing of its
/// rising crossings of the mid-level between the 5th and 95th percentiles of a subsample (with
/// hysteresis), over the spacings within a quarter of their median (a stall or a dropout only
/// adds a long one); 0 where there are fewer than 3 crossings.
double rough_stroke_frequency_hz(const double* protrusion, std::size_t n, double fs);

}  // namespace needlerig::analysis
