// needlerig: the command-line front end. Each subcommand registers itself from its own file; this
// file only parses, runs the chosen action and turns every failure into a message and an exit code.

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "reports/software_version.hpp"
#include "rig/cli/analyze_command.hpp"
#include "rig/cli/exit_codes.hpp"
#include "rig/cli/run_command.hpp"

int main(int argc, char** argv) {
  namespace cli = needlerig::rig::cli;
  CLI::App app{
      "needlerig: test-rig controller for motorised microneedling pens. Measures what a pen\n"
      "really does (stroke timing and jitter, delivered needle depth, forces, punctures) from\n"
      "captures of needle protrusion and force.",
      "needlerig"};
  app.set_version_flag("--version", std::string(needlerig::reports::software_name()) + " " +
                                        std::string(needlerig::reports::software_version()));
  app.require_subcommand(1);
  app.footer("Run 'needlerig COMMAND --help' for a command's options.");

  cli::CommandAction action;
  cli::register_analyze_command(app, action);
  cli::register_run_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0; every other parse error is a usage error.
    const int code = app.exit(e);
    return code == 0 ? cli::kExitOk : cli::kExitUsage;
  }
  try {
    return action ? action() : cli::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return cli::kExitUsage;
  } catch (...) {
    std::cerr << "error: unexpected failure\n";
    return cli::kExitUsage;
  }
}
