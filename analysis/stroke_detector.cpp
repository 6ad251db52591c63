#include "analysis/stroke_detector.hpp"

#include <limits>

namespace needlerig::analysis {

std::vector<RawStroke> detect_strokes(const double* protrusion,
                                      const std::vector<Segment>& segments, double mid_mm,
                                      double hysteresis_mm) {
  std::vector<RawStroke> strokes;
  const double arm_level = mid_mm - hysteresis_mm;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const Segment& segment = segments[s];
    // Low phase: below arm_level until the next rise through mid. High phase: from the rise until
    // the signal drops below arm_level again.
    bool armed = false;
    bool low_complete = false;  // the low phase began with a fall inside this segment
    bool have_stroke = false;   // strokes.back() belongs to this segment
    double low_value = 0.0, high_value = 0.0;
    std::size_t low_index = 0, high_index = 0;
    for (std::size_t i = segment.begin; i < segment.end; ++i) {
      const double x = protrusion[i];
      if (armed) {
        if (x < low_value) {
          low_value = x;
          low_index = i;
        }
        if (x >= mid_mm) {
          if (have_stroke) {
            strokes.back().min_after = low_index;
            strokes.back().has_min_after = true;
          }
          RawStroke stroke;
          stroke.rise_index = i;
          stroke.min_before = low_index;
          stroke.has_min_before = low_complete;
          stroke.segment = static_cast<std::uint32_t>(s);
          strokes.push_back(stroke);
          have_stroke = true;
          armed = false;
          high_value = x;
          high_index = i;
        }
      } else {
        if (x > high_value) {
          high_value = x;
          high_index = i;
        }
        if (x < arm_level) {
          if (have_stroke) {
            strokes.back().max_index = high_index;
            strokes.back().has_max = true;
          }
          armed = true;
          low_complete = i > segment.begin;
          low_value = x;
          low_index = i;
        }
      }
    }
  }
  return strokes;
}

}  // namespace needlerig::analysis
