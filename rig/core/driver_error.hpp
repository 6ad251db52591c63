#pragma once
// A command a hardware role could not carry out (refused in its lifecycle state, a bad setting, a
// lost connection, an instrument's error reply). Thrown by command calls, never by the hot path.

#include <stdexcept>
#include <string>
#include <string_view>

#include "rig/core/lifecycle.hpp"

namespace needlerig::rig::core {

class DriverError : public std::runtime_error {
 public:
  DriverError(std::string role, const std::string& message)
      : std::runtime_error(role + ": " + message), role_(std::move(role)) {}
  const std::string& role() const { return role_; }  // "pen", "axis", "daq"

 private:
  std::string role_;
};

/// Throws DriverError unless `state` is `wanted` ("activate() in state fault").
inline void require_state(LifecycleState state, LifecycleState wanted, const std::string& role,
                          std::string_view call) {
  if (state != wanted) {
    throw DriverError(role,
                      std::string(call) + " in state " + std::string(lifecycle_state_name(state)));
  }
}

}  // namespace needlerig::rig::core
