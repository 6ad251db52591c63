#include "analysis/stroke_detector.hpp"

#include "analysis/sample_scans.hpp"

namespace needlerig::analysis {

StrokeDetector::StrokeDetector(const double* protrusion, double mid_mm, double hysteresis_mm,
                               std::function<void(std::size_t)> on_final)
    : p_(protrusion), mid_(mid_mm), arm_(mid_mm - hysteresis_mm), on_final_(std::move(on_final)) {}

void StrokeDetector::begin_segment(std::uint32_t segment, std::size_t begin) {
  segment_ = segment;
  segment_begin_ = begin;
  phase_ = Phase::unknown;
  have_stroke_ = false;
}

void StrokeDetector::finalize_last() {
  if (!have_stroke_) return;
  have_stroke_ = false;
  if (on_final_) on_final_(strokes_.size() - 1);
}

void StrokeDetector::end_segment() { finalize_last(); }

void StrokeDetector::feed(std::size_t begin, std::size_t end) {
  // Each phase first finds its exit with vectors of comparisons, then its extreme over the samples
  // it spans (the first lowest or highest, as a sample-by-sample scan would find it): a branch
  // per sample on "new extreme" is mispredicted all along a noisy edge. The stretch a phase spans
  // in one piece is still in cache from the exit search.
  const double* p = p_;
  std::size_t i = begin;
  while (i < end) {
    switch (phase_) {
      case Phase::unknown:
        // Before the first fall the phase is unknown: wait for the signal to drop below arm.
        i = first_below(p, i, end, arm_);
        if (i == end) return;
        phase_ = Phase::low;
        low_complete_ = i > segment_begin_;
        extreme_index_ = i;
        extreme_value_ = p[i];
        ++i;
        break;
      case Phase::low: {
        const std::size_t exit = first_at_or_above(p, i, end, mid_);
        if (exit > i) {
          const std::size_t k = i + index_of_min(p + i, exit - i);
          if (p[k] < extreme_value_) {
            extreme_value_ = p[k];
            extreme_index_ = k;
          }
        }
        i = exit;
        if (i == end) return;
        const std::size_t low_index = extreme_index_;
        // A rise at i: it closes the previous stroke's window and opens a stroke.
        if (have_stroke_) {
          strokes_.back().min_after = low_index;
          strokes_.back().has_min_after = true;
          finalize_last();
        }
        RawStroke stroke;
        stroke.rise_index = i;
        stroke.min_before = low_index;
        stroke.has_min_before = low_complete_;
        stroke.segment = segment_;
        strokes_.push_back(stroke);
        have_stroke_ = true;
        phase_ = Phase::high;
        extreme_index_ = i;
        extreme_value_ = p[i];
        ++i;
        break;
      }
      case Phase::high: {
        const std::size_t exit = first_below(p, i, end, arm_);
        if (exit > i) {
          const std::size_t k = i + index_of_max(p + i, exit - i);
          if (p[k] > extreme_value_) {
            extreme_value_ = p[k];
            extreme_index_ = k;
          }
        }
        i = exit;
        if (i == end) return;
        const std::size_t high_index = extreme_index_;
        strokes_.back().max_index = high_index;
        strokes_.back().has_max = true;
        phase_ = Phase::low;
        low_complete_ = true;
        extreme_index_ = i;
        extreme_value_ = p[i];
        ++i;
        break;
      }
    }
  }
}

std::vector<RawStroke> detect_strokes(const double* protrusion,
                                      const std::vector<Segment>& segments, double mid_mm,
                                      double hysteresis_mm) {
  StrokeDetector detector(protrusion, mid_mm, hysteresis_mm);
  for (std::size_t s = 0; s < segments.size(); ++s) {
    detector.begin_segment(static_cast<std::uint32_t>(s), segments[s].begin);
    detector.feed(segments[s].begin, segments[s].end);
    detector.end_segment();
  }
  return detector.take_strokes();
}

}  // namespace needlerig::analysis
