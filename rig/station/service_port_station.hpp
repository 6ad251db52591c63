#pragma once
// The "service-port" pen driver in a station file: the pen node's keys for a pen whose firmware
// speaks the pen service port (docs/pen-service-port.md), on a serial line or TCP.
//
//   pen:
//     driver: service-port
//     serial_device: /dev/ttyACM0   # or host: and port:
//     baud: 115200
//     timeout_ms: 1000

#include <memory>
#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/drivers/service_port_pen.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

inline constexpr const char* kServicePortDriver = "service-port";

struct ServicePortDriverSettings final : DriverSettings {
  drivers::ServicePortSettings pen;
};

const std::vector<std::string_view>& service_port_keys();

std::shared_ptr<const ServicePortDriverSettings> read_service_port_settings(
    const config::YamlMap& root, const StationConfig& station);

}  // namespace needlerig::rig::station
