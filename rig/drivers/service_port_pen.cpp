#include "rig/drivers/service_port_pen.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "rig/core/driver_error.hpp"

namespace needlerig::rig::drivers {

namespace {
namespace sp = service_port;
using core::DriverError;
using core::LifecycleState;
constexpr std::size_t kMaxLine = 512;
// A pen that is there answers STOP within milliseconds; one that is not must not hold up the
// rig's cleanup for a whole exchange timeout at every power-off.
constexpr auto kStopDeadline = std::chrono::milliseconds(250);
}  // namespace

ServicePortPen::ServicePortPen(ServicePortSettings settings) : settings_(std::move(settings)) {}

ServicePortPen::~ServicePortPen() { power_off(); }

sp::Reply ServicePortPen::exchange(const std::string& command) const {
  std::lock_guard lock(line_mutex_);
  if (!line_) throw DriverError("pen", "the pen's service port is not open");
  // A line that already failed is not waited on again: each exchange would cost its whole
  // timeout, and the run's cleanup would take the sum of them. Only stop and power-off still try.
  if (state_ == LifecycleState::fault) {
    throw DriverError("pen", "in fault after an earlier failure on its line");
  }
  try {
    const auto deadline = transport::deadline_in(settings_.timeout);
    line_->discard_input();
    line_->write(command + "\n", deadline);
    const sp::Reply reply = sp::parse_reply(line_->read_until('\n', kMaxLine, deadline));
    if (!reply.ok) {
      throw DriverError("pen", fmt::format("{}: '{}' refused: {} {}", line_->peer(), command,
                                           reply.error_code, reply.message));
    }
    return reply;
  } catch (const transport::TransportError& e) {
    if (e.kind() == transport::TransportErrorKind::timeout) ++timeouts_;
    state_ = LifecycleState::fault;
    throw DriverError("pen", fmt::format("service port, '{}': {}", command, e.what()));
  } catch (const sp::ServicePortError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("pen", fmt::format("{}: '{}': {}", line_->peer(), command, e.what()));
  }
}

void ServicePortPen::configure(const core::PenIdentity& identity) {
  if (state_ == LifecycleState::active) {
    throw DriverError("pen", "configure() while active: deactivate first");
  }
  identity_ = identity;
  state_ = LifecycleState::inactive;
}

void ServicePortPen::activate() {
  if (state_ != LifecycleState::inactive) {
    throw DriverError("pen", std::string("activate() in state ") +
                                 std::string(core::lifecycle_state_name(state_)));
  }
  try {
    std::lock_guard lock(line_mutex_);
    line_ = transport::open_line(settings_.line, transport::deadline_in(settings_.timeout));
  } catch (const transport::TransportError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("pen", e.what());
  }
  state_ = LifecycleState::active;  // exchange() moves it to fault if the pen fails
  try {
    if (sp::text_field(exchange("HELLO"), "protocol") != "1") {
      throw sp::ServicePortError("the pen speaks another version of the service port");
    }
    const sp::Reply ident = exchange("IDENT?");
    const std::string& model = sp::text_field(ident, "model");
    if (!identity_.model.empty() && identity_.model != model) {
      throw sp::ServicePortError("the connected pen is a '" + model + "', not a '" +
                                 identity_.model + "'");
    }
    identity_.model = model;
    if (identity_.serial.empty()) identity_.serial = sp::text_field(ident, "serial");
    identity_.needle_count = static_cast<int>(sp::number_field(ident, "needles"));
    firmware_identity_ = fmt::format("{} {} firmware {}", model, sp::text_field(ident, "serial"),
                                     sp::text_field(ident, "firmware"));
    const sp::Reply caps = exchange("CAPS?");
    capabilities_.speed_levels = static_cast<int>(sp::number_field(caps, "levels"));
    capabilities_.frequency_min_hz = sp::number_field(caps, "freq_min");
    capabilities_.frequency_max_hz = sp::number_field(caps, "freq_max");
    capabilities_.sets_frequency = capabilities_.frequency_max_hz > 0.0;
    capabilities_.sets_depth = sp::text_field(caps, "depth_electrical") == "1";
    capabilities_.depth_min_mm = sp::number_field(caps, "depth_min");
    capabilities_.depth_max_mm = sp::number_field(caps, "depth_max");
    capabilities_.depth_step_mm = sp::number_field(caps, "depth_step");
  } catch (const sp::ServicePortError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("pen", std::string("service port: ") + e.what());
  }
}

void ServicePortPen::deactivate() {
  power_off();
  std::lock_guard lock(line_mutex_);
  line_.reset();
  if (state_ != LifecycleState::fault) state_ = LifecycleState::inactive;
}

void ServicePortPen::set_speed_level(int level) { exchange(fmt::format("SPEED {}", level)); }

void ServicePortPen::set_frequency_hz(double frequency_hz) {
  exchange(fmt::format("FREQ {:g}", frequency_hz));
}

void ServicePortPen::set_depth_mm(double depth_mm) {
  if (!capabilities_.sets_depth) {
    throw DriverError("pen", "this pen has no electrical depth setting (its dial)");
  }
  exchange(fmt::format("DEPTH {:g}", depth_mm));
}

void ServicePortPen::power_on() {
  if (state_ != LifecycleState::active) {
    throw DriverError("pen", std::string("power_on() in state ") +
                                 std::string(core::lifecycle_state_name(state_)));
  }
  exchange("RUN");
}

void ServicePortPen::power_off() noexcept {
  try {
    std::lock_guard lock(line_mutex_);
    if (!line_) return;
    const auto deadline = transport::deadline_in(std::min(settings_.timeout, kStopDeadline));
    line_->discard_input();
    line_->write("STOP\n", deadline);
    (void)line_->read_until('\n', kMaxLine, deadline);  // not left for the next exchange
  } catch (const std::exception&) {
    // A pen that cannot be told: the next exchange reports the line's state.
  }
}

core::PenStatus ServicePortPen::status() const {
  core::PenStatus s;
  s.fault = state_ == LifecycleState::fault;
  if (state_ != LifecycleState::active) return s;
  const sp::Reply reply = exchange("STATUS?");
  try {
    s.powered = sp::text_field(reply, "running") == "1";
    s.fault = sp::text_field(reply, "fault") == "1";
    if (sp::text_field(reply, "depth") != "-")
      s.depth_setting_mm = sp::number_field(reply, "depth");
    if (sp::text_field(reply, "current") != "-") {
      s.supply_current_a = sp::number_field(reply, "current");
    }
  } catch (const sp::ServicePortError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("pen", std::string("service port, STATUS?: ") + e.what());
  }
  return s;
}

core::InstrumentHealth ServicePortPen::health() const {
  std::lock_guard lock(line_mutex_);
  core::InstrumentHealth h;
  h.identity = firmware_identity_;
  h.peer = settings_.line.serial_device.empty()
               ? fmt::format("tcp {}:{}", settings_.line.host, settings_.line.port)
               : "serial " + settings_.line.serial_device;
  h.timeouts = timeouts_;
  return h;
}

}  // namespace needlerig::rig::drivers
