#pragma once
// The lifecycle every hardware role goes through (after ros2_control's managed components):
//
//   unconfigured --configure()--> inactive --activate()--> active --deactivate()--> inactive
//          any state --(a fault: lost connection, bad reply, hardware alarm)--> fault
//          fault --configure()--> inactive   (a fresh configure is the only way out of a fault)
//
// A role accepts motion or acquisition commands only while active. Stopping (stop(), power_off())
// is accepted in every state: making the rig safe never depends on the lifecycle.

#include <cstdint>
#include <string_view>

namespace needlerig::rig::core {

enum class LifecycleState : std::uint8_t { unconfigured, inactive, active, fault };

constexpr std::string_view lifecycle_state_name(LifecycleState state) {
  switch (state) {
    case LifecycleState::unconfigured:
      return "unconfigured";
    case LifecycleState::inactive:
      return "inactive";
    case LifecycleState::active:
      return "active";
    case LifecycleState::fault:
      return "fault";
  }
  return "unknown";
}

}  // namespace needlerig::rig::core
