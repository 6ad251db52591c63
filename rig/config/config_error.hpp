#pragma once
// A file (plan, fault plan, pen, phantom, station) that cannot be used: thrown by the loaders
// before anything moves, caught at the CLI's edge. what() reads "FILE:LINE: key 'KEY': message"
// (or "FILE:LINE: message" where no key is at fault, e.g. a YAML syntax error), so that an
// operator can go straight to the line.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace needlerig::rig::config {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::size_t line, std::string key, std::string message);

  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }  // 1-based; 0 when the file could not be read
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string key_;
  std::string message_;
};

}  // namespace needlerig::rig::config
