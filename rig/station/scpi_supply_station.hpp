#pragma once
// The "scpi-supply" pen driver in a station file: the pen node's keys for a pen powered from a
// programmable bench supply over SCPI (rig/drivers/scpi_supply_pen.hpp).
//
//   pen:
//     driver: scpi-supply
//     host: 192.168.1.50          # the supply's LAN address
//     port: 5025                  # its raw SCPI socket (default 5025)
//     timeout_ms: 1000            # each exchange (default 1000)
//     level_voltages_v: [6.0, 6.6, 7.2, 7.8, 8.4, 9.0]   # speed level 1..n
//     current_limit_a: 1.0        # the supply's current limit (default 1 A)
//     safety_connection: true     # power_off over a second connection (default true)
//     depth_range_mm: [0.0, 1.5]  # the pen's dial
//     depth_step_mm: 0.1

#include <memory>
#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/drivers/scpi_supply_pen.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

inline constexpr const char* kScpiSupplyDriver = "scpi-supply";

struct ScpiSupplyDriverSettings final : DriverSettings {
  drivers::ScpiSupplyPenSettings pen;
};

/// The pen node's keys the driver reads (beside `driver`).
const std::vector<std::string_view>& scpi_supply_keys();

/// Reads the pen node's settings. Throws config::ConfigError naming the file, line and key.
std::shared_ptr<const ScpiSupplyDriverSettings> read_scpi_supply_settings(
    const config::YamlMap& root, const StationConfig& station);

}  // namespace needlerig::rig::station
