#include "rig/sequencer/operator_action.hpp"

namespace needlerig::rig::sequencer {

std::string_view operator_request_name(OperatorRequest request) {
  switch (request) {
    case OperatorRequest::none:
      return "none";
    case OperatorRequest::terminate:
      return "terminate";
    case OperatorRequest::abort:
      return "abort";
  }
  return "none";
}

void OperatorAction::interrupt() noexcept {
  // Escalate by one level, capped at abort (compare-exchange: lock-free, signal-safe).
  int level = level_.load(std::memory_order_acquire);
  while (level < static_cast<int>(OperatorRequest::abort) &&
         !level_.compare_exchange_weak(level, level + 1, std::memory_order_acq_rel)) {
  }
}

void OperatorAction::raise_to(OperatorRequest request) noexcept {
  const int target = static_cast<int>(request);
  int level = level_.load(std::memory_order_acquire);
  while (level < target &&
         !level_.compare_exchange_weak(level, target, std::memory_order_acq_rel)) {
  }
}

}  // namespace needlerig::rig::sequencer
