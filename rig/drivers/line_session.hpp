#pragma once
// A line-protocol instrument's connection as its driver holds it (a Zaber stage, a pen's service
// port): opened at activate() on a serial line or TCP, one exchange at a time under a lock, a
// deadline on each, timeouts counted, a line that failed moves the role to fault and is not waited
// on again (each exchange would cost its whole timeout, and a run's cleanup the sum of them), and a
// stop command that waits at most 250 ms for its reply.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "rig/core/driver_error.hpp"
#include "rig/core/instrument_health.hpp"
#include "rig/core/lifecycle.hpp"
#include "rig/transport/line_endpoint.hpp"

namespace needlerig::rig::drivers {

class LineSession {
 public:
  /// `state` is the driver's: the session moves it to fault when the line fails.
  LineSession(std::string role, transport::LineEndpoint endpoint, std::chrono::milliseconds timeout,
              std::atomic<core::LifecycleState>& state);

  /// Opens the line (DriverError, and fault, when it cannot).
  void open();
  void close();

  /// Sends `command` and returns what `read(stream, deadline)` makes of the reply. A DriverError
  /// from `read` (the instrument refused) passes as it is; a timeout, a closed line or a reply
  /// `read` cannot parse (any other exception) moves the role to fault and becomes a DriverError.
  template <typename Read>
  auto exchange(const std::string& command, Read read) {
    std::lock_guard lock(mutex_);
    transport::ByteStream& line = usable_line(command);
    try {
      const auto deadline = transport::deadline_in(timeout_);
      line.discard_input();  // a late reply to an earlier exchange is not this one's
      line.write(command + "\n", deadline);
      return read(line, deadline);
    } catch (const core::DriverError&) {
      throw;
    } catch (const std::exception& e) {
      throw failed(command, e);
    }
  }

  /// Sends a stop command and reads its reply (so that it is not taken for the next exchange's),
  /// waiting at most 250 ms; never throws.
  void stop(const std::string& command) noexcept;

  /// The line's record, with the identity the driver read and the failure that moved the role
  /// to fault, if one did.
  core::InstrumentHealth health(std::string identity) const;

 private:
  transport::ByteStream& usable_line(const std::string& command);
  core::DriverError failed(const std::string& command, const std::exception& error);

  std::string role_;
  transport::LineEndpoint endpoint_;
  std::chrono::milliseconds timeout_;
  std::atomic<core::LifecycleState>& state_;
  mutable std::mutex mutex_;
  std::unique_ptr<transport::ByteStream> line_;
  int timeouts_ = 0;
  std::string fault_;  // the failure that moved the role to fault (the first)
};

}  // namespace needlerig::rig::drivers
