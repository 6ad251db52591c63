#pragma once
// The "sigrok" DAQ driver in a station file: the DAQ node's keys for a DAQ, oscilloscope or meter
// that libsigrok drives (rig/drivers/sigrok_source.hpp).
//
//   daq:
//     driver: sigrok
//     sigrok_driver: demo        # the libsigrok driver (`sigrok-cli -L` lists them)
//     conn: /dev/ttyUSB0         # sigrok's connection string; left out: the driver's own scan
//     sigrok_channels: [A0, A1]  # the device's analog channel for each of `channels`, in order
//     code_resolution: 1.0e-6    # device units (V) a code (default 1e-6)
//     buffer_s: 2.0              # samples held for the rig between reads (default 2 s)
//     sample_rate_hz, block_samples, channels: as for every DAQ (scale: the channel's unit a code)

#include <memory>
#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/drivers/sigrok_source.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

inline constexpr const char* kSigrokDriver = "sigrok";

struct SigrokDriverSettings final : DriverSettings {
  drivers::SigrokSettings daq;
};

const std::vector<std::string_view>& sigrok_keys();

std::shared_ptr<const SigrokDriverSettings> read_sigrok_settings(const config::YamlMap& root,
                                                                 const StationConfig& station);

}  // namespace needlerig::rig::station
