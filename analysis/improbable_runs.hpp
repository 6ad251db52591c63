#pragma once
// When is a run of identical samples a stuck sensor? A channel whose noise spans several steps of
// its converter cannot repeat one code for long: with noise of s codes RMS, each further sample
// lands on the same code with probability about 1 / (s sqrt(2 pi)), so a run of L identical
// samples has odds of that to the power L - 1 (measurement contract: data quality). A quiet or
// coarse channel (less than about a code of noise) can sit on one code by nature: for it only the
// contract's other rule (constant for more than stuck_periods stroke periods) applies.

#include <cstddef>

namespace needlerig::analysis {

/// A channel's noise and its converter's step, estimated from the samples themselves.
struct ChannelNoise {
  double rms = 0.0;   // of the noise, in the channel's unit
  double step = 0.0;  // the smallest change between samples (the converter's step); 0: unknown
};

/// Estimates the noise from third differences at a golden-ratio subsample of x[0, n) (a stroke's
/// own curvature cancels in them; the median keeps punctures and steps out), and the step from the
/// smallest positive difference between neighbours there.
ChannelNoise estimate_channel_noise(const double* x, std::size_t n);

/// The shortest run of identical samples that `noise` makes improbable anywhere in `n` samples (a
/// false finding in fewer than one capture in a thousand); +infinity where the noise cannot tell.
double improbable_run_samples(const ChannelNoise& noise, std::size_t n);

}  // namespace needlerig::analysis
