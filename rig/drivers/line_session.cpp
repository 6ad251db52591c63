#include "rig/drivers/line_session.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace needlerig::rig::drivers {

namespace {
using core::DriverError;
using core::LifecycleState;
// An instrument that is there answers a stop within milliseconds.
constexpr auto kStopDeadline = std::chrono::milliseconds(250);
constexpr std::size_t kMaxLine = 1024;
}  // namespace

LineSession::LineSession(std::string role, transport::LineEndpoint endpoint,
                         std::chrono::milliseconds timeout, std::atomic<LifecycleState>& state)
    : role_(std::move(role)), endpoint_(std::move(endpoint)), timeout_(timeout), state_(state) {}

void LineSession::open() {
  std::lock_guard lock(mutex_);
  try {
    line_ = transport::open_line(endpoint_, transport::deadline_in(timeout_));
  } catch (const transport::TransportError& e) {
    state_ = LifecycleState::fault;
    if (fault_.empty()) fault_ = e.what();
    throw DriverError(role_, e.what());
  }
}

void LineSession::close() {
  std::lock_guard lock(mutex_);
  line_.reset();
}

transport::ByteStream& LineSession::usable_line(const std::string& command) {
  if (!line_) throw DriverError(role_, "'" + command + "': the line is not open");
  if (state_ == LifecycleState::fault) {
    throw DriverError(role_, "'" + command + "': in fault after an earlier failure on its line");
  }
  return *line_;
}

DriverError LineSession::failed(const std::string& command, const std::exception& error) {
  if (transport::is_timeout(error)) ++timeouts_;
  const auto* transport_error = dynamic_cast<const transport::TransportError*>(&error);
  state_ = LifecycleState::fault;
  // A transport error names the peer already: its detail only, after the peer and command.
  const std::string what = fmt::format("{}: '{}': {}", transport::describe(endpoint_), command,
                                       transport_error ? transport_error->detail() : error.what());
  if (fault_.empty()) fault_ = what;
  return DriverError(role_, what);
}

void LineSession::stop(const std::string& command) noexcept {
  try {
    std::lock_guard lock(mutex_);
    if (!line_) return;
    const auto deadline = transport::deadline_in(std::min(timeout_, kStopDeadline));
    line_->discard_input();
    line_->write(command + "\n", deadline);
    (void)line_->read_until('\n', kMaxLine, deadline);
  } catch (const std::exception&) {
    // An instrument that cannot be told: the next exchange reports the line's state.
  }
}

core::InstrumentHealth LineSession::health(std::string identity) const {
  std::lock_guard lock(mutex_);
  core::InstrumentHealth h;
  h.identity = std::move(identity);
  h.peer = transport::describe(endpoint_);
  h.timeouts = timeouts_;
  h.fault = fault_;
  return h;
}

}  // namespace needlerig::rig::drivers
