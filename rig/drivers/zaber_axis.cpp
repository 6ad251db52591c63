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
}  // namespace

ZaberAxis::ZaberAxis(ZaberAxisSettings settings)
    : settings_(std::move(settings)), line_("axis", settings_.line, settings_.timeout, state_) {}

ZaberAxis::~ZaberAxis() { stop(); }

std::string ZaberAxis::command(const std::string& words) const {
  return zaber::format_command(settings_.device, settings_.axis, words);
}

zaber::ZaberReply ZaberAxis::exchange(const std::string& words) const {
  const std::string sent = command(words);
  return line_.exchange(sent, [&](transport::ByteStream& line, transport::Deadline deadline) {
    for (int skipped = 0; skipped < kMaxSkippedLines; ++skipped) {
      const zaber::ZaberReply reply = zaber::parse_reply(line.read_until('\n', kMaxLine, deadline));
      if (reply.kind != zaber::MessageKind::reply || reply.device != settings_.device) continue;
      if (!reply.accepted) {
        throw DriverError("axis",
                          fmt::format("{}: '{}' rejected: {}", line.peer(), sent, reply.data));
      }
      return reply;
    }
    throw zaber::ZaberProtocolError("no reply among the device's messages");
  });
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
  core::require_state(state_, LifecycleState::inactive, "axis", "activate()");
  line_.open();
  state_ = LifecycleState::active;  // exchange() moves it to fault if the stage fails
  const std::string id = exchange("get deviceid").data;
  const std::string version = exchange("get version").data;
  identity_ = fmt::format("Zaber device {} firmware {}", id, version);  // before any move
  check_flags(exchange(""));
}

void ZaberAxis::deactivate() {
  stop();
  line_.close();
  if (state_ != LifecycleState::fault) state_ = LifecycleState::inactive;
}

void ZaberAxis::home() {
  core::require_state(state_, LifecycleState::active, "axis", "home()");
  check_flags(exchange("home"));
  homing_ = true;
}

void ZaberAxis::move_to(double position_mm, double speed_mm_per_s) {
  core::require_state(state_, LifecycleState::active, "axis", "move_to()");
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

void ZaberAxis::stop() noexcept { line_.stop(command("stop")); }

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

core::InstrumentHealth ZaberAxis::health() const { return line_.health(identity_); }

}  // namespace needlerig::rig::drivers
