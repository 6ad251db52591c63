#include "rig/cli/operator_prompts.hpp"

#include <iostream>

namespace needlerig::rig::cli {

std::string TerminalPrompt::set_depth_dial(double, const std::string& message) {
  std::cout << "\n  >>> " << message << ": " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) {
    std::cin.clear();
    return "no answer from the terminal (input ended or interrupted)";
  }
  return "confirmed by the operator";
}

std::string SimulatedOperator::set_depth_dial(double depth_mm, const std::string& message) {
  world_->turn_depth_dial_mm(depth_mm);
  if (terminal_ != nullptr) terminal_->set_depth_dial(depth_mm, message);
  return "turned by the simulated operator";
}

}  // namespace needlerig::rig::cli
