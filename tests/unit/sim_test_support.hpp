#pragma once
// Shared by the [sim] tests: a simulated station from fixtures/stations/sim-fixed-speed.yaml (the
// fixed-speed pen the world tests are written for), brought up and running, and a capture
// collected from its DAQ blocks.

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/capture.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::testing {

inline std::string fixture(const std::string& relative) {
  return std::string(NEEDLERIG_FIXTURES_DIR) + "/" + relative;
}

inline rig::station::StationConfig sim_station() {
  return rig::station::load_station_config(fixture("stations/sim-fixed-speed.yaml"));
}

/// Configures and activates all three roles.
inline void bring_up(rig::station::Drivers& d, const rig::station::StationConfig& config) {
  d.daq->configure(config.stream);
  d.axis->configure(config.axis);
  d.pen->configure({});
  d.axis->activate();
  d.pen->activate();
}

inline rig::core::SampleBlock make_block(const rig::core::StreamSource& daq,
                                         const rig::station::StationConfig& config) {
  rig::core::SampleBlock block;
  block.codes.resize(config.stream.block_samples * daq.channels().size());
  return block;
}

/// Reads the (active) DAQ block by block, the way the simulated world advances, until `done`
/// (called after each block with the world) says so or `limit_s` of samples were read. Returns
/// the samples read.
template <typename Done>
std::uint64_t read_until(rig::station::Drivers& d, const rig::station::StationConfig& config,
                         double limit_s, Done done) {
  auto block = make_block(*d.daq, config);
  std::uint64_t samples = 0;
  const double limit = limit_s * config.stream.sample_rate_hz;
  while (static_cast<double>(samples) < limit) {
    if (d.daq->read_block(block, std::chrono::milliseconds(100)) == rig::core::ReadStatus::ok) {
      samples += block.sample_count;
    }
    if (done()) break;
  }
  return samples;
}

/// Homes the axis (the DAQ must be active: the world moves only as it is read).
inline void home(rig::station::Drivers& d, const rig::station::StationConfig& config) {
  d.axis->home();
  read_until(d, config, 60.0, [&d] { return !d.axis->moving(); });
}

/// Moves towards `limit_mm` until the noise-free load-cell force reaches `force_n` (checked after
/// every block), then stops. True when the force was reached.
inline bool approach(rig::station::Drivers& d, const rig::station::StationConfig& config,
                     double force_n, double speed_mm_per_s, double limit_mm) {
  d.axis->move_to(limit_mm, speed_mm_per_s);
  bool reached = false;
  read_until(d, config, 120.0, [&] {
    reached = d.sim_world->load_cell_force_n() >= force_n;
    if (reached) d.axis->stop();
    return !d.axis->moving();
  });
  return reached;
}

/// The pen running on the phantom at 1 N preload and the DAQ active, its sample 0 at the pen's
/// power-on: where most [sim] tests start.
inline rig::station::Drivers running_station(const rig::station::StationConfig& config,
                                             const rig::station::DriverOptions& options = {}) {
  auto d = rig::station::make_drivers(config, options);
  bring_up(d, config);
  d.daq->activate();
  home(d, config);
  approach(d, config, 1.0, 2.0, 35.0);
  d.daq->deactivate();
  d.pen->power_on();
  d.daq->activate();
  return d;
}

/// The samples of blocks in physical units, by channel id (index-aligned, with their indices).
struct Collected {
  std::vector<std::uint64_t> index;
  std::vector<double> protrusion_mm;
  std::vector<double> force_n;
  std::vector<double> current_a;
  std::vector<rig::core::ReadStatus> statuses;
};

/// Reads blocks (fast mode) until `samples` samples have been read or a read answers
/// disconnected.
inline Collected collect(rig::core::StreamSource& daq, std::size_t samples,
                         const rig::station::StationConfig& config) {
  Collected out;
  rig::core::SampleBlock block = make_block(daq, config);
  const auto& channels = daq.channels();
  while (out.index.size() < samples) {
    const auto status = daq.read_block(block, std::chrono::milliseconds(100));
    out.statuses.push_back(status);
    if (status == rig::core::ReadStatus::disconnected) break;
    if (status == rig::core::ReadStatus::timeout) continue;
    for (std::size_t s = 0; s < block.sample_count; ++s) {
      out.index.push_back(block.first_sample_index + s);
      for (std::size_t c = 0; c < channels.size(); ++c) {
        const double x = channels[c].offset + channels[c].scale * block.code(s, c);
        if (channels[c].id == "protrusion_mm") out.protrusion_mm.push_back(x);
        if (channels[c].id == "force_N") out.force_n.push_back(x);
        if (channels[c].id == "motor_current_A") out.current_a.push_back(x);
      }
    }
  }
  return out;
}

/// Samples [first, first + count) of a contiguous collection as an analysis capture (t = 0 at
/// the first).
inline analysis::Capture to_capture(const Collected& c, std::size_t first, std::size_t count,
                                    double rate_hz) {
  analysis::Capture capture;
  capture.source = "simulated station";
  capture.sample_rate_hz = rate_hz;
  capture.metadata.sample_rate_hz = rate_hz;
  const auto n = static_cast<Eigen::Index>(count);
  capture.time_s.resize(n);
  capture.protrusion_mm.resize(n);
  capture.force_n.resize(n);
  for (Eigen::Index k = 0; k < n; ++k) {
    const std::size_t i = first + static_cast<std::size_t>(k);
    capture.time_s(k) = static_cast<double>(c.index[i] - c.index[first]) / rate_hz;
    capture.protrusion_mm(k) = c.protrusion_mm[i];
    capture.force_n(k) = c.force_n[i];
  }
  return capture;
}

}  // namespace needlerig::testing
