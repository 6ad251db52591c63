#pragma once
// SIGINT and SIGTERM during `needlerig run`: the handlers only set the operator action (one
// lock-free atomic: async-signal-safe). SIGINT terminates (a second one aborts); SIGTERM aborts.
// When the guard goes out of scope the handlers stay installed but act on nothing: from then on
// the run is over and its record written, and the process only exits with the run's status.

#include <csignal>

#include "rig/sequencer/operator_action.hpp"

namespace needlerig::rig::cli {

class ScopedOperatorSignals {
 public:
  explicit ScopedOperatorSignals(sequencer::OperatorAction& action);
  ~ScopedOperatorSignals();
  ScopedOperatorSignals(const ScopedOperatorSignals&) = delete;
  ScopedOperatorSignals& operator=(const ScopedOperatorSignals&) = delete;
};

}  // namespace needlerig::rig::cli
