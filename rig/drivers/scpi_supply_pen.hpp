#pragma once
// The pen role played by a programmable bench supply over SCPI (the common Keysight/Rigol set:
// VOLT, CURR, OUTP ON|OFF, MEAS:VOLT?, MEAS:CURR?), for pens whose motor runs from a DC supply:
// the speed level is the voltage the station file gives for it, the motor current is read with
// MEAS:CURR?, the depth is the pen's dial (the operator turns it).
//
// power_off() may come from any thread while another exchange is in progress (an abort, a
// safety trip): it goes over a second connection to the supply, kept open from activate() for
// nothing else, so that it never waits behind a slow exchange. A supply that accepts one
// connection only is run with `safety_connection: false`: power_off() then waits for the
// exchange in progress (at most its timeout).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/pen_driver.hpp"
#include "rig/drivers/fault_note.hpp"
#include "rig/scpi/scpi_client.hpp"
#include "rig/transport/reconnecting_stream.hpp"

namespace needlerig::rig::drivers {

struct ScpiSupplyPenSettings {
  std::string host;
  std::uint16_t port = 5025;
  std::chrono::milliseconds timeout{1'000};
  std::vector<double> level_voltages_v;  // the supply voltage of speed level 1..n
  double current_limit_a = 1.0;
  bool safety_connection = true;
  double depth_min_mm = 0.0;  // the pen's dial
  double depth_max_mm = 2.5;
  double depth_step_mm = 0.25;
};

class ScpiSupplyPen final : public core::PenDriver {
 public:
  explicit ScpiSupplyPen(ScpiSupplyPenSettings settings);
  ~ScpiSupplyPen() override;

  void configure(const core::PenIdentity& identity) override;
  void activate() override;
  void deactivate() override;
  core::LifecycleState state() const override { return state_.load(); }
  const core::PenIdentity& identity() const override { return identity_; }
  core::PenCapabilities capabilities() const override;

  void set_speed_level(int level) override;
  void set_frequency_hz(double frequency_hz) override;
  void set_depth_mm(double depth_mm) override;
  void power_on() override;
  void power_off() noexcept override;
  core::PenStatus status() const override;

  core::InstrumentHealth health() const override;

 private:
  /// Runs `exchange` on the supply under the session lock; a transport or instrument failure
  /// moves the pen to fault and becomes a DriverError naming the supply.
  template <typename Exchange>
  auto on_supply(const char* doing, Exchange exchange) const;
  std::unique_ptr<transport::ReconnectingStream> make_stream() const;

  ScpiSupplyPenSettings settings_;
  core::PenIdentity identity_;
  mutable std::atomic<core::LifecycleState> state_{core::LifecycleState::unconfigured};
  std::atomic<bool> powered_{false};

  mutable std::mutex session_mutex_;  // the sequencer's exchanges
  std::unique_ptr<transport::ReconnectingStream> session_;
  std::unique_ptr<scpi::ScpiClient> client_;
  std::string instrument_identity_;
  mutable int timeouts_ = 0;
  mutable FaultNote fault_;

  std::mutex safety_mutex_;  // power_off() from any thread
  std::unique_ptr<transport::ReconnectingStream> safety_;
};

}  // namespace needlerig::rig::drivers
