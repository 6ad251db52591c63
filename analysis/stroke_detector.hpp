#pragma once
// Finds the strokes of a protrusion signal (spec: strokes): rises through the mid-level m after
// having been below m - h, and around each rise the extremes that bound its stroke window. One
// sequential pass per segment; the extremes are the raw extreme samples, refined later.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "analysis/timebase.hpp"

namespace needlerig::analysis {

struct RawStroke {
  std::size_t rise_index = 0;   // first sample at or above m
  std::size_t min_before = 0;   // lowest sample of the low phase that ends at the rise
  std::size_t max_index = 0;    // highest sample of the high phase after the rise
  std::size_t min_after = 0;    // lowest sample of the next low phase (P_min,n)
  std::uint32_t segment = 0;    // index into the segment list
  bool has_min_before = false;  // false: that low phase is cut by the segment start
  bool has_max = false;         // false: the high phase is cut by the segment end
  bool has_min_after = false;   // false: the next low phase is cut by the segment end

  bool window_complete() const { return has_min_before && has_max && has_min_after; }
};

/// Strokes of protrusion[0, n) in every segment, in time order. Non-finite samples never trigger
/// a transition (they compare false), so they cannot create strokes.
std::vector<RawStroke> detect_strokes(const double* protrusion,
                                      const std::vector<Segment>& segments, double mid_mm,
                                      double hysteresis_mm);

}  // namespace needlerig::analysis
