#pragma once
// Whether a plateau of identical samples at a channel's extreme is a clipped sensor or only the
// top of a smooth peak that a coarse converter rounds to one code.

#include <cstddef>

namespace needlerig::analysis {

/// x[begin, end) holds one value, the channel's maximum (direction +1) or minimum (-1). The
/// plateau is clipped when straight lines through the samples just before and just after it,
/// carried to its centre, both pass the plateau by more than three converter steps and three
/// standard errors: the signal was heading past the value the sensor could show. A smooth peak
/// that a coarse converter rounds to one code brings its flanks' lines within 2.5 steps of it.
bool plateau_is_clipped(const double* x, std::size_t n, std::size_t begin, std::size_t end,
                        int direction);

}  // namespace needlerig::analysis
