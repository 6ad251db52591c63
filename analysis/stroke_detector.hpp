#pragma once
// Finds the strokes of a protrusion signal (spec: strokes): rises through the mid-level m after
// having been below m - h, and around each rise the extremes that bound its stroke window. One
// sequential pass per segment; the extremes are the raw extreme samples, refined later.

#include <cstddef>
#include <cstdint>
#include <functional>
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

/// The detector as a state machine fed in consecutive pieces, so that it can share a pass over
/// the samples with other work. Non-finite samples never trigger a transition (they compare
/// false), so they cannot create strokes.
class StrokeDetector {
 public:
  /// `on_final(k)` is called once stroke k of strokes() has its final fields (its window closed
  /// or its segment ended), while its samples are still in cache.
  StrokeDetector(const double* protrusion, double mid_mm, double hysteresis_mm,
                 std::function<void(std::size_t)> on_final = {});
  void begin_segment(std::uint32_t segment, std::size_t begin);
  /// Feeds [begin, end) of the current segment; calls continue where the last one ended.
  void feed(std::size_t begin, std::size_t end);
  void end_segment();
  const std::vector<RawStroke>& strokes() const { return strokes_; }
  std::vector<RawStroke> take_strokes() { return std::move(strokes_); }

 private:
  enum class Phase : std::uint8_t { unknown, low, high };
  void finalize_last();

  const double* p_;
  double mid_, arm_;
  std::function<void(std::size_t)> on_final_;
  std::vector<RawStroke> strokes_;
  Phase phase_ = Phase::unknown;
  std::uint32_t segment_ = 0;
  std::size_t segment_begin_ = 0;
  bool have_stroke_ = false;  // strokes_.back() belongs to this segment and is not final
  bool low_complete_ = false;
  std::size_t extreme_index_ = 0;
  double extreme_value_ = 0.0;
};

/// Strokes of protrusion in every segment, in time order.
std::vector<RawStroke> detect_strokes(const double* protrusion,
                                      const std::vector<Segment>& segments, double mid_mm,
                                      double hysteresis_mm);

}  // namespace needlerig::analysis
