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
}  // namespace

ServicePortPen::ServicePortPen(ServicePortSettings settings)
    : settings_(std::move(settings)), line_("pen", settings_.line, settings_.timeout, state_) {}

ServicePortPen::~ServicePortPen() { power_off(); }

sp::Reply ServicePortPen::exchange(const std::string& command) const {
  return line_.exchange(command, [&](transport::ByteStream& line, transport::Deadline deadline) {
    const sp::Reply reply = sp::parse_reply(line.read_until('\n', kMaxLine, deadline));
    if (!reply.ok) {
      throw DriverError("pen", fmt::format("{}: '{}' refused: {} {}", line.peer(), command,
                                           reply.error_code, reply.message));
    }
    return reply;
  });
}

void ServicePortPen::configure(const core::PenIdentity& identity) {
  if (state_ == LifecycleState::active) {
    throw DriverError("pen", "configure() while active: deactivate first");
  }
  identity_ = identity;
  state_ = LifecycleState::inactive;
}

void ServicePortPen::activate() {
  core::require_state(state_, LifecycleState::inactive, "pen", "activate()");
  line_.open();
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
  line_.close();
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
  core::require_state(state_, LifecycleState::active, "pen", "power_on()");
  exchange("RUN");
}

void ServicePortPen::power_off() noexcept { line_.stop("STOP"); }

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

core::InstrumentHealth ServicePortPen::health() const { return line_.health(firmware_identity_); }

}  // namespace needlerig::rig::drivers
