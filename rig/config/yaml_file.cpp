#include "rig/config/yaml_file.hpp"

#include <fstream>
#include <iterator>

#include "rig/config/config_error.hpp"

namespace needlerig::rig::config {

std::string read_text_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, 0, "", "cannot open the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw ConfigError(file, 0, "", "cannot read the file");
  return text;
}

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.is_null() ? 0 : static_cast<std::size_t>(e.mark.line) + 1, "",
                      "not valid YAML: " + e.msg);
  }
}

YAML::Node load_yaml_file(const std::string& file) {
  return parse_yaml(read_text_file(file), file);
}

}  // namespace needlerig::rig::config
