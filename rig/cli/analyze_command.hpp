#pragma once
// `needlerig analyze FILE`: measures one capture file and prints the measurement table or the
// analysis record.

#include <CLI/CLI.hpp>
#include <functional>

namespace needlerig::rig::cli {

/// What main() runs after parsing: the chosen subcommand's work, returning the exit code.
using CommandAction = std::function<int()>;

/// Registers the `analyze` subcommand on `app`. When the command line selects it, parsing sets
/// `action` to the analysis (run after parsing, so that its errors are not taken for usage errors).
void register_analyze_command(CLI::App& app, CommandAction& action);

}  // namespace needlerig::rig::cli
