// needlerig: the command-line front end. Each subcommand registers itself from its own file; this
// file only parses, runs the chosen action and turns every failure into a message and an exit code.

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "rig/cli/analyze_command.hpp"
#include "rig/cli/exit_codes.hpp"
#include "rig/cli/parse_errors.hpp"
#include "rig/cli/run_command.hpp"
#include "rig/cli/terminal_text.hpp"
#include "rig/cli/version_text.hpp"

int main(int argc, char** argv) {
  namespace cli = needlerig::rig::cli;
  CLI::App app{
      "needlerig: test-rig controller for motorised microneedling pens. Measures what a pen\n"
      "really does (stroke timing and jitter, delivered needle depth, forces, punctures) from\n"
      "captures of needle protrusion and force.",
      "needlerig"};
  app.set_version_flag("--version", cli::version_text());
  app.require_subcommand(1);
  app.footer(
      "Run 'needlerig COMMAND --help' for a command's options.\n\n"
      "Exit codes, for every command: 0 PASS (MARGINAL included), or analysed; 1 FAIL (the pen is\n"
      "out of its limits); 2 ERROR (the rig or the data failed); 3 refused (a usage error, or a\n"
      "plan, station, capture file or output that cannot be used: nothing moved).");

  cli::CommandAction action;
  cli::register_analyze_command(app, action);
  cli::register_run_command(app, action);

  if (const auto unknown = cli::unknown_command(app, argc, argv)) {
    std::cerr << "error: " << cli::terminal_safe(*unknown) << '\n';
    return cli::kExitRefused;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0; every other parse error is a usage error.
    if (e.get_exit_code() == 0) return app.exit(e) == 0 ? cli::kExitOk : cli::kExitRefused;
    std::cerr << "error: " << cli::terminal_safe(cli::describe_parse_error(app, e)) << '\n'
              << "Run with --help for more information.\n";
    return cli::kExitRefused;
  }
  try {
    return action ? action() : cli::kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "error: " << cli::terminal_safe(e.what()) << '\n';
    return cli::kExitError;
  } catch (...) {
    std::cerr << "error: unexpected failure\n";
    return cli::kExitError;
  }
}
