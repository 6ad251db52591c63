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
  record.instruments.clear();
  if (drivers.daq) record.instruments.push_back({"daq", config.daq_driver, drivers.daq->health()});
  if (drivers.axis) {
    record.instruments.push_back({"axis", config.axis_driver, drivers.axis->health()});
  }
  if (drivers.pen) record.instruments.push_back({"pen", config.pen_driver, drivers.pen->health()});
}

}  // namespace needlerig::rig::station
