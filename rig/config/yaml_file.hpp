#pragma once
// Reading a YAML file into a node; an unreadable file or a syntax error is a ConfigError naming
// the file (and the line of the syntax error).

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>

namespace needlerig::rig::config {

/// A plan, station, pen, phantom or fault plan is hand-written text: a few kB. Anything larger is
/// not one (or is a device that never ends) and is refused before it is read.
inline constexpr std::size_t kMaxConfigFileBytes = 4U << 20;

/// The file's bytes (a plan keeps them for the run record). Throws ConfigError naming the file
/// when it cannot be read, is not a regular file (a FIFO, a device, a directory) or is larger
/// than kMaxConfigFileBytes.
std::string read_text_file(const std::string& file);

/// `text` parsed as YAML; `file` names it in errors.
YAML::Node parse_yaml(const std::string& text, const std::string& file);

/// read_text_file, then parse_yaml.
YAML::Node load_yaml_file(const std::string& file);

}  // namespace needlerig::rig::config
