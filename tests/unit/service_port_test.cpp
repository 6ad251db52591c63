// The pen service port on byte fixtures, and the service-port pen driver against the simulated pen
// on a pseudo-terminal and against pens that refuse, go silent or send garbage.
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/drivers/service_port_pen.hpp"
#include "rig/service_port/service_port_protocol.hpp"
#include "rig/simserver/sim_service_port_pen.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/transport/line_server.hpp"
#include "tests/support/loopback_server.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace t = needlerig::testing;
namespace sp = needlerig::rig::service_port;
using needlerig::rig::core::DriverError;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::drivers::ServicePortPen;
using needlerig::rig::drivers::ServicePortSettings;
using namespace std::chrono_literals;

TEST_CASE("Service-port replies and commands on byte fixtures", "[service_port]") {
  const auto ok = sp::parse_reply("OK running=1 depth=1.25 current=0.31\r");
  CHECK(ok.ok);
  CHECK(sp::text_field(ok, "running") == "1");
  CHECK(sp::number_field(ok, "depth") == 1.25);
  CHECK_THROWS_AS(sp::number_field(ok, "speed"), sp::ServicePortError);
  CHECK(sp::parse_reply("OK").fields.empty());
  const auto err = sp::parse_reply("ERR 3 running: stop first");
  CHECK_FALSE(err.ok);
  CHECK(err.error_code == sp::kNotNow);
  CHECK(err.message == "running: stop first");
  CHECK(sp::format_reply(ok) == "OK current=0.31 depth=1.25 running=1");
  CHECK(sp::format_reply(err) == "ERR 3 running: stop first");
  for (const char* bad : {"", "YES", "OK depth", "OK =1", "OK depth=", "OK a=1 a=2", "ERR",
                          "ERR x oops", "ERR 0 none", "OK \x1b[2J=1"}) {
    INFO(bad);
    CHECK_THROWS_AS(sp::parse_reply(bad), sp::ServicePortError);
  }
  const auto c = sp::parse_command("depth 1.25\r");
  CHECK(c.word == "DEPTH");
  CHECK(c.arguments == std::vector<std::string>{"1.25"});
  CHECK_THROWS_AS(sp::parse_command("  "), sp::ServicePortError);
}

TEST_CASE("Service-port pen over a serial line: identity, capabilities, settings, run, stop",
          "[drivers][service_port]") {
  auto drivers = needlerig::rig::station::make_drivers(
      needlerig::rig::station::load_station_config(t::fixture("stations/sim.yaml")));
  drivers.pen->configure({});
  needlerig::rig::simserver::SimServicePortPen firmware(*drivers.pen);
  boost::asio::io_context io;
  needlerig::rig::transport::LinePtyServer pty(
      io, [&firmware](std::string_view line) { return firmware.handle(line); });
  std::thread served([&io] {
    auto guard = boost::asio::make_work_guard(io);
    io.run();
  });
  {
    ServicePortSettings settings;
    settings.line.serial_device = pty.device_path();
    settings.timeout = 500ms;
    ServicePortPen pen(settings);
    pen.configure({"", "SN-7", "", 0});
    pen.activate();
    CHECK(pen.identity().model == "sim-adjustable-150");
    CHECK(pen.identity().serial == "SN-7");  // the operator's scan, not the firmware's
    CHECK(pen.identity().needle_count == 16);
    CHECK(pen.health().identity.find("firmware sim-1.0") != std::string::npos);
    const auto caps = pen.capabilities();
    CHECK(caps.speed_levels == 6);
    CHECK(caps.sets_depth);
    CHECK(caps.depth_max_mm == 1.5);
    pen.set_depth_mm(1.2);
    pen.set_speed_level(3);
    CHECK_THROWS_WITH(pen.set_speed_level(9), Catch::Contains("refused: 2"));
    CHECK(pen.state() == LifecycleState::active);  // a refusal is no fault
    pen.power_on();
    CHECK(drivers.pen->status().powered);
    CHECK(pen.status().powered);
    REQUIRE(pen.status().depth_setting_mm);
    CHECK(*pen.status().depth_setting_mm == Approx(1.2));
    CHECK_THROWS_WITH(pen.set_depth_mm(1.0), Catch::Contains("refused: 3"));  // while running
    pen.power_off();
    CHECK_FALSE(drivers.pen->status().powered);
    pen.deactivate();
  }
  io.stop();
  served.join();
}

TEST_CASE("Service-port pen: another model, silence or garbage refuse or fault",
          "[drivers][service_port]") {
  const auto pen_on = [](std::uint16_t port) {
    ServicePortSettings s;
    s.line.host = "127.0.0.1";
    s.line.port = port;
    s.timeout = 200ms;
    return std::make_unique<ServicePortPen>(s);
  };
  t::LoopbackServer firmware([](int fd) {
    for (std::string line = t::read_line_from(fd); !line.empty(); line = t::read_line_from(fd)) {
      if (line == "HELLO") t::write_to(fd, "OK protocol=1\n");
      if (line == "IDENT?") t::write_to(fd, "OK model=other serial=9 firmware=2 needles=12\n");
      if (line == "CAPS?") {
        t::write_to(fd,
                    "OK levels=3 freq_min=0 freq_max=0 depth_electrical=0 depth_min=0 "
                    "depth_max=2 depth_step=0.25\n");
      }
      if (line == "STATUS?") t::write_to(fd, "\x1b[2J garbage\n");
      // RUN: never answered
    }
  });
  {
    auto pen = pen_on(firmware.port());
    pen->configure({"sim-adjustable-150", "SN", "", 0});
    CHECK_THROWS_WITH(pen->activate(), Catch::Contains("is a 'other'"));
  }
  {
    auto pen = pen_on(firmware.port());
    pen->configure({});
    pen->activate();
    CHECK_FALSE(pen->capabilities().sets_depth);
    CHECK_THROWS_AS(pen->set_depth_mm(1.0), DriverError);
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(pen->power_on(), DriverError);
    CHECK(std::chrono::steady_clock::now() - start < 600ms);
    CHECK(pen->state() == LifecycleState::fault);
    // A faulted line is not waited on again.
    const auto again = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(pen->set_speed_level(1), DriverError);
    CHECK(std::chrono::steady_clock::now() - again < 50ms);
  }
  {
    auto pen = pen_on(firmware.port());
    pen->configure({});
    pen->activate();
    CHECK_THROWS_AS(pen->status(), DriverError);  // garbage
    CHECK(pen->state() == LifecycleState::fault);
    CHECK(pen->health().fault.find("'STATUS?'") != std::string::npos);
  }
}
