#include "analysis/capture_pass.hpp"

#include <algorithm>
#include <memory>

#include "analysis/levels.hpp"

namespace needlerig::analysis {
namespace {

// Samples per block: small enough that a block of every channel stays in L1/L2 between the
// consumers that read it.
constexpr std::size_t kPassBlock = 2048;

// Feeds a stroke processor the parts of the segments inside [b, e), as the time scan reveals them.
class SegmentFeeder {
 public:
  explicit SegmentFeeder(StrokeProcessor& processor) : processor_(processor) {}

  void feed(const TimebaseScanner& time, std::size_t b, std::size_t e) {
    const auto& closed = time.closed_segments();
    while (next_ < closed.size()) {
      const Segment& segment = closed[next_];
      if (!begun_) processor_.begin_segment(static_cast<std::uint32_t>(next_), segment);
      processor_.feed(std::max(fed_, segment.begin), segment.end);
      processor_.end_segment(segment.end);
      begun_ = false;
      fed_ = segment.end;
      ++next_;
    }
    if (time.is_open()) {
      const Segment& segment = time.current();
      if (!begun_) processor_.begin_segment(static_cast<std::uint32_t>(next_), segment);
      begun_ = true;
      processor_.feed(std::max(fed_, segment.begin), e);
      fed_ = e;
    }
    (void)b;
  }

  /// Feeds whole, known segments (a second detection with other levels).
  void feed_all(const std::vector<Segment>& segments) {
    for (std::size_t s = 0; s < segments.size(); ++s) {
      processor_.begin_segment(static_cast<std::uint32_t>(s), segments[s]);
      processor_.feed(segments[s].begin, segments[s].end);
      processor_.end_segment(segments[s].end);
    }
  }

 private:
  StrokeProcessor& processor_;
  std::size_t next_ = 0;
  std::size_t fed_ = 0;
  bool begun_ = false;
};

}  // namespace

CapturePass run_capture_pass(const double* time_s, std::size_t n, const StrokeContext& context,
                             const AnalysisSettings& settings, const RecordedChannels& recorded) {
  CapturePass pass;
  const auto bootstrap =
      bootstrap_levels(context.protrusion, n, settings.thresholds.hysteresis_fraction);
  TimebaseScanner time(time_s, n, context.sample_rate_hz, settings.thresholds);
  ChannelScanner protrusion(recorded.protrusion, n, settings.protrusion_range_mm);
  ChannelScanner force(recorded.force, n, settings.force_range_n);
  std::unique_ptr<StrokeProcessor> processor;
  std::optional<SegmentFeeder> feeder;
  if (bootstrap) {
    processor = std::make_unique<StrokeProcessor>(context, *bootstrap);
    feeder.emplace(*processor);
  }
  for (std::size_t b = 0; b < n; b += kPassBlock) {
    const std::size_t e = std::min(n, b + kPassBlock);
    time.feed(b, e);
    protrusion.feed(b, e);
    if (context.force != nullptr) force.feed(b, e);
    if (feeder) feeder->feed(time, b, e);
  }
  pass.timebase = time.finish(n);
  if (feeder) feeder->feed(time, n, n);  // the segment still open at the end has closed now
  pass.protrusion = protrusion.finish();
  if (context.force != nullptr) pass.force = force.finish();
  if (!processor) {
    pass.strokes.no_strokes_reason = "protrusion has no spread";
    pass.strokes.median_period_s = std::numeric_limits<double>::quiet_NaN();
    return pass;
  }
  const ChannelScan* force_scan = context.force != nullptr ? &pass.force : nullptr;
  pass.strokes = processor->finish(pass.timebase.segments, pass.protrusion, force_scan);
  if (!pass.strokes.levels_consistent) {
    // The final levels moved too far from the bootstrap for the detection to stand: detect and
    // measure again with them (a second read of protrusion and force, rare).
    StrokeProcessor again(context, pass.strokes.levels);
    SegmentFeeder(again).feed_all(pass.timebase.segments);
    pass.strokes = again.finish(pass.timebase.segments, pass.protrusion, force_scan);
  }
  return pass;
}

}  // namespace needlerig::analysis
