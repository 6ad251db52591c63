#pragma once
// A pen with a service port (docs/pen-service-port.md) as needlerig-sim serves it: the project's
// line protocol over a pseudo-terminal or TCP, answered from a pen role (the simulated pen).

#include <optional>
#include <string>
#include <string_view>

#include "rig/core/pen_driver.hpp"

namespace needlerig::rig::simserver {

class SimServicePortPen {
 public:
  /// `pen` must be configured; the port activates it.
  explicit SimServicePortPen(core::PenDriver& pen);

  /// The reply to one command line.
  std::optional<std::string> handle(std::string_view line);

 private:
  core::PenDriver& pen_;
};

}  // namespace needlerig::rig::simserver
