#pragma once
// The simulated DAQ: a StreamSource over a shared SimWorld (see sim_world.hpp for how reading
// blocks advances world time). Channels protrusion_mm, force_N and optionally motor_current_A,
// as raw int32 codes with their scale, offset and full scale in ChannelInfo.

#include <memory>

#include "rig/core/stream_source.hpp"
#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::sim {

class SimStreamSource final : public core::StreamSource {
 public:
  explicit SimStreamSource(std::shared_ptr<SimWorld> world) : world_(std::move(world)) {}

  void configure(const core::StreamConfig& config) override { world_->daq_configure(config); }
  void activate() override { world_->daq_activate(); }
  void deactivate() override { world_->daq_deactivate(); }
  core::LifecycleState state() const override { return world_->daq_state(); }
  const std::vector<core::ChannelInfo>& channels() const override { return world_->daq_channels(); }
  double sample_rate_hz() const override { return world_->daq_rate_hz(); }
  core::ReadStatus read_block(core::SampleBlock& block, std::chrono::nanoseconds timeout) override {
    return world_->daq_read(block, timeout);
  }
  bool free_running() const override { return world_->daq_free_running(); }

  core::InstrumentHealth health() const override {
    return {"needlerig simulated DAQ", "", 0, 0, 0, ""};
  }

 private:
  std::shared_ptr<SimWorld> world_;
};

}  // namespace needlerig::rig::sim
