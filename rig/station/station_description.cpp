#include "rig/station/station_description.hpp"

#include <algorithm>
#include <array>

namespace needlerig::rig::station {

std::string station_mode(const StationConfig& config, const DriverOptions& options) {
  const std::array<const std::string*, 3> drivers{&config.daq_driver, &config.axis_driver,
                                                  &config.pen_driver};
  const auto simulated = std::ranges::count_if(drivers, [](const auto* d) { return *d == "sim"; });
  if (simulated == 0) return "real";
  if (simulated < static_cast<std::ptrdiff_t>(drivers.size())) return "partly simulated";
  switch (options.mode.value_or(config.sim.mode)) {
    case sim::SimMode::fast:
      return "simulated fast";
    case sim::SimMode::real_time:
      return "simulated real time";
  }
  return "simulated";
}

void describe_station(record::RunRecord& record, const StationConfig& config,
                      const DriverOptions& options) {
  record.station_name = config.name;
  record.station_drivers = {config.daq_driver, config.axis_driver, config.pen_driver};
  record.station_mode = station_mode(config, options);
}

}  // namespace needlerig::rig::station
