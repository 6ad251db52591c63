// Station files naming real drivers: each driver's keys read from its role's node, a key of
// another driver refused by name, missing and malformed keys named with their line.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "rig/config/yaml_file.hpp"
#include "rig/station/scpi_supply_station.hpp"
#include "rig/station/station_config.hpp"
#include "rig/station/stream_tcp_station.hpp"
#include "tests/unit/config_test_support.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace t = needlerig::testing;
namespace station = needlerig::rig::station;
using station::load_station_config;

namespace {
/// fixtures/stations/sim.yaml with its relative paths made absolute (it is written elsewhere).
std::string sim_station_text() {
  std::ifstream in(t::fixture("stations/sim.yaml"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t at = text.find("../"); at != std::string::npos; at = text.find("../", at)) {
    text.replace(at, 3, std::string(NEEDLERIG_FIXTURES_DIR) + "/");
  }
  return text;
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

std::size_t line_of(const std::string& text, const std::string& part) {
  return 1 + static_cast<std::size_t>(
                 std::count(text.begin(), text.begin() + static_cast<long>(text.find(part)), '\n'));
}

void load(const std::filesystem::path& p) { load_station_config(p); }

/// A station file's top level, for a driver's settings reader on its own.
needlerig::rig::config::YamlMap root_of(const std::filesystem::path& p) {
  return {
      needlerig::rig::config::load_yaml_file(p.string()), p.string(), "", {"name", "daq", "pen"}};
}

const std::string kStreamDaq = "daq:\n  driver: stream-tcp\n  host: 10.0.0.60\n  port: 6000\n";
const std::string kSupplyPen =
    "pen:\n  driver: scpi-supply\n  host: 10.0.0.50\n  timeout_ms: 500\n"
    "  level_voltages_v: [6.0, 6.6, 7.2]\n  current_limit_a: 0.8\n  safety_connection: false\n"
    "  depth_range_mm: [0.0, 1.5]\n  depth_step_mm: 0.1\n";
}  // namespace

TEST_CASE("The stream DAQ's settings: host, port, timeout", "[station]") {
  const std::string text = "name: bench\n" + kStreamDaq;
  const t::TempFile f("station.yaml", text);
  const auto settings = station::read_stream_tcp_settings(root_of(f.path()), {});
  CHECK(settings->daq.host == "10.0.0.60");
  CHECK(settings->daq.port == 6000);
  CHECK(settings->daq.timeout == std::chrono::milliseconds(2000));
  const std::string bad = with(text, "port: 6000", "port: 70000");
  const t::TempFile g("station.yaml", bad);
  CHECK_THROWS_WITH(station::read_stream_tcp_settings(root_of(g.path()), {}),
                    Catch::Contains("daq.port") && Catch::Contains(":5:"));
  const t::TempFile h("station.yaml", "name: bench\ndaq:\n  driver: stream-tcp\n");
  CHECK_THROWS_WITH(station::read_stream_tcp_settings(root_of(h.path()), {}),
                    Catch::Contains("daq.host"));
}

TEST_CASE("Station keys of the wrong driver, missing or malformed, are refused by line",
          "[station]") {
  const std::string base = sim_station_text();
  {
    // A host on a simulated DAQ: a key of another driver of the role.
    const std::string text =
        with(base, "daq:\n  driver: sim\n", "daq:\n  driver: sim\n  host: x\n");
    const t::TempFile f("station.yaml", text);
    t::check_error(load, f.path(), line_of(text, "  host: x"), "daq.host");
    CHECK_THROWS_WITH(load(f.path()), Catch::Contains("not a setting of the 'sim' driver"));
  }
  {
    // A real DAQ beside a simulated axis and pen: two worlds, refused naming the real one.
    const std::string text = with(base, "daq:\n  driver: sim\n", kStreamDaq);
    const t::TempFile f("station.yaml", text);
    t::check_error(load, f.path(), line_of(text, "driver: stream-tcp"), "daq.driver");
    CHECK_THROWS_WITH(load(f.path()), Catch::Contains("simulates all its roles or none"));
  }
}

TEST_CASE("The supply pen's settings: voltages per level, limits, the dial", "[station]") {
  const std::string text = "name: bench\n" + kSupplyPen;
  const t::TempFile f("station.yaml", text);
  const auto settings = station::read_scpi_supply_settings(root_of(f.path()), {});
  CHECK(settings->pen.host == "10.0.0.50");
  CHECK(settings->pen.port == 5025);
  CHECK(settings->pen.timeout == std::chrono::milliseconds(500));
  CHECK(settings->pen.level_voltages_v == std::vector<double>{6.0, 6.6, 7.2});
  CHECK(settings->pen.current_limit_a == 0.8);
  CHECK_FALSE(settings->pen.safety_connection);
  CHECK(settings->pen.depth_max_mm == 1.5);
  CHECK(settings->pen.depth_step_mm == 0.1);

  const std::string falling = with(text, "[6.0, 6.6, 7.2]", "[6.0, 5.0, 7.2]");
  const t::TempFile g("station.yaml", falling);
  CHECK_THROWS_WITH(station::read_scpi_supply_settings(root_of(g.path()), {}),
                    Catch::Contains("pen.level_voltages_v") && Catch::Contains(":6:"));

  // Beside a simulated DAQ and axis: refused before anything is made.
  const std::string mixed =
      with(with(sim_station_text(), "pen:\n  driver: sim\n", kSupplyPen), "  model:", "  #");
  const t::TempFile m("station.yaml", mixed);
  t::check_error(load, m.path(), line_of(mixed, "driver: scpi-supply"), "pen.driver");
}
