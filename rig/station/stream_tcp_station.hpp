#pragma once
// The "stream-tcp" DAQ driver in a station file: the DAQ node's keys for a DAQ (or a bridge in
// front of one) that streams over the needlerig stream protocol (docs/stream-protocol.md).
//
//   daq:
//     driver: stream-tcp
//     host: 192.168.1.60
//     port: 5027          # default 5027
//     timeout_ms: 2000    # connecting and each control exchange (default 2000)
//     sample_rate_hz, block_samples, channels: as for every DAQ

#include <memory>
#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/drivers/stream_tcp_source.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

inline constexpr const char* kStreamTcpDriver = "stream-tcp";

struct StreamTcpDriverSettings final : DriverSettings {
  drivers::StreamTcpSettings daq;
};

const std::vector<std::string_view>& stream_tcp_keys();

std::shared_ptr<const StreamTcpDriverSettings> read_stream_tcp_settings(
    const config::YamlMap& root, const StationConfig& station);

}  // namespace needlerig::rig::station
