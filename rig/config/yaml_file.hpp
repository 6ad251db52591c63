#pragma once
// Reading a YAML file into a node; an unreadable file or a syntax error is a ConfigError naming
// the file (and the line of the syntax error).

#include <yaml-cpp/yaml.h>

#include <string>

namespace needlerig::rig::config {

/// The file's bytes (a plan keeps them for the run record).
std::string read_text_file(const std::string& file);

/// `text` parsed as YAML; `file` names it in errors.
YAML::Node parse_yaml(const std::string& text, const std::string& file);

/// read_text_file, then parse_yaml.
YAML::Node load_yaml_file(const std::string& file);

}  // namespace needlerig::rig::config
