#include "rig/drivers/scpi_supply_pen.hpp"

#include <fmt/format.h>

#include <cmath>

#include "rig/core/driver_error.hpp"
#include "rig/transport/tcp_stream.hpp"

namespace needlerig::rig::drivers {

namespace {
using core::DriverError;
using core::LifecycleState;
constexpr auto kPowerOffDeadline = std::chrono::milliseconds(100);
}  // namespace

ScpiSupplyPen::ScpiSupplyPen(ScpiSupplyPenSettings settings) : settings_(std::move(settings)) {}

ScpiSupplyPen::~ScpiSupplyPen() { power_off(); }

std::unique_ptr<transport::ReconnectingStream> ScpiSupplyPen::make_stream() const {
  const std::string host = settings_.host;
  const std::uint16_t port = settings_.port;
  return std::make_unique<transport::ReconnectingStream>(
      [host, port](transport::Deadline deadline) {
        return transport::TcpStream::connect(host, port, deadline);
      },
      transport::Backoff{}, fmt::format("tcp {}:{}", host, port));
}

template <typename Exchange>
auto ScpiSupplyPen::on_supply(const char* doing, Exchange exchange) const {
  std::lock_guard lock(session_mutex_);
  if (!client_) throw DriverError("pen", std::string(doing) + ": the supply is not connected");
  // A line that already failed is not waited on again: each exchange would cost its whole
  // timeout, and the run's cleanup would take the sum of them. Only stop and power-off still try.
  if (state_ == LifecycleState::fault) {
    throw DriverError("pen", "in fault after an earlier failure on its line");
  }
  try {
    return exchange(*client_);
  } catch (const std::runtime_error& e) {  // TransportError, ScpiError, ScpiReplyError
    if (transport::is_timeout(e)) ++timeouts_;
    state_ = LifecycleState::fault;
    const std::string what = fmt::format("bench supply, {}: {}", doing, e.what());
    fault_.note(what);
    throw DriverError("pen", what);
  }
}

void ScpiSupplyPen::configure(const core::PenIdentity& identity) {
  if (state_ == LifecycleState::active) {
    throw DriverError("pen", "configure() while active: deactivate first");
  }
  identity_ = identity;
  state_ = LifecycleState::inactive;
}

void ScpiSupplyPen::activate() {
  core::require_state(state_, LifecycleState::inactive, "pen", "activate()");
  {
    std::lock_guard lock(session_mutex_);
    session_ = make_stream();
    scpi::ScpiOptions options;
    options.timeout = settings_.timeout;
    client_ = std::make_unique<scpi::ScpiClient>(*session_, options);
  }
  if (settings_.safety_connection) {
    std::lock_guard lock(safety_mutex_);
    safety_ = make_stream();
  }
  state_ = LifecycleState::active;  // on_supply() moves it to fault if the supply fails
  instrument_identity_ = on_supply("identifying it", [](scpi::ScpiClient& c) {
    const scpi::Identity id = c.identify();
    return fmt::format("{},{},{},{}", id.manufacturer, id.model, id.serial, id.firmware);
  });
  on_supply("resetting it", [this](scpi::ScpiClient& c) {
    c.reset();  // output off
    c.command(fmt::format("CURR {:.6g}", settings_.current_limit_a));
    c.command(fmt::format("VOLT {:.6g}", settings_.level_voltages_v.front()));
  });
  if (safety_) {
    std::lock_guard lock(safety_mutex_);
    try {
      safety_->connect_now(transport::deadline_in(settings_.timeout));
    } catch (const transport::TransportError& e) {
      state_ = LifecycleState::fault;
      throw DriverError("pen", fmt::format("bench supply, opening its safety connection: {} "
                                           "(a supply that takes one connection only needs "
                                           "safety_connection: false)",
                                           e.what()));
    }
  }
}

void ScpiSupplyPen::deactivate() {
  power_off();
  std::lock_guard lock(session_mutex_);
  client_.reset();
  session_.reset();
  if (state_ != LifecycleState::fault) state_ = LifecycleState::inactive;
}

core::PenCapabilities ScpiSupplyPen::capabilities() const {
  core::PenCapabilities c;
  c.speed_levels = static_cast<int>(settings_.level_voltages_v.size());
  c.sets_depth = false;
  c.depth_min_mm = settings_.depth_min_mm;
  c.depth_max_mm = settings_.depth_max_mm;
  c.depth_step_mm = settings_.depth_step_mm;
  return c;
}

void ScpiSupplyPen::set_speed_level(int level) {
  if (level < 1 || level > static_cast<int>(settings_.level_voltages_v.size())) {
    throw DriverError(
        "pen", fmt::format("speed level must be in [1, {}]", settings_.level_voltages_v.size()));
  }
  const double volts = settings_.level_voltages_v[static_cast<std::size_t>(level - 1)];
  on_supply("setting the voltage",
            [volts](scpi::ScpiClient& c) { c.command(fmt::format("VOLT {:.6g}", volts)); });
}

void ScpiSupplyPen::set_frequency_hz(double /*frequency_hz*/) {
  throw DriverError("pen", "a pen on a bench supply takes speed levels, not a frequency");
}

void ScpiSupplyPen::set_depth_mm(double /*depth_mm*/) {
  throw DriverError("pen", "a pen on a bench supply has no electrical depth setting (its dial)");
}

void ScpiSupplyPen::power_on() {
  core::require_state(state_, LifecycleState::active, "pen", "power_on()");
  on_supply("switching the output on", [](scpi::ScpiClient& c) { c.command("OUTP ON"); });
  powered_ = true;
}

void ScpiSupplyPen::power_off() noexcept {
  powered_ = false;
  // Confirmed by *OPC? in the same message, so that the output is off when this returns; no
  // error-queue round trip (the session's next exchange reads the queue).
  const auto send_off = [](transport::ByteStream& stream) {
    try {
      const auto deadline = transport::deadline_in(kPowerOffDeadline);
      stream.discard_input();
      stream.write("OUTP OFF;*OPC?\n", deadline);
      return stream.read_until('\n', 64, deadline).starts_with("1");
    } catch (const std::exception&) {
      return false;
    }
  };
  {
    std::lock_guard lock(safety_mutex_);
    if (safety_ && send_off(*safety_)) return;
  }
  std::lock_guard lock(session_mutex_);
  if (session_) send_off(*session_);
}

core::PenStatus ScpiSupplyPen::status() const {
  core::PenStatus s;
  s.powered = powered_;
  s.fault = state_ == LifecycleState::fault;
  if (state_ == LifecycleState::active) {
    s.supply_current_a = on_supply(
        "reading the current", [](scpi::ScpiClient& c) { return c.query_number("MEAS:CURR?"); });
    if (!std::isfinite(*s.supply_current_a)) s.supply_current_a.reset();
  }
  return s;
}

core::InstrumentHealth ScpiSupplyPen::health() const {
  std::lock_guard lock(session_mutex_);
  core::InstrumentHealth h;
  h.peer = fmt::format("tcp {}:{}", settings_.host, settings_.port);
  h.identity = instrument_identity_;
  h.reconnects = session_ ? session_->reconnects() : 0;
  h.timeouts = timeouts_;
  h.fault = fault_.text();
  return h;
}

}  // namespace needlerig::rig::drivers
