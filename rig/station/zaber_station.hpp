#pragma once
// The "zaber" axis driver in a station file: the axis node's keys for a Zaber stage over the
// Zaber ASCII protocol, on a serial line or TCP.
//
//   axis:
//     driver: zaber
//     serial_device: /dev/ttyUSB0   # or host: and port: (an X-MCC's or a serial server's)
//     baud: 115200                  # default 115200
//     device: 1                     # the device number in the daisy chain (default 1)
//     axis_number: 1                # default 1
//     microsteps_per_mm: 20997.375  # the stage's resolution (X-LSM: 0.047625 um a microstep)
//     speed_units_per_mm_per_s: 34402.1   # default microsteps_per_mm x 1.6384
//     timeout_ms: 1000
//     max_speed_mm_per_s, travel_min_mm, travel_max_mm: as for every axis

#include <memory>
#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/drivers/zaber_axis.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

inline constexpr const char* kZaberDriver = "zaber";

struct ZaberDriverSettings final : DriverSettings {
  drivers::ZaberAxisSettings axis;
};

const std::vector<std::string_view>& zaber_keys();

std::shared_ptr<const ZaberDriverSettings> read_zaber_settings(const config::YamlMap& root,
                                                               const StationConfig& station);

}  // namespace needlerig::rig::station
