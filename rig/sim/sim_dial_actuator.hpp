#pragma once
// The simulated operator's hand on a simulated pen's depth dial: a DialActuator over a shared
// SimWorld (SimWorld::turn_depth_dial_mm), instantaneous and never jamming.

#include <memory>
#include <string>

#include "rig/core/dial_actuator.hpp"
#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::sim {

class SimDialActuator final : public core::DialActuator {
 public:
  explicit SimDialActuator(std::shared_ptr<SimWorld> world) : world_(std::move(world)) {}
  std::string turn_to_mm(double depth_mm) override {
    world_->turn_depth_dial_mm(depth_mm);
    return "turned by the simulated operator";
  }

 private:
  std::shared_ptr<SimWorld> world_;
};

}  // namespace needlerig::rig::sim
