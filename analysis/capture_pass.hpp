#pragma once
// The pass over a capture's samples: data quality of time, protrusion and force, and the strokes
// with everything measured on them, fused block by block so that each sample is read from memory
// once (on a 10M-sample capture the analysis is bound by memory traffic, not arithmetic).

#include <cstddef>
#include <optional>

#include "analysis/analysis_settings.hpp"
#include "analysis/channel_quality.hpp"
#include "analysis/stroke_pipeline.hpp"
#include "analysis/timebase.hpp"

namespace needlerig::analysis {

struct CapturePass {
  TimebaseScan timebase;
  ChannelScan protrusion;
  ChannelScan force;  // empty without a force channel
  StrokeAnalysis strokes;
};

/// The channels as recorded, for the data-quality scans (saturated, stuck, non-finite samples),
/// where the measurements may read copies with mains pickup taken out.
struct RecordedChannels {
  const double* protrusion = nullptr;
  const double* force = nullptr;  // nullptr: none
};

/// `context` carries the pointers to the protrusion and force measured (nullptr: none), the
/// sample rate and the contact force (needed before the pass: the force quantities are measured
/// in it).
CapturePass run_capture_pass(const double* time_s, std::size_t n, const StrokeContext& context,
                             const AnalysisSettings& settings, const RecordedChannels& recorded);

}  // namespace needlerig::analysis
