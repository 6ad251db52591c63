#pragma once
// The top of the HTML report: the run's verdict, big and coloured, with the pen and plan, and below
// it what made the verdict: each FAIL with its value and limits, the ERRORs of each capture with
// the first reason, the MARGINAL values, the capture steps never reached and a failed step. An
// operator reads why a pen failed without scrolling.

#include <string>

#include "rig/record/run_record.hpp"

namespace needlerig::reports {

std::string verdict_banner_html(const rig::record::RunRecord& record);

}  // namespace needlerig::reports
