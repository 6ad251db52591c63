#pragma once
// Asks the operator to do something by hand (turn the depth dial) and waits for the confirmation.
// A run without a prompt (no terminal, or --yes) logs the request as an event and assumes it done.

#include <string>

namespace needlerig::rig::sequencer {

class OperatorPrompt {
 public:
  virtual ~OperatorPrompt() = default;
  /// Asks for the depth dial to be set to `depth_mm` (`message` says so in words) and returns when
  /// it is done (or input ends, or a signal arrives: the sequencer checks for a terminate or abort
  /// right after). Returns how it was done, for the record ("confirmed by the operator").
  virtual std::string set_depth_dial(double depth_mm, const std::string& message) = 0;
};

}  // namespace needlerig::rig::sequencer
