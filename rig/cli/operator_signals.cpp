#include "rig/cli/operator_signals.hpp"

#include <atomic>

namespace needlerig::rig::cli {
namespace {

// The one object the handlers may touch. A plain pointer written before the handlers are
// installed and cleared after they are removed; the handlers only read it.
std::atomic<sequencer::OperatorAction*> g_action{nullptr};

extern "C" void on_operator_signal(int signal_number) {
  auto* action = g_action.load();
  if (action == nullptr) return;
  if (signal_number == SIGINT) {
    action->interrupt();
  } else {
    action->abort();
  }
}

}  // namespace

ScopedOperatorSignals::ScopedOperatorSignals(sequencer::OperatorAction& action) {
  g_action.store(&action);
  struct sigaction handler {};
  handler.sa_handler = on_operator_signal;
  sigemptyset(&handler.sa_mask);
  handler.sa_flags = 0;  // no SA_RESTART: a prompt waiting on the terminal returns at Ctrl-C
  sigaction(SIGINT, &handler, nullptr);
  sigaction(SIGTERM, &handler, nullptr);
}

ScopedOperatorSignals::~ScopedOperatorSignals() {
  // The handlers stay: a signal arriving after the run (while the process exits) finds no action
  // and is ignored, instead of killing a process whose record is written and whose exit status
  // CI reads.
  g_action.store(nullptr);
}

}  // namespace needlerig::rig::cli
