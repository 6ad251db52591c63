#pragma once
// The keys of a line-protocol instrument's node in a station file: `serial_device` (and `baud`,
// default 115200) or `host` and `port`, one of the two.

#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/transport/line_endpoint.hpp"

namespace needlerig::rig::station {

const std::vector<std::string_view>& line_endpoint_keys();

/// Throws config::ConfigError naming the key when neither or both are given, or a value is bad.
transport::LineEndpoint read_line_endpoint(const config::YamlMap& node);

}  // namespace needlerig::rig::station
