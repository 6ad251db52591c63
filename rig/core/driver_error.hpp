#pragma once
// A command a hardware role could not carry out (refused in its lifecycle state, a bad setting, a
// lost connection, an instrument's error reply). Thrown by command calls, never by the hot path.

#include <stdexcept>
#include <string>

namespace needlerig::rig::core {

class DriverError : public std::runtime_error {
 public:
  DriverError(std::string role, const std::string& message)
      : std::runtime_error(role + ": " + message), role_(std::move(role)) {}
  const std::string& role() const { return role_; }  // "pen", "axis", "daq"

 private:
  std::string role_;
};

}  // namespace needlerig::rig::core
