#pragma once
// What a run record says about the station: its name, the driver of each role and whether the
// run was real or simulated (and how), so that a result from the simulator can never be taken for
// one measured on a pen.

#include <string>

#include "rig/record/run_record.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

/// "simulated fast" or "simulated real time" when every role is simulated (the pacing the
/// drivers were made with), "real" when none is, else "partly simulated".
std::string station_mode(const StationConfig& config, const Drivers& drivers);

/// Fills station_name, station_drivers, station_mode and each role's instrument record (read at
/// the end of the run: the counts are the whole run's).
void describe_station(record::RunRecord& record, const StationConfig& config,
                      const Drivers& drivers);

}  // namespace needlerig::rig::station
