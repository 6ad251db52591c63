#include "rig/cli/operator_prompts.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

namespace needlerig::rig::cli {
namespace {

// How often a waiting prompt looks at the operator's request: a terminate or abort must end the
// wait within 100 ms, and the signal may be delivered to another thread than the one reading.
constexpr int kPollPeriodMs = 20;

}  // namespace

std::string TerminalPrompt::set_depth_dial(double, const std::string& message) {
  std::cout << "\n  >>> " << message << ": " << std::flush;
  // Reads stdin without stdio's buffering, so that a poll() that says "readable" is the truth;
  // the line itself is only waited for, not kept.
  for (;;) {
    if (action_.requested() != sequencer::OperatorRequest::none) {
      std::cout << '\n';
      return "not confirmed: the operator interrupted the run";
    }
    pollfd in{STDIN_FILENO, POLLIN, 0};
    const int ready = ::poll(&in, 1, kPollPeriodMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return "no answer from the terminal (it cannot be read)";
    if (ready == 0) continue;
    char byte = 0;
    const ssize_t got = ::read(STDIN_FILENO, &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return "no answer from the terminal (input ended)";
    if (byte == '\n') return "confirmed by the operator";
  }
}

std::string ActuatedDial::set_depth_dial(double depth_mm, const std::string&) {
  return actuator_.turn_to_mm(depth_mm);
}

}  // namespace needlerig::rig::cli
