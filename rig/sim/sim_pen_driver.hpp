#pragma once
// The simulated pen: a PenDriver over a shared SimWorld. Speed levels or a nominal frequency as
// the pen model allows, an electrical depth setting where it has one (else the operator turns
// the dial: SimWorld::turn_depth_dial_mm), status with the supply current.

#include <memory>

#include "rig/core/pen_driver.hpp"
#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::sim {

class SimPenDriver final : public core::PenDriver {
 public:
  explicit SimPenDriver(std::shared_ptr<SimWorld> world) : world_(std::move(world)) {}

  void configure(const core::PenIdentity& identity) override { world_->pen_configure(identity); }
  void activate() override { world_->pen_activate(); }
  void deactivate() override { world_->pen_deactivate(); }
  core::LifecycleState state() const override { return world_->pen_state(); }
  const core::PenIdentity& identity() const override { return world_->pen_identity(); }
  core::PenCapabilities capabilities() const override { return world_->pen_capabilities(); }
  void set_speed_level(int level) override { world_->pen_set_speed_level(level); }
  void set_frequency_hz(double frequency_hz) override {
    world_->pen_set_frequency_hz(frequency_hz);
  }
  void set_depth_mm(double depth_mm) override { world_->pen_set_depth_mm(depth_mm); }
  void power_on() override { world_->pen_power_on(); }
  void power_off() noexcept override { world_->pen_power_off(); }
  core::PenStatus status() const override { return world_->pen_status(); }

  core::InstrumentHealth health() const override {
    return {"needlerig simulated pen", "", 0, 0, 0, ""};
  }

 private:
  std::shared_ptr<SimWorld> world_;
};

}  // namespace needlerig::rig::sim
