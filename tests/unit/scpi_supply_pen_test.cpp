// The bench-supply pen driver against the simulated supply (SCPI over a loopback socket, the
// simulated pen behind it) and against supplies that misbehave: silent, garbage, switched off.
#include "rig/drivers/scpi_supply_pen.hpp"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/scpi/scpi_client.hpp"
#include "rig/simserver/sim_bench_supply.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/transport/line_server.hpp"
#include "rig/transport/tcp_stream.hpp"
#include "tests/support/loopback_server.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace t = needlerig::testing;
using needlerig::rig::core::DriverError;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::drivers::ScpiSupplyPen;
using needlerig::rig::drivers::ScpiSupplyPenSettings;
using namespace std::chrono_literals;

namespace {
const std::vector<double> kLevelVolts{6.0, 6.6, 7.2, 7.8, 8.4, 9.0};

/// The simulated supply of the adjustable pen, served on a loopback port from its own thread.
class ServedSupply {
 public:
  ServedSupply()
      : drivers_(needlerig::rig::station::make_drivers(
            needlerig::rig::station::load_station_config(t::fixture("stations/sim.yaml")))) {
    drivers_.pen->configure({});
    supply_.emplace(*drivers_.pen, kLevelVolts);
    server_.emplace(io_, "127.0.0.1", 0,
                    [this](std::string_view line) { return supply_->handle(line); });
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServedSupply() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return server_->port(); }
  bool pen_powered() const { return drivers_.pen->status().powered; }
  void switch_off() {
    boost::asio::post(io_, [this] { server_->close(); });
  }

 private:
  needlerig::rig::station::Drivers drivers_;
  boost::asio::io_context io_;
  std::optional<needlerig::rig::simserver::SimBenchSupply> supply_;
  std::optional<needlerig::rig::transport::LineTcpServer> server_;
  std::thread thread_;
};

ScpiSupplyPenSettings settings_for(std::uint16_t port) {
  ScpiSupplyPenSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.timeout = 300ms;
  s.level_voltages_v = kLevelVolts;
  return s;
}

double supply_volts(std::uint16_t port) {
  auto stream = needlerig::rig::transport::TcpStream::connect(
      "127.0.0.1", port, needlerig::rig::transport::deadline_in(1s));
  needlerig::rig::scpi::ScpiClient client(*stream, {});
  return client.query_number("VOLT?");
}

template <typename F>
std::chrono::milliseconds time_of(F f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}
}  // namespace

TEST_CASE("Supply pen: levels are voltages, the output runs the pen, the current is read",
          "[drivers][scpi]") {
  ServedSupply supply;
  ScpiSupplyPen pen(settings_for(supply.port()));
  pen.configure({"", "SERIAL-1", "", 0});
  pen.activate();
  CHECK(pen.state() == LifecycleState::active);
  CHECK(pen.health().identity.rfind("needlerig,SIM-SUPPLY", 0) == 0);
  CHECK(pen.capabilities().speed_levels == 6);
  CHECK_FALSE(pen.capabilities().sets_depth);
  pen.set_speed_level(3);
  CHECK(supply_volts(supply.port()) == 7.2);
  CHECK_THROWS_AS(pen.set_speed_level(7), DriverError);
  CHECK_THROWS_AS(pen.set_frequency_hz(120.0), DriverError);
  CHECK_THROWS_AS(pen.set_depth_mm(1.0), DriverError);
  pen.power_on();
  CHECK(supply.pen_powered());
  const auto status = pen.status();
  CHECK(status.powered);
  REQUIRE(status.supply_current_a);
  CHECK(*status.supply_current_a > 0.0);
  pen.power_off();
  CHECK_FALSE(supply.pen_powered());
  pen.deactivate();
  CHECK(pen.state() == LifecycleState::inactive);
}

TEST_CASE("Supply pen: a supply switched off mid-run is a DriverError, and power_off returns",
          "[drivers][scpi]") {
  ServedSupply supply;
  ScpiSupplyPen pen(settings_for(supply.port()));
  pen.configure({});
  pen.activate();
  pen.power_on();
  supply.switch_off();
  std::this_thread::sleep_for(50ms);
  CHECK(time_of([&] { CHECK_THROWS_AS(pen.set_speed_level(2), DriverError); }) < 2s);
  CHECK(pen.state() == LifecycleState::fault);
  CHECK(pen.health().fault.rfind("bench supply, ", 0) == 0);
  CHECK(time_of([&] { pen.power_off(); }) < 300ms);
}

TEST_CASE("Supply pen: a silent supply costs one timeout; power_off does not wait behind it",
          "[drivers][scpi]") {
  // Answers *IDN? and the reset's *OPC? and error queries, then nothing.
  t::LoopbackServer silent([](int fd) {
    for (std::string line = t::read_line_from(fd); !line.empty(); line = t::read_line_from(fd)) {
      if (line == "*IDN?") t::write_to(fd, "ACME,PSU,1,1\n");
      if (line == "*OPC?") t::write_to(fd, "1\n");
      if (line == "SYST:ERR?") t::write_to(fd, "+0,\"No error\"\n");
      if (line == "OUTP ON") {
        std::this_thread::sleep_for(1500ms);  // stops answering
        return;
      }
    }
  });
  ScpiSupplyPenSettings s = settings_for(silent.port());
  s.safety_connection = false;  // the scripted supply serves one connection at a time
  ScpiSupplyPen pen(s);
  pen.configure({});
  pen.activate();
  std::thread trip([&] {
    std::this_thread::sleep_for(100ms);
    // An abort from another thread while the sequencer's exchange hangs.
    pen.power_off();
  });
  const auto took = time_of([&] { CHECK_THROWS_AS(pen.power_on(), DriverError); });
  trip.join();
  CHECK(took < 1s);
  CHECK(pen.state() == LifecycleState::fault);
  CHECK(pen.health().timeouts == 1);
}

TEST_CASE("Supply pen: garbage for an identity, or nobody listening, refuses activation",
          "[drivers][scpi]") {
  t::LoopbackServer garbage([](int fd) {
    t::read_line_from(fd);
    t::write_to(fd, "\x1b[2J\xff\xfe\n");
    t::read_line_from(fd);
  });
  ScpiSupplyPen pen(settings_for(garbage.port()));
  pen.configure({});
  CHECK_THROWS_AS(pen.activate(), DriverError);
  CHECK(pen.state() == LifecycleState::fault);

  ScpiSupplyPen nobody(settings_for(t::unused_port()));
  nobody.configure({});
  CHECK_THROWS_AS(nobody.activate(), DriverError);
}
