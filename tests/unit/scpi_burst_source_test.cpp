// The burst-capture DAQ driver against the simulated burst DAQ (SCPI over a loopback socket, the
// simulated DAQ behind it) and against burst DAQs that lose bursts, coerce the rate, answer
// garbage or fall silent.
#include "rig/drivers/scpi_burst_source.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/drivers/stream_tcp_source.hpp"
#include "rig/simserver/sim_burst_daq.hpp"
#include "rig/simserver/sim_stream_server.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/transport/line_server.hpp"
#include "rig/transport/tcp_stream.hpp"
#include "tests/unit/daq_test_support.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace t = needlerig::testing;
using needlerig::rig::core::DriverError;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::core::ReadStatus;
using needlerig::rig::drivers::ScpiBurstSettings;
using needlerig::rig::drivers::ScpiBurstSource;
using needlerig::rig::transport::LineHandler;
using needlerig::testing::block_for;
using needlerig::testing::two_channels;
using namespace std::chrono_literals;

namespace {
/// A line handler served on a loopback port from its own thread.
class Served {
 public:
  explicit Served(LineHandler handler) {
    server_.emplace(io_, "127.0.0.1", 0, std::move(handler));
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Served() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return server_->port(); }

 private:
  boost::asio::io_context io_;
  std::optional<needlerig::rig::transport::LineTcpServer> server_;
  std::thread thread_;
};

ScpiBurstSettings settings_for(std::uint16_t port, std::size_t burst_samples) {
  ScpiBurstSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.timeout = 300ms;
  s.burst_samples = burst_samples;
  return s;
}

/// A scripted burst DAQ of two channels, bursts of 4 samples whose codes are the burst's number:
/// FETC:STAR? answers the starts in `starts`, FETC:DATA? what `data` makes of the burst number.
struct ScriptedDaq {
  std::vector<std::uint64_t> starts{0, 4, 8};
  std::string rate = "+1.000000E+04";
  std::string points = "4";
  std::optional<std::string> count;  // what FETC:COUN? answers, if not the bursts left
  std::function<std::optional<std::string>(std::size_t)> data = [](std::size_t burst) {
    std::string bytes = "#232";
    for (int i = 0; i < 8; ++i) bytes += std::string{static_cast<char>(burst), 0, 0, 0};
    return bytes;
  };
  std::size_t fetched = 0;

  std::optional<std::string> operator()(std::string_view line) {
    if (line == "*IDN?") return "scripted,BURST,1,1.0";
    if (line == "SYST:ERR?") return "+0,\"No error\"";
    if (line == "*OPC?") return "1";
    if (line == "ACQ:CHAN?") return "\"protrusion_mm,force_N\"";
    if (line == "ACQ:SRAT?") return rate;
    if (line == "ACQ:POIN?") return points;
    if (line == "FETC:COUN?") return count ? *count : fetched < starts.size() ? "1" : "0";
    if (line == "FETC:STAR?") return std::to_string(starts.at(fetched));
    if (line == "FETC:DATA?") return data(fetched++);
    return std::nullopt;
  }
};

/// The driver configured and started on a scripted device (bursts of 4 samples, 2 channels).
struct Started {
  explicit Started(ScriptedDaq& script)
      : served(std::ref(script)), daq(settings_for(served.port(), 4)), block(block_for(4, 2)) {
    daq.configure(two_channels());
    daq.activate();
  }
  Served served;
  ScpiBurstSource daq;
  needlerig::rig::core::SampleBlock block;
};
/// The simulated station's DAQ (fixtures/stations/sim.yaml) behind needlerig-sim's burst face.
struct SimulatedDaq {
  needlerig::rig::station::StationConfig config =
      needlerig::rig::station::load_station_config(t::fixture("stations/sim.yaml"));
  needlerig::rig::station::Drivers drivers = needlerig::rig::station::make_drivers(config);
  needlerig::rig::simserver::SimBurstDaq device{*drivers.daq, config.stream};
};

/// The same served over TCP, and the driver configured on it with bursts of `burst_samples`.
struct SimulatedDaqOverScpi : SimulatedDaq {
  explicit SimulatedDaqOverScpi(std::size_t burst_samples)
      : served([this](std::string_view line) { return device.handle(line); }),
        daq(settings_for(served.port(), burst_samples)) {
    daq.configure(config.stream);
  }
  Served served;
  ScpiBurstSource daq;
};
}  // namespace

TEST_CASE("Burst DAQ: the simulated burst DAQ over SCPI, bursts handed on as contiguous blocks",
          "[drivers][burst]") {
  // Bursts of 2500 samples, blocks of 1024: a block never spans two bursts.
  SimulatedDaqOverScpi sim(2'500);
  auto& daq = sim.daq;
  const auto& config = sim.config;
  REQUIRE(daq.channels().size() == 3);
  CHECK(daq.channels()[0].code_max == 50'000);  // 5 mm at 0.1 um a code
  auto block = block_for(config.stream.block_samples, 3);
  for (int round = 0; round < 2; ++round) {
    daq.activate();
    std::uint64_t next = 0;
    for (int i = 0; i < 12; ++i) {
      REQUIRE(daq.read_block(block, 1s) == ReadStatus::ok);
      CHECK(block.first_sample_index == next);
      CHECK(block.first_sample_time_ns == static_cast<std::int64_t>(next) * 10'000);
      const std::size_t in_burst = next % 2'500;
      CHECK(block.sample_count == std::min<std::size_t>(1'024, 2'500 - in_burst));
      next += block.sample_count;
    }
    daq.deactivate();
    CHECK(daq.state() == LifecycleState::inactive);
  }
  const auto health = daq.health();
  CHECK(health.identity == "needlerig,SIM-BURST-DAQ,SIM-0003,1.0");
  CHECK(health.dropouts == 0);
  CHECK(health.timeouts == 0);
}

TEST_CASE("Burst DAQ: a lost burst is an overrun, counted", "[drivers][burst]") {
  ScriptedDaq script;
  script.starts = {0, 4, 12, 16};  // the burst at 8 was lost in the device
  Started started(script);
  auto& [served, daq, block] = started;
  CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
  CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
  CHECK(block.first_sample_index == 4);
  CHECK(block.codes[0] == 1);
  CHECK(daq.read_block(block, 1s) == ReadStatus::overrun);
  CHECK(block.first_sample_index == 12);
  CHECK(block.codes[7] == 2);
  CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
  CHECK(daq.health().dropouts == 1);
  // Then no burst is ready: a timeout within the read's time, not a hang and not a fault.
  const auto start = std::chrono::steady_clock::now();
  CHECK(daq.read_block(block, 50ms) == ReadStatus::timeout);
  CHECK(std::chrono::steady_clock::now() - start < 200ms);
  CHECK(daq.state() == LifecycleState::active);
}

TEST_CASE("Burst DAQ: a burst that starts before the last one ended is out of step: a fault",
          "[drivers][burst]") {
  ScriptedDaq script;
  script.starts = {0, 2};
  Started started(script);
  auto& [served, daq, block] = started;
  CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
  CHECK(daq.read_block(block, 1s) == ReadStatus::disconnected);
  CHECK(daq.state() == LifecycleState::fault);
}

TEST_CASE(
    "Burst DAQ: garbage for a burst, a burst of part of a sample, and a silent device "
    "end the stream in fault",
    "[drivers][burst]") {
  ScriptedDaq script;
  SECTION("garbage") {
    script.data = [](std::size_t) { return std::optional<std::string>("xyz"); };
  }
  SECTION("part of a sample") {
    script.data = [](std::size_t) { return std::optional<std::string>("#16abcdef"); };
  }
  SECTION("a block larger than the burst") {
    script.data = [](std::size_t) {
      return std::optional<std::string>("#240" + std::string(40, 'a'));
    };
  }
  SECTION("a count that is no number") { script.count = "9.91E37"; }  // SCPI's not-a-number
  SECTION("silent") {
    script.data = [](std::size_t) { return std::nullopt; };
  }
  Started started(script);
  auto& [served, daq, block] = started;
  const auto start = std::chrono::steady_clock::now();
  CHECK(daq.read_block(block, 1s) == ReadStatus::disconnected);
  CHECK(std::chrono::steady_clock::now() - start < 1s);  // the exchange's timeout, 300 ms
  CHECK(daq.state() == LifecycleState::fault);
  // Why, for the run's message and record: the instrument and what went wrong with it.
  const std::string fault = daq.health().fault;
  INFO(fault);
  CHECK(fault.rfind("burst DAQ tcp 127.0.0.1:", 0) == 0);
  CHECK(fault.size() > 30);
}

TEST_CASE(
    "Burst DAQ: a device that runs at another rate or burst length, or captures other "
    "channels, is refused",
    "[drivers][burst]") {
  ScriptedDaq script;
  auto config = two_channels();
  SECTION("rate coerced") { script.rate = "+9.999000E+03"; }
  SECTION("burst length coerced") { script.points = "8"; }
  SECTION("channels") { config.channels[1].id = "motor_current_A"; }
  Served served(std::ref(script));
  ScpiBurstSource daq(settings_for(served.port(), 4));
  CHECK_THROWS_AS(daq.configure(config), DriverError);
  CHECK(daq.state() == LifecycleState::fault);
}

TEST_CASE("Burst DAQ: the simulated burst DAQ refuses settings while armed, a trigger when not",
          "[drivers][burst]") {
  SimulatedDaq sim;
  auto& device = sim.device;
  CHECK_FALSE(device.handle("*TRG").has_value());
  CHECK(device.handle("SYST:ERR?") == "-211,\"Trigger ignored; not armed\"");
  device.handle("TRIG:SOUR BUS;INIT");
  device.handle("ACQ:POIN 10");
  CHECK(device.handle("SYST:ERR?") == "-221,\"Settings conflict; armed\"");
  CHECK(device.handle("FETC:DATA?") == std::nullopt);
  CHECK(device.handle("SYST:ERR?") == "-230,\"Data corrupt or stale; no burst\"");
  device.handle("ABOR;ACQ:POIN 10;INIT");
  device.handle("*TRG");
  CHECK(device.handle("FETC:COUN?") == "1");  // fast mode: one burst as asked
  CHECK(device.handle("FETC:STAR?") == "0");
  const auto data = device.handle("FETC:DATA?");
  REQUIRE(data.has_value());
  CHECK(data->substr(0, 5) == "#3120");  // 10 samples x 3 channels x 4 bytes
  CHECK(data->size() == 5 + 120);
  CHECK(device.handle("FETC:COUN?") == "1");
  CHECK(device.handle("FETC:STAR?") == "10");
  CHECK(device.handle("SYST:ERR?") == "+0,\"No error\"");
}

TEST_CASE("Burst DAQ: needlerig-sim's stream face is refused while its burst face captures",
          "[drivers][burst]") {
  // One simulated DAQ behind both servers, as in needlerig-sim: a stream client that comes while
  // a burst capture runs is refused and leaves the capture alone.
  SimulatedDaqOverScpi sim(1'000);
  auto& daq = sim.daq;
  const auto& config = sim.config;
  needlerig::rig::simserver::SimStreamServer stream_server(*sim.drivers.daq, config.stream,
                                                           "sim DAQ", "127.0.0.1", 0);
  daq.activate();
  auto block = block_for(config.stream.block_samples, 3);
  REQUIRE(daq.read_block(block, 1s) == ReadStatus::ok);
  needlerig::rig::drivers::StreamTcpSettings stream_settings;
  stream_settings.host = "127.0.0.1";
  stream_settings.port = stream_server.port();
  stream_settings.timeout = 500ms;
  {
    // (needlerig-sim's stream server takes one client at a time: this one goes first.)
    needlerig::rig::drivers::StreamTcpSource intruder(stream_settings);
    CHECK_THROWS_AS(intruder.configure(config.stream), DriverError);
  }
  // A client that sends START straight away: the server cannot start the DAQ and closes it.
  namespace tr = needlerig::rig::transport;
  const auto raw = tr::TcpStream::connect("127.0.0.1", stream_server.port(), tr::deadline_in(1s));
  raw->read_until('\n', 64 * 1024, tr::deadline_in(1s));  // the hello
  raw->write("START\n", tr::deadline_in(1s));
  CHECK_THROWS_AS(raw->read_exact(1, tr::deadline_in(1s)), tr::TransportError);
  std::uint64_t next = block.first_sample_index + block.sample_count;
  for (int i = 0; i < 5; ++i) {
    REQUIRE(daq.read_block(block, 1s) == ReadStatus::ok);
    CHECK(block.first_sample_index == next);
    next += block.sample_count;
  }
  daq.deactivate();
}
