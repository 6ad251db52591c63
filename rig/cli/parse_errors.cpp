#include "rig/cli/parse_errors.hpp"

#include <string_view>
#include <vector>

#include "rig/config/close_names.hpp"

namespace needlerig::rig::cli {
namespace {

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

std::vector<std::string_view> views(const std::vector<std::string>& names) {
  return {names.begin(), names.end()};
}

/// Every long option of the command that was parsed (or of the app), as "--name".
std::vector<std::string> long_options(const CLI::App& app) {
  const CLI::App* command = &app;
  for (const CLI::App* sub : app.get_subcommands()) command = sub;  // the one that was given
  std::vector<std::string> names;
  for (const CLI::Option* option : command->get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

}  // namespace

std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  const std::string first = argv[1];
  if (first.empty() || first.front() == '-') return std::nullopt;
  const auto names = command_names(app);
  for (const auto& name : names) {
    if (name == first) return std::nullopt;
  }
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return "unknown command '" + first + "'" + config::did_you_mean(first, views(names)) +
         " (commands: " + list + ")";
}

std::string describe_parse_error(const CLI::App& app, const CLI::ParseError& error) {
  std::string message = error.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) == nullptr) return message;
  const auto options = long_options(app);
  for (const std::string& extra : app.remaining(true)) {
    if (extra.rfind("--", 0) != 0) continue;
    const std::string name = extra.substr(0, extra.find('='));
    const auto hint = config::did_you_mean(name, views(options));
    if (!hint.empty()) message += "\n  " + name + ": unknown option" + hint;
  }
  return message;
}

}  // namespace needlerig::rig::cli
