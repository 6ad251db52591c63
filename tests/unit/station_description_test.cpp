#include "rig/station/station_description.hpp"

#include <catch2/catch.hpp>

#include "tests/unit/sim_test_support.hpp"

using needlerig::rig::sim::SimMode;
using needlerig::rig::station::describe_station;
using needlerig::rig::station::DriverOptions;
using needlerig::rig::station::Drivers;
using needlerig::rig::station::make_drivers;
using needlerig::rig::station::station_mode;

TEST_CASE("The station's mode says whether a run was simulated, and how", "[station]") {
  auto config = needlerig::testing::sim_station();
  // The pacing the drivers were made with, not the file's, is what ran.
  needlerig::rig::station::edit_sim_world_config(config).mode = SimMode::real_time;
  CHECK(station_mode(config, make_drivers(config)) == "simulated real time");
  DriverOptions options;
  options.edit_sim_world = [](needlerig::rig::sim::SimWorldConfig& w) { w.mode = SimMode::fast; };
  const Drivers drivers = make_drivers(config, options);
  CHECK(station_mode(config, drivers) == "simulated fast");

  config.daq_driver = "ni-daqmx";
  CHECK(station_mode(config, drivers) == "partly simulated");
  config.axis_driver = "zaber";
  config.pen_driver = "serial-pen";
  CHECK(station_mode(config, drivers) == "real");
}

TEST_CASE("A run record names the station, its drivers and its mode", "[station]") {
  const auto config = needlerig::testing::sim_station();
  needlerig::rig::record::RunRecord record;
  describe_station(record, config, make_drivers(config));
  CHECK(record.station_name == config.name);
  CHECK(record.station_drivers.daq == "sim");
  CHECK(record.station_drivers.axis == "sim");
  CHECK(record.station_drivers.pen == "sim");
  CHECK(record.station_mode == "simulated fast");
  // Each role's instrument, as it identifies itself.
  REQUIRE(record.instruments.size() == 3);
  CHECK(record.instruments[0].role == "daq");
  CHECK(record.instruments[0].driver == "sim");
  CHECK(record.instruments[0].health.identity == "needlerig simulated DAQ");
  CHECK(record.instruments[2].health.peer.empty());
}
