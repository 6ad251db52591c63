#pragma once
// Verdicts in colour on an operator's terminal (green PASS, yellow MARGINAL, red FAIL, magenta
// ERROR), never in a pipe, a log file or CI's output, and never where NO_COLOR is set
// (https://no-color.org) or the terminal is "dumb".

#include <cstdio>
#include <string>
#include <string_view>

#include "analysis/verdict.hpp"

namespace needlerig::rig::cli {

/// True when text written to `stream` may carry colour.
bool colour_wanted(std::FILE* stream);

/// `text` in the verdict's colour when `colour`, else unchanged.
std::string in_verdict_colour(std::string_view text, analysis::Verdict verdict, bool colour);

}  // namespace needlerig::rig::cli
