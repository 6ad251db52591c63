#include "rig/drivers/zaber_axis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "rig/core/driver_error.hpp"

namespace needlerig::rig::drivers {

namespace {
using core::DriverError;
using core::LifecycleState;
constexpr std::size_t kMaxLine = 1024;
constexpr int kMaxSkippedLines = 32;  // alerts and info lines before the reply
// A stop is answered within milliseconds by a stage that is there; one that is not must not hold
// up the rig's cleanup for a whole exchange timeout at every stop the rig sends.
constexpr auto kStopDeadline = std::chrono::milliseconds(250);
}  // namespace

ZaberAxis::ZaberAxis(ZaberAxisSettings settings) : settings_(std::move(settings)) {}

ZaberAxis::~ZaberAxis() { stop(); }

zaber::ZaberReply ZaberAxis::exchange(const std::string& command) const {
  std::lock_guard lock(line_mutex_);
  if (!line_) throw DriverError("axis", "the stage is not connected");
  // A line that already failed is not waited on again: each exchange would cost its whole
  // timeout, and the run's cleanup would take the sum of them. Only stop and power-off still try.
  if (state_ == LifecycleState::fault) {
    throw DriverError("axis", "in fault after an earlier failure on its line");
  }
  const std::string sent = zaber::format_command(settings_.device, settings_.axis, command);
  try {
    const auto deadline = transport::deadline_in(settings_.timeout);
    line_->discard_input();  // a late reply to an earlier exchange is not this one's
    line_->write(sent + "\n", deadline);
    for (int skipped = 0; skipped < kMaxSkippedLines; ++skipped) {
      const zaber::ZaberReply reply =
          zaber::parse_reply(line_->read_until('\n', kMaxLine, deadline));
      if (reply.kind != zaber::MessageKind::reply || reply.device != settings_.device) continue;
      if (!reply.accepted) {
        throw DriverError("axis",
                          fmt::format("{}: '{}' rejected: {}", line_->peer(), sent, reply.data));
      }
      return reply;
    }
    throw zaber::ZaberProtocolError("no reply among the device's messages");
  } catch (const transport::TransportError& e) {
    if (e.kind() == transport::TransportErrorKind::timeout) ++timeouts_;
    state_ = LifecycleState::fault;
    throw DriverError("axis", fmt::format("'{}': {}", sent, e.what()));
  } catch (const zaber::ZaberProtocolError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("axis", fmt::format("{}: '{}': {}", line_->peer(), sent, e.what()));
  }
}

void ZaberAxis::check_flags(const zaber::ZaberReply& reply) const {
  if (zaber::is_fault_flag(reply.warning)) {
    state_ = LifecycleState::fault;
    throw DriverError("axis", fmt::format("the stage reports fault flag {} (FS: stalled, FD: "
                                          "driver disabled, FF: critical error)",
                                          reply.warning));
  }
}

void ZaberAxis::configure(const core::AxisConfig& config) {
  if (state_ == LifecycleState::active) {
    throw DriverError("axis", "configure() while active: deactivate first");
  }
  config_ = config;
  state_ = LifecycleState::inactive;
}

void ZaberAxis::activate() {
  if (state_ != LifecycleState::inactive) {
    throw DriverError("axis", std::string("activate() in state ") +
                                  std::string(core::lifecycle_state_name(state_)));
  }
  try {
    std::lock_guard lock(line_mutex_);
    line_ = transport::open_line(settings_.line, transport::deadline_in(settings_.timeout));
  } catch (const transport::TransportError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("axis", e.what());
  }
  state_ = LifecycleState::active;  // exchange() moves it to fault if the stage fails
  const std::string id = exchange("get deviceid").data;
  const std::string version = exchange("get version").data;
  identity_ = fmt::format("Zaber device {} firmware {}", id, version);
  check_flags(exchange(""));
}

void ZaberAxis::deactivate() {
  stop();
  std::lock_guard lock(line_mutex_);
  line_.reset();
  if (state_ != LifecycleState::fault) state_ = LifecycleState::inactive;
}

void ZaberAxis::home() {
  if (state_ != LifecycleState::active) {
    throw DriverError(
        "axis", std::string("home() in state ") + std::string(core::lifecycle_state_name(state_)));
  }
  check_flags(exchange("home"));
  homing_ = true;
}

void ZaberAxis::move_to(double position_mm, double speed_mm_per_s) {
  if (state_ != LifecycleState::active) {
    throw DriverError("axis", std::string("move_to() in state ") +
                                  std::string(core::lifecycle_state_name(state_)));
  }
  if (!(position_mm >= config_.travel_min_mm && position_mm <= config_.travel_max_mm)) {
    throw DriverError("axis",
                      fmt::format("{:g} mm is outside the travel [{:g}, {:g}] mm", position_mm,
                                  config_.travel_min_mm, config_.travel_max_mm));
  }
  if (!(speed_mm_per_s > 0.0 && speed_mm_per_s <= config_.max_speed_mm_per_s)) {
    throw DriverError("axis", fmt::format("speed {:g} mm/s is outside (0, {:g}]", speed_mm_per_s,
                                          config_.max_speed_mm_per_s));
  }
  const auto steps = std::llround(position_mm * settings_.microsteps_per_mm);
  const auto speed =
      std::max(1LL, std::llround(speed_mm_per_s * settings_.speed_units_per_mm_per_s));
  const zaber::ZaberReply status = exchange("");
  check_flags(status);
  if (status.warning == "WR") throw DriverError("axis", "move before homing: home first");
  if (status.busy) throw DriverError("axis", "move while the stage is moving");
  check_flags(exchange(fmt::format("move abs {} {}", steps, speed)));
}

void ZaberAxis::stop() noexcept {
  try {
    std::lock_guard lock(line_mutex_);
    if (!line_) return;
    const auto deadline = transport::deadline_in(std::min(settings_.timeout, kStopDeadline));
    line_->discard_input();
    line_->write(zaber::format_command(settings_.device, settings_.axis, "stop") + "\n", deadline);
    // The reply is read, so that it is not taken for the next exchange's.
    (void)line_->read_until('\n', kMaxLine, deadline);
  } catch (const std::exception&) {
    // A stage that cannot be told to stop: the next exchange reports the line's state.
  }
}

bool ZaberAxis::moving() const {
  const zaber::ZaberReply status = exchange("");
  check_flags(status);
  return status.busy;
}

double ZaberAxis::position_mm() const {
  const zaber::ZaberReply reply = exchange("get pos");
  try {
    return std::stod(reply.data) / settings_.microsteps_per_mm;
  } catch (const std::exception&) {
    state_ = LifecycleState::fault;
    throw DriverError("axis", "'get pos' answered '" + reply.data + "', not a position");
  }
}

bool ZaberAxis::homed() const {
  const zaber::ZaberReply status = exchange("");
  check_flags(status);
  if (status.warning == "WR") return false;
  // A stage homed before keeps its reference while it homes again: done when it holds still.
  if (homing_ && status.busy) return false;
  homing_ = false;
  return true;
}

core::InstrumentHealth ZaberAxis::health() const {
  std::lock_guard lock(line_mutex_);
  core::InstrumentHealth h;
  h.identity = identity_;
  h.peer = settings_.line.serial_device.empty()
               ? fmt::format("tcp {}:{}", settings_.line.host, settings_.line.port)
               : "serial " + settings_.line.serial_device;
  h.timeouts = timeouts_;
  return h;
}

}  // namespace needlerig::rig::drivers
