#pragma once
// SIGINT and SIGTERM during `needlerig run`: the handlers only set the operator action (one
// lock-free atomic: async-signal-safe). SIGINT terminates (a second one aborts); SIGTERM aborts.
// The previous handlers come back when the guard goes out of scope.

#include <csignal>

#include "rig/sequencer/operator_action.hpp"

namespace needlerig::rig::cli {

class ScopedOperatorSignals {
 public:
  explicit ScopedOperatorSignals(sequencer::OperatorAction& action);
  ~ScopedOperatorSignals();
  ScopedOperatorSignals(const ScopedOperatorSignals&) = delete;
  ScopedOperatorSignals& operator=(const ScopedOperatorSignals&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace needlerig::rig::cli
