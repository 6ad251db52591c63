#pragma once
// `needlerig run --station S --plan P --serial SN`: runs a test plan on a station and writes the
// run directory (record, JUnit, HTML, captures). Exit 0 PASS (marginal included), 1 FAIL, 2 ERROR
// or a usage, plan or station error (a malformed plan is refused before anything moves).

#include <CLI/CLI.hpp>

#include "rig/cli/analyze_command.hpp"

namespace needlerig::rig::cli {

void register_run_command(CLI::App& app, CommandAction& action);

}  // namespace needlerig::rig::cli
