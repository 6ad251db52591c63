#pragma once
// The run verdict in large letters, readable from across a production line.

#include <string>

#include "analysis/verdict.hpp"

namespace needlerig::rig::cli {

/// Five lines of block letters spelling PASS, FAIL or ERROR (MARGINAL runs pass: PASS).
std::string render_verdict_banner(analysis::Verdict verdict);

}  // namespace needlerig::rig::cli
