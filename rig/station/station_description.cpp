#include "rig/station/station_description.hpp"

#include <algorithm>
#include <array>

namespace needlerig::rig::station {

std::string station_mode(const StationConfig& config, const Drivers& drivers) {
  const std::array<const std::string*, 3> named{&config.daq_driver, &config.axis_driver,
                                                &config.pen_driver};
  const auto simulated = std::ranges::count_if(named, [](const auto* d) { return *d == "sim"; });
  if (simulated == 0) return "real";
  if (simulated < static_cast<std::ptrdiff_t>(named.size())) return "partly simulated";
  return drivers.simulation ? "simulated " + *drivers.simulation : "simulated";
}

void describe_station(record::RunRecord& record, const StationConfig& config,
                      const Drivers& drivers) {
  record.station_name = config.name;
  record.station_drivers = {config.daq_driver, config.axis_driver, config.pen_driver};
  record.station_mode = station_mode(config, drivers);
}

}  // namespace needlerig::rig::station
