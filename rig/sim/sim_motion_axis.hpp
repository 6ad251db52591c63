#pragma once
// The simulated stage axis: a MotionAxis over a shared SimWorld. Constant-speed moves (no
// acceleration), a home switch at 0, soft limits from AxisConfig. Moves advance as the DAQ is
// read (sim_world.hpp).

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
  void stop() noexcept override { world_->axis_stop(); }
  bool moving() const override { return world_->axis_moving(); }
  double position_mm() const override { return world_->axis_position_mm(); }
  bool homed() const override { return world_->axis_homed(); }

  core::InstrumentHealth health() const override {
    return {"needlerig simulated stage", "", 0, 0, 0, ""};
  }

 private:
  std::shared_ptr<SimWorld> world_;
};

}  // namespace needlerig::rig::sim
