#include "rig/config/config_error.hpp"

#include <utility>

namespace needlerig::rig::config {
namespace {

std::string format_config_error(const std::string& file, std::size_t line, const std::string& key,
                                const std::string& message) {
  std::string text = file + ":" + std::to_string(line) + ": ";
  if (!key.empty()) text += "key '" + key + "': ";
  return text + message;
}

}  // namespace

ConfigError::ConfigError(std::string file, std::size_t line, std::string key, std::string message)
    : std::runtime_error(format_config_error(file, line, key, message)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      message_(std::move(message)) {}

}  // namespace needlerig::rig::config
