#pragma once
// The plots of one capture in the HTML report, as inline SVG: the needle protrusion over the whole
// capture and over its first strokes, with the cartridge face (0 mm) and the plan's retraction
// limit as reference lines; the force on the phantom over the same strokes; stalls and dropouts
// shaded where they happened; the distributions of the periods T_n and of the per-stroke depths
// P_max,n with the plan's limits. Every axis is in the display unit of the measurements it shows
// (display_units.hpp), and every label is in a legend below its plot, never over the data.

#include <string>

#include "analysis/capture.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::reports {

/// The plots of `capture`; `samples` may be null (samples not at hand): then the trace plots are
/// left out with a note and the distributions are still drawn from the record.
std::string capture_plots(const rig::record::CaptureResult& capture,
                          const analysis::Capture* samples);

}  // namespace needlerig::reports
