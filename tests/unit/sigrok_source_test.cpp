// The sigrok DAQ driver on libsigrok's own demo device (a square wave on A0, a sine of 20 samples
// a period on A1, both +-10 V, paced at the sample rate), loaded from a station file: every sample
// arrives, in order, on the channel the station names; a rig that reads too late loses samples as
// a counted overrun; a device or channel that is not there is refused by name.
#include "rig/drivers/sigrok_source.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/station/sigrok_station.hpp"
#include "rig/station/station_config.hpp"
#include "tests/unit/config_test_support.hpp"
#include "tests/unit/daq_test_support.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace t = needlerig::testing;
using needlerig::testing::block_for;
namespace station = needlerig::rig::station;
using needlerig::rig::core::DriverError;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::core::ReadStatus;
using needlerig::rig::drivers::SigrokSettings;
using needlerig::rig::drivers::SigrokSource;
using namespace std::chrono_literals;

namespace {
constexpr std::size_t kSinePeriod = 20;  // the demo device's analog pattern, in samples

std::string demo_station_text() {
  std::ifstream in(t::fixture("stations/sigrok-demo.yaml"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

SigrokSettings demo_settings() {
  const auto config = station::load_station_config(t::fixture("stations/sigrok-demo.yaml"));
  const auto& settings = dynamic_cast<const station::SigrokDriverSettings&>(
      *config.driver_settings.at(station::kSigrokDriver));
  return settings.daq;
}

}  // namespace

TEST_CASE("sigrok DAQ: the demo device's samples arrive whole, in order, on the named channels",
          "[drivers][sigrok]") {
  const auto config = station::load_station_config(t::fixture("stations/sigrok-demo.yaml"));
  CHECK(config.daq_driver == "sigrok");
  SigrokSource daq(demo_settings());
  daq.configure(config.stream);
  REQUIRE(daq.channels().size() == 2);
  CHECK(daq.channels()[0].id == "protrusion_mm");
  CHECK(daq.channels()[0].code_max == 12'000);  // 12 mm at 1 um a code
  CHECK(daq.health().identity.find("Demo device") != std::string::npos);
  auto block = block_for(config.stream.block_samples, 2);
  for (int round = 0; round < 2; ++round) {
    daq.activate();
    std::vector<std::int32_t> sine, square;
    std::uint64_t next = 0;
    const auto start = std::chrono::steady_clock::now();
    while (sine.size() < 30'000) {
      REQUIRE(daq.read_block(block, 1s) == ReadStatus::ok);
      REQUIRE(block.first_sample_index == next);
      CHECK(block.first_sample_time_ns == static_cast<std::int64_t>(next) * 10'000);
      for (std::size_t s = 0; s < block.sample_count; ++s) {
        sine.push_back(block.code(s, 0));
        square.push_back(block.code(s, 1));
      }
      next += block.sample_count;
    }
    const double elapsed_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    daq.deactivate();
    CHECK(daq.state() == LifecycleState::inactive);
    // Paced at the sample rate: 30 000 samples at 100 kS/s take about 0.3 s.
    CHECK(elapsed_s > 0.15);
    CHECK(elapsed_s < 1.5);
    // A1 (the sine, +-10 V at 1 mV a code) on the first channel: periodic over the whole read,
    // so no sample was lost, repeated or taken from the other channel.
    std::size_t mismatches = 0;
    for (std::size_t s = kSinePeriod; s < sine.size(); ++s) {
      if (sine[s] != sine[s - kSinePeriod]) ++mismatches;
    }
    CHECK(mismatches == 0);
    CHECK(*std::max_element(sine.begin(), sine.end()) == 10'000);
    CHECK(*std::min_element(sine.begin(), sine.end()) == -10'000);
    // A0 (the square) on the second: only its two levels.
    CHECK(std::all_of(square.begin(), square.end(),
                      [](std::int32_t c) { return c == 10'000 || c == -10'000; }));
  }
  CHECK(daq.health().dropouts == 0);
}

TEST_CASE(
    "sigrok DAQ: a rig that reads too late gets the samples before the gap, then an "
    "overrun, counted",
    "[drivers][sigrok]") {
  const auto config = station::load_station_config(t::fixture("stations/sigrok-demo.yaml"));
  SigrokSettings settings = demo_settings();
  // 30 000 samples: more than the demo device delivers at once (it sends every 100 ms), so that
  // once the rig reads again the ring does not overflow a second time.
  settings.buffer_s = 0.3;
  SigrokSource daq(settings);
  daq.configure(config.stream);
  daq.activate();
  std::this_thread::sleep_for(1s);  // 100 000 samples delivered meanwhile
  auto block = block_for(config.stream.block_samples, 2);
  std::uint64_t next = 0;
  ReadStatus status = ReadStatus::ok;
  std::size_t blocks = 0;
  while ((status = daq.read_block(block, 1s)) == ReadStatus::ok) {
    REQUIRE(block.first_sample_index == next);
    next += block.sample_count;
    REQUIRE(++blocks < 100);
  }
  CHECK(next == 30'000);  // the ring's worth
  REQUIRE(status == ReadStatus::overrun);
  CHECK(block.first_sample_index > next);
  CHECK(daq.health().dropouts == 1);
  CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
  daq.deactivate();
}

TEST_CASE("sigrok DAQ: a driver, a channel or a rate the device does not have is refused",
          "[drivers][sigrok]") {
  const auto config = station::load_station_config(t::fixture("stations/sigrok-demo.yaml"));
  SigrokSettings settings = demo_settings();
  auto stream = config.stream;
  std::string expected;
  SECTION("driver") {
    settings.driver = "no-such-daq";
    expected = "no driver 'no-such-daq'";
  }
  SECTION("channel") {
    settings.channels[1] = "CH9";
    expected = "no analog channel 'CH9' (for the DAQ node's 'force_N')";
  }
  SECTION("a logic channel") {
    settings.channels[1] = "D0";
    expected = "no analog channel 'D0'";
  }
  SECTION("a fractional rate") {
    stream.sample_rate_hz = 1000.5;
    expected = "whole rates";
  }
  SigrokSource daq(settings);
  try {
    daq.configure(stream);
    FAIL("configured");
  } catch (const DriverError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(expected) != std::string::npos);
  }
  CHECK(daq.state() == LifecycleState::fault);
}

TEST_CASE("sigrok DAQ: the station file names a device channel for each DAQ channel",
          "[drivers][sigrok][config]") {
  std::string text = demo_station_text();
  const std::string channels = "sigrok_channels: [A1, A0]";
  text.replace(text.find(channels), channels.size(), "sigrok_channels: [A1]");
  const t::TempFile file("station.yaml", text);
  t::check_error([](const auto& path) { station::load_station_config(path); }, file.path(), 10,
                 "daq.sigrok_channels");
}
