#pragma once
// Command-line mistakes told in words that fix them: an unknown command named as such, a
// misspelt option with the option it was probably meant to be ("--sead": "did you mean --seed?").

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace needlerig::rig::cli {

/// "unknown command 'x' (commands: analyze, run)" when the first argument is neither an option
/// nor a command of `app`; nullopt otherwise.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv);

/// The parse error's message, with suggestions for options that are not known.
std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error);

}  // namespace needlerig::rig::cli
