#pragma once
// The depth-dial prompt of `needlerig run`: on a terminal the operator turns the dial and presses
// Enter; where the station has a dial actuator (a servo on the dial, or a simulated station's
// simulated operator), it turns the dial.

#include <string>

#include "rig/core/dial_actuator.hpp"
#include "rig/sequencer/operator_action.hpp"
#include "rig/sequencer/operator_prompt.hpp"

namespace needlerig::rig::cli {

/// Asks on stdout and waits for Enter on stdin, or for the operator's terminate or abort.
class TerminalPrompt final : public sequencer::OperatorPrompt {
 public:
  explicit TerminalPrompt(const sequencer::OperatorAction& action) : action_(action) {}
  std::string set_depth_dial(double depth_mm, const std::string& message) override;

 private:
  const sequencer::OperatorAction& action_;
};

/// Turns the dial with the station's actuator: nobody is asked.
class ActuatedDial final : public sequencer::OperatorPrompt {
 public:
  explicit ActuatedDial(core::DialActuator& actuator) : actuator_(actuator) {}
  std::string set_depth_dial(double depth_mm, const std::string& message) override;

 private:
  core::DialActuator& actuator_;
};

}  // namespace needlerig::rig::cli
