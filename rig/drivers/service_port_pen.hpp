#pragma once
// The pen role over the pen service port (docs/pen-service-port.md), the line protocol the
// project defines for pen firmware, on a serial line or TCP: identity and capabilities from the
// pen itself (IDENT?, CAPS?), speed levels or a frequency, an electrical depth where the pen has
// one, run and stop, and the status with the motor current.
//
// power_off() may come from any thread: a serial line carries one exchange at a time, so it
// waits for the one in progress (at most its timeout), then sends STOP.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "rig/core/pen_driver.hpp"
#include "rig/drivers/line_session.hpp"
#include "rig/service_port/service_port_protocol.hpp"
#include "rig/transport/line_endpoint.hpp"

namespace needlerig::rig::drivers {

struct ServicePortSettings {
  transport::LineEndpoint line;
  std::chrono::milliseconds timeout{1'000};
};

class ServicePortPen final : public core::PenDriver {
 public:
  explicit ServicePortPen(ServicePortSettings settings);
  ~ServicePortPen() override;

  void configure(const core::PenIdentity& identity) override;
  void activate() override;
  void deactivate() override;
  core::LifecycleState state() const override { return state_.load(); }
  const core::PenIdentity& identity() const override { return identity_; }
  core::PenCapabilities capabilities() const override { return capabilities_; }

  void set_speed_level(int level) override;
  void set_frequency_hz(double frequency_hz) override;
  void set_depth_mm(double depth_mm) override;
  void power_on() override;
  void power_off() noexcept override;
  core::PenStatus status() const override;

  /// The pen's own identity (model, serial, firmware) and the line's record.
  core::InstrumentHealth health() const override;

 private:
  /// One command and its reply; an ERR reply, a timeout, a closed line or garbage becomes a
  /// DriverError (a fault, except for ERR).
  service_port::Reply exchange(const std::string& command) const;

  ServicePortSettings settings_;
  core::PenIdentity identity_;
  core::PenCapabilities capabilities_;
  std::string firmware_identity_;
  mutable std::atomic<core::LifecycleState> state_{core::LifecycleState::unconfigured};
  mutable LineSession line_;
};

}  // namespace needlerig::rig::drivers
