#pragma once
// The motion-axis role played by a Zaber stage over the Zaber ASCII protocol, on a serial line
// (115200 baud, 8N1 by default) or a TCP socket (a Zaber X-MCC's or a serial server's). Positions
// are the stage's microsteps (`microsteps_per_mm` from the station file), speeds its native speed
// unit (microsteps/s x 1.6384 on current firmware, `speed_units_per_mm_per_s`).
//
// Commands are acknowledged when accepted, not when the stage arrives: moving() asks the stage's
// status (BUSY/IDLE), homed() follows the "no reference" warning (WR), and a fault flag (FS stall,
// FD driver disabled, FF critical, ...) moves the role to fault with a DriverError. Every exchange
// has the station's timeout; a rejected command (RJ) is a DriverError naming the reason.
//
// stop() may come from any thread: it waits for the exchange in progress (a serial line carries
// one at a time; at most its timeout), then sends `stop`.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "rig/core/motion_axis.hpp"
#include "rig/drivers/line_session.hpp"
#include "rig/transport/line_endpoint.hpp"
#include "rig/zaber/zaber_protocol.hpp"

namespace needlerig::rig::drivers {

struct ZaberAxisSettings {
  transport::LineEndpoint line;
  int device = 1;
  int axis = 1;
  double microsteps_per_mm = 20'997.375;  // X-LSM: 0.047625 um a microstep
  double speed_units_per_mm_per_s = 20'997.375 * 1.6384;
  std::chrono::milliseconds timeout{1'000};
};

class ZaberAxis final : public core::MotionAxis {
 public:
  explicit ZaberAxis(ZaberAxisSettings settings);
  ~ZaberAxis() override;

  void configure(const core::AxisConfig& config) override;
  void activate() override;
  void deactivate() override;
  core::LifecycleState state() const override { return state_.load(); }
  void home() override;
  void move_to(double position_mm, double speed_mm_per_s) override;
  void stop() noexcept override;
  bool moving() const override;
  double position_mm() const override;
  bool homed() const override;

  core::InstrumentHealth health() const override;

 private:
  /// Sends one command and returns the device's reply to it (alerts and info lines skipped);
  /// a timeout, a closed line, garbage or a rejection becomes a DriverError (and a fault, except
  /// for a rejection).
  zaber::ZaberReply exchange(const std::string& command) const;
  void check_flags(const zaber::ZaberReply& reply) const;
  std::string command(const std::string& words) const;

  ZaberAxisSettings settings_;
  core::AxisConfig config_;
  mutable std::atomic<core::LifecycleState> state_{core::LifecycleState::unconfigured};
  mutable LineSession line_;
  std::string identity_;
  mutable std::atomic<bool> homing_{false};  // a home() not yet seen finished
};

}  // namespace needlerig::rig::drivers
