#pragma once
// What the operator asked the run to do, set from a signal handler (async-signal-safe: one
// lock-free atomic, no allocation, no locks) and read by the sequencer and its threads.
//
//   terminate (first SIGINT): finish at the next block boundary, run the cleanup (pen off, retract
//             to the plan's retract position if it has one, else hold), then stop. The run is
//             ERROR.
//   abort (second SIGINT, or SIGTERM): pen off and axis stop now, no retract. The run is ERROR.
// A request only ever escalates: abort is never turned back into terminate.

#include <atomic>
#include <cstdint>
#include <string_view>

namespace needlerig::rig::sequencer {

enum class OperatorRequest : std::uint8_t { none = 0, terminate = 1, abort = 2 };

std::string_view operator_request_name(OperatorRequest request);

class OperatorAction {
 public:
  /// SIGINT: the first asks to terminate, any further one to abort.
  void interrupt() noexcept;
  void terminate() noexcept { raise_to(OperatorRequest::terminate); }
  void abort() noexcept { raise_to(OperatorRequest::abort); }
  OperatorRequest requested() const noexcept {
    return static_cast<OperatorRequest>(level_.load(std::memory_order_acquire));
  }
  /// For a fresh run with the same object.
  void reset() noexcept { level_.store(0, std::memory_order_release); }

 private:
  void raise_to(OperatorRequest request) noexcept;

  static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need a lock-free atomic");
  std::atomic<int> level_{0};
};

}  // namespace needlerig::rig::sequencer
