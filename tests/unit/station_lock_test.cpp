// One run at a time on a station with real instruments; simulated stations run side by side.

#include "rig/station/station_lock.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <optional>

namespace {

namespace fs = std::filesystem;
using needlerig::rig::station::has_real_instruments;
using needlerig::rig::station::StationBusy;
using needlerig::rig::station::StationConfig;
using needlerig::rig::station::StationLock;

/// Points NEEDLERIG_LOCK_DIR at a fresh directory for the test.
struct LockDir {
  fs::path path = fs::temp_directory_path() / ("needlerig-locks-" + std::to_string(::getpid()));
  LockDir() {
    fs::remove_all(path);
    fs::create_directories(path);
    ::setenv("NEEDLERIG_LOCK_DIR", path.c_str(), 1);
  }
  ~LockDir() {
    ::unsetenv("NEEDLERIG_LOCK_DIR");
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

StationConfig station(const std::string& daq_driver) {
  StationConfig config;
  config.name = "bench 1/line A";
  config.daq_driver = daq_driver;
  config.axis_driver = "sim";
  config.pen_driver = "sim";
  return config;
}

}  // namespace

TEST_CASE("a station with real instruments is locked by its run", "[station]") {
  LockDir dir;
  std::optional<StationLock> first = StationLock::acquire_for(station("scpi-daq"));
  REQUIRE(first);
  CHECK(first->path().parent_path() == dir.path);
  CHECK(first->path().filename() == "needlerig-station-bench_1_line_A.lock");
  // A second run on it (another descriptor: flock locks are per open file) is refused, naming
  // the holder.
  CHECK_THROWS_AS(StationLock::acquire_for(station("scpi-daq")), StationBusy);
  CHECK_THROWS_WITH(StationLock::acquire_for(station("scpi-daq")),
                    Catch::Contains("in use by another run") &&
                        Catch::Contains("process " + std::to_string(::getpid())));
  // The lock goes with its run.
  first.reset();
  CHECK_NOTHROW(StationLock::acquire_for(station("scpi-daq")));
}

TEST_CASE("simulated stations are not locked: they run side by side", "[station]") {
  LockDir dir;
  CHECK_FALSE(has_real_instruments(station("sim")));
  CHECK(has_real_instruments(station("scpi-daq")));
  const auto a = StationLock::acquire_for(station("sim"));
  const auto b = StationLock::acquire_for(station("sim"));
  CHECK_FALSE(a);
  CHECK_FALSE(b);
  CHECK(fs::is_empty(dir.path));
}

TEST_CASE("a lock directory that cannot be used is a clear refusal", "[station]") {
  ::setenv("NEEDLERIG_LOCK_DIR", "/proc/needlerig-no-such-dir", 1);
  CHECK_THROWS_WITH(StationLock::acquire("bench"),
                    Catch::Contains("station 'bench'") && Catch::Contains("cannot be opened"));
  ::unsetenv("NEEDLERIG_LOCK_DIR");
}
