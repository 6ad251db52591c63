#pragma once
// The "scpi-burst" DAQ driver in a station file: the DAQ node's keys for an oscilloscope or DAQ
// that captures bursts and transfers them over SCPI (docs/burst-daq.md).
//
//   daq:
//     driver: scpi-burst
//     host: 192.168.1.61
//     port: 5026              # default 5026
//     timeout_ms: 2000        # connecting and each exchange (default 2000)
//     burst_samples: 1000     # samples of each channel in one burst (default 1000)
//     poll_interval_ms: 2     # how often to ask whether a burst is ready (default 2)
//     sample_rate_hz, block_samples, channels: as for every DAQ

#include <memory>
#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/drivers/scpi_burst_source.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

inline constexpr const char* kScpiBurstDriver = "scpi-burst";

struct ScpiBurstDriverSettings final : DriverSettings {
  drivers::ScpiBurstSettings daq;
};

const std::vector<std::string_view>& scpi_burst_keys();

std::shared_ptr<const ScpiBurstDriverSettings> read_scpi_burst_settings(
    const config::YamlMap& root, const StationConfig& station);

}  // namespace needlerig::rig::station
