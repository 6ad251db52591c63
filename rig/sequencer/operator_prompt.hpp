#pragma once
// Asks the operator to do something by hand (turn the depth dial) and waits for the confirmation.
// A run without a prompt (no terminal, or --yes) logs the request as an event and assumes it done.

#include <string>

namespace needlerig::rig::sequencer {

class OperatorPrompt {
 public:
  virtual ~OperatorPrompt() = default;
  /// Shows `message` and returns when the operator confirms (or input ends, or a signal arrives:
  /// the sequencer checks for a terminate or abort right after).
  virtual void wait_for_confirmation(const std::string& message) = 0;
};

}  // namespace needlerig::rig::sequencer
