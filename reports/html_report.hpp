#pragma once
// The run record as one self-contained HTML page for QA engineers: the verdict first (big and
// coloured, naming what failed, errored or was flagged: html_banner.hpp), the pen, station, plan,
// host and software, then per capture step in plan order its judged measurements (human units,
// limits, guard band, MARGINAL flagged, the reason under a value that is missing), data-quality
// findings and events, and inline SVG plots (html_capture_plots.hpp); capture steps the run never
// reached are listed as not measured. No script, no external link, no web font: the file shows the
// same offline, archived, or printed; it reads from 800 px wide and prints or saves as PDF on A4
// or Letter with every column, no row split across pages and every section open (html_style.hpp).

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
