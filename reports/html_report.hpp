#pragma once
// The run record as one self-contained HTML page for QA engineers: the verdict first (big and
// coloured), the pen, station, plan and software, then per capture its judged measurements (human
// units, limits, guard band, MARGINAL flagged), data-quality findings and events, and inline SVG
// plots: a few strokes of protrusion and force, the distribution of the periods T_n and of the
// per-stroke depths P_max,n with the plan's limits marked. No script, no external link, no web
// font: the file shows the same offline, archived, or printed.

#include <span>
#include <string>

#include "analysis/capture.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::reports {

/// `captures` holds the samples of record.captures, in the same order, for the trace plots; where
/// it is shorter (samples not at hand), the plots of the missing captures say so and everything
/// else is still rendered from the record.
std::string render_html_report(const rig::record::RunRecord& record,
                               std::span<const analysis::Capture> captures);

}  // namespace needlerig::reports
