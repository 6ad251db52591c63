#include "rig/station/service_port_station.hpp"

#include <chrono>

#include "rig/station/line_endpoint_keys.hpp"

namespace needlerig::rig::station {

const std::vector<std::string_view>& service_port_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k = line_endpoint_keys();
    k.emplace_back("timeout_ms");
    return k;
  }();
  return keys;
}

std::shared_ptr<const ServicePortDriverSettings> read_service_port_settings(
    const config::YamlMap& root, const StationConfig& /*station*/) {
  std::vector<std::string_view> keys = service_port_keys();
  keys.emplace_back("driver");
  const auto m = root.map("pen", keys);
  auto settings = std::make_shared<ServicePortDriverSettings>();
  settings->pen.line = read_line_endpoint(m);
  settings->pen.timeout =
      std::chrono::milliseconds(m.integer_in_or("timeout_ms", 10, 60'000, 1'000));
  return settings;
}

}  // namespace needlerig::rig::station
