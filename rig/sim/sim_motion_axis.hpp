#pragma once
// The simulated stage axis: a MotionAxis over a shared SimWorld. Constant-speed moves, a home
// switch at 0, soft limits from AxisConfig, force feedback from the load cell under the phantom.
// Moves block; while the DAQ is active they wait for the acquisition thread to advance world
// time (sim_world.hpp).

#include <memory>

#include "rig/core/motion_axis.hpp"
#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::sim {

class SimMotionAxis final : public core::MotionAxis {
 public:
  explicit SimMotionAxis(std::shared_ptr<SimWorld> world) : world_(std::move(world)) {}

  void configure(const core::AxisConfig& config) override { world_->axis_configure(config); }
  void activate() override { world_->axis_activate(); }
  void deactivate() override { world_->axis_deactivate(); }
  core::LifecycleState state() const override { return world_->axis_state(); }
  void home() override { world_->axis_home(); }
  void move_to(double position_mm, double speed_mm_per_s) override {
    world_->axis_move_to(position_mm, speed_mm_per_s);
  }
  core::ForceMoveResult move_until_force(double target_force_n, double speed_mm_per_s,
                                         double limit_mm) override {
    return world_->axis_move_until_force(target_force_n, speed_mm_per_s, limit_mm);
  }
  void stop() noexcept override { world_->axis_stop(); }
  double position_mm() const override { return world_->axis_position_mm(); }
  bool homed() const override { return world_->axis_homed(); }

 private:
  std::shared_ptr<SimWorld> world_;
};

}  // namespace needlerig::rig::sim
