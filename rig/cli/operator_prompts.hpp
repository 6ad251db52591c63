#pragma once
// The depth-dial prompt of `needlerig run`: on a terminal the operator turns the dial and presses
// Enter; on a simulated station the simulated operator turns the simulated dial.

#include <memory>
#include <string>

#include "rig/sequencer/operator_action.hpp"
#include "rig/sequencer/operator_prompt.hpp"
#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::cli {

/// Asks on stdout and waits for Enter on stdin, or for the operator's terminate or abort.
class TerminalPrompt final : public sequencer::OperatorPrompt {
 public:
  explicit TerminalPrompt(const sequencer::OperatorAction& action) : action_(action) {}
  std::string set_depth_dial(double depth_mm, const std::string& message) override;

 private:
  const sequencer::OperatorAction& action_;
};

/// Turns the dial of a simulated world, then (if given) asks the terminal operator too.
class SimulatedOperator final : public sequencer::OperatorPrompt {
 public:
  SimulatedOperator(std::shared_ptr<sim::SimWorld> world, sequencer::OperatorPrompt* terminal)
      : world_(std::move(world)), terminal_(terminal) {}
  std::string set_depth_dial(double depth_mm, const std::string& message) override;

 private:
  std::shared_ptr<sim::SimWorld> world_;
  sequencer::OperatorPrompt* terminal_;
};

}  // namespace needlerig::rig::cli
