#pragma once
// Mains pickup in the reference instants. Pickup on the displacement channel moves each rising
// crossing by its value there over the edge's slope: a sum of sinusoids at the mains harmonics,
// sampled once a stroke. Sampled at the stroke rate, a harmonic folds to a frequency below half of
// it; 60 Hz under a 120 Hz pen alternates in sign from stroke to stroke, the very pattern the
// cycle-to-cycle jitter measures. Where the pen's own spectrum hides the line from the channel's
// search (mains_interference.hpp: a pen with jitter spreads its harmonics over every line), the
// instants still show it, at a frequency that is known.

#include <cstdint>
#include <vector>

namespace needlerig::analysis {

/// The harmonics h x mains_hz (h = 1 and 3) to fit in instants one period_s apart over span_s:
/// those whose folded frequency is at least a twentieth of the stroke rate from zero (nearer, a
/// harmonic barely moves a period, and it would take the pen's own slow wander with it), and of
/// several that fold onto one frequency (within 1 / span_s) only the lowest.
std::vector<double> pickup_frequencies_hz(double mains_hz, double period_s, double span_s);

/// Fits sinusoids at `frequencies_hz` (each a sine and a cosine, in the instants' time) to the
/// linked periods, with the mean period and a linear drift beside them, and takes the fitted
/// sinusoids off every instant. Directions the instants cannot tell apart (two harmonics folding
/// onto one frequency, a sine that vanishes at every instant) are fitted once or not at all.
/// Returns the number of directions taken off (0: nothing changed, too few periods).
std::size_t remove_pickup_from_instants(std::vector<double>& t,
                                        const std::vector<std::uint8_t>& linked,
                                        const std::vector<double>& frequencies_hz);

/// The harmonics (as pickup_frequencies_hz gives them) that the noise probe's series shows
/// (stroke_pipeline.hpp: each instant's fit moved to the stroke's bottom, noise without jitter):
/// sinusoids that explain more of it than white noise would with probability 1e-3 (an F test).
/// The mains frequency found on a channel (mains_hz > 0), else the better of 50 and 60 Hz.
/// Empty: no pickup shown. Only pickup the probe shows is taken off the instants: each fitted
/// sinusoid also takes about 2/N of the jitter's own variance with it, which a capture without
/// pickup should not pay.
std::vector<double> pickup_shown_by_probe(const std::vector<double>& probe_s,
                                          const std::vector<double>& t, double mains_hz,
                                          double period_s);

/// The same sinusoids, with a constant, fitted to a series x sampled at the instants t (NaN where
/// absent) and taken off it: the noise probe's series, which carries the pickup at the stroke's
/// bottom with its own phase.
void remove_pickup_from_series(std::vector<double>& x, const std::vector<double>& t,
                               const std::vector<double>& frequencies_hz);

}  // namespace needlerig::analysis
