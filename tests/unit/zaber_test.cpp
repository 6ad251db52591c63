// The Zaber ASCII protocol on byte fixtures, and the Zaber axis driver against the simulated
// stage on a pseudo-terminal and against stages that fault, reject, stall or send garbage.
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/drivers/zaber_axis.hpp"
#include "rig/simserver/sim_zaber_stage.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/transport/line_server.hpp"
#include "rig/zaber/zaber_protocol.hpp"
#include "tests/support/loopback_server.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace t = needlerig::testing;
namespace zb = needlerig::rig::zaber;
using needlerig::rig::core::DriverError;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::drivers::ZaberAxis;
using needlerig::rig::drivers::ZaberAxisSettings;
using namespace std::chrono_literals;

TEST_CASE("Zaber replies, alerts and info lines on byte fixtures", "[zaber]") {
  const auto ok = zb::parse_reply("@01 0 OK IDLE -- 0\r");
  CHECK(ok.kind == zb::MessageKind::reply);
  CHECK(ok.device == 1);
  CHECK(ok.axis == 0);
  CHECK(ok.accepted);
  CHECK_FALSE(ok.busy);
  CHECK(ok.warning == "--");
  CHECK(ok.data == "0");
  const auto busy = zb::parse_reply("@02 1 12 OK BUSY WR 1234567");
  CHECK(busy.device == 2);
  CHECK(busy.message_id == 12);
  CHECK(busy.busy);
  CHECK(busy.warning == "WR");
  CHECK(busy.data == "1234567");
  const auto rejected = zb::parse_reply("@01 1 RJ IDLE -- BADDATA");
  CHECK_FALSE(rejected.accepted);
  CHECK(rejected.data == "BADDATA");
  const auto alert = zb::parse_reply("!01 1 IDLE FS");
  CHECK(alert.kind == zb::MessageKind::alert);
  CHECK(alert.warning == "FS");
  CHECK(zb::is_fault_flag(alert.warning));
  CHECK_FALSE(zb::is_fault_flag("WR"));
  CHECK(zb::parse_reply("#01 0 COMMAND USAGE").data == "COMMAND USAGE");
  // A checksum (":XX", the two's complement of the byte sum after '@') is verified.
  const std::string body = "@01 0 OK IDLE -- 0";
  unsigned sum = 0;
  for (std::size_t i = 1; i < body.size(); ++i) sum += static_cast<unsigned char>(body[i]);
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", (256 - sum % 256) % 256);
  CHECK(zb::parse_reply(body + ":" + hex).data == "0");
  CHECK_THROWS_AS(zb::parse_reply(body + ":00"), zb::ZaberProtocolError);
  for (const char* bad :
       {"", "OK", "@", "@01", "@xx 0 OK IDLE -- 0", "@01 0 MAYBE IDLE -- 0", "@01 0 OK SLEEPY -- 0",
        "@01 0 OK IDLE - 0", "@01 0 OK IDLE --", "@100 0 OK IDLE -- 0"}) {
    INFO(bad);
    CHECK_THROWS_AS(zb::parse_reply(bad), zb::ZaberProtocolError);
  }
}

TEST_CASE("Zaber commands as a device reads them", "[zaber]") {
  CHECK(zb::format_command(1, 1, "move abs 2000") == "/1 1 move abs 2000");
  CHECK(zb::format_command(1, 0, "") == "/1 0");
  const auto c = zb::parse_command("/1 1 7 move abs 2000\r");
  CHECK(c.device == 1);
  CHECK(c.axis == 1);
  CHECK(c.message_id == 7);
  CHECK(c.words == std::vector<std::string>{"move", "abs", "2000"});
  CHECK(zb::parse_command("/").words.empty());
  CHECK(zb::parse_command("/get pos").words.size() == 2);
  CHECK_THROWS_AS(zb::parse_command("1 1 home"), zb::ZaberProtocolError);
  zb::ZaberReply r;
  r.device = 1;
  r.axis = 1;
  r.busy = true;
  r.warning = "WR";
  r.data = "0";
  CHECK(zb::format_reply(r) == "@01 1 OK BUSY WR 0");
  CHECK(zb::parse_reply(zb::format_reply(r)).busy);
}

namespace {
/// The simulated stage on a pseudo-terminal, its world advanced by reading the simulated DAQ.
class ServedStage {
 public:
  ServedStage()
      : config_(t::sim_station()), drivers_(needlerig::rig::station::make_drivers(config_)) {
    t::bring_up(drivers_, config_);
    drivers_.daq->activate();
    block_ = t::make_block(*drivers_.daq, config_);
    stage_.emplace(*drivers_.axis, needlerig::rig::simserver::SimStageUnits{});
    pty_.emplace(io_, [this](std::string_view line) { return stage_->handle(line); });
    thread_ = std::thread([this] {
      auto guard = boost::asio::make_work_guard(io_);
      io_.run();
    });
  }
  ~ServedStage() {
    io_.stop();
    thread_.join();
  }
  const std::string& path() const { return pty_->device_path(); }
  /// Reads DAQ blocks (the world's time) until `done` or `limit_s` of stream.
  template <typename Done>
  bool run_until(Done done, double limit_s) {
    const double limit = limit_s * config_.stream.sample_rate_hz;
    for (double samples = 0; samples < limit;) {
      if (drivers_.daq->read_block(block_, 100ms) == needlerig::rig::core::ReadStatus::ok) {
        samples += static_cast<double>(block_.sample_count);
      }
      if (done()) return true;
    }
    return false;
  }
  const needlerig::rig::station::StationConfig& config() const { return config_; }

 private:
  needlerig::rig::station::StationConfig config_;
  needlerig::rig::station::Drivers drivers_;
  needlerig::rig::core::SampleBlock block_;
  boost::asio::io_context io_;
  std::optional<needlerig::rig::simserver::SimZaberStage> stage_;
  std::optional<needlerig::rig::transport::LinePtyServer> pty_;
  std::thread thread_;
};
}  // namespace

TEST_CASE("Zaber axis over a serial line: home, move, position, stop", "[drivers][zaber]") {
  ServedStage stage;
  ZaberAxisSettings settings;
  settings.line.serial_device = stage.path();
  settings.timeout = 500ms;
  ZaberAxis axis(settings);
  axis.configure(stage.config().axis);
  axis.activate();
  CHECK(axis.health().identity == "Zaber device 50081 firmware 7.99");
  CHECK_FALSE(axis.homed());
  CHECK_THROWS_AS(axis.move_to(5.0, 10.0), DriverError);  // not homed
  axis.home();
  REQUIRE(stage.run_until([&] { return axis.homed(); }, 5.0));
  CHECK(axis.position_mm() == Approx(0.0).margin(1e-3));
  axis.move_to(5.0, 10.0);
  CHECK(axis.moving());
  REQUIRE(stage.run_until([&] { return !axis.moving(); }, 5.0));
  CHECK(axis.position_mm() == Approx(5.0).margin(1e-3));
  CHECK(axis.homed());                                      // still homed after a move
  CHECK_THROWS_AS(axis.move_to(500.0, 10.0), DriverError);  // beyond the travel
  axis.move_to(20.0, 5.0);
  stage.run_until([] { return false; }, 0.2);
  axis.stop();
  stage.run_until([&] { return !axis.moving(); }, 2.0);
  const double stopped = axis.position_mm();
  CHECK(stopped > 5.0);
  CHECK(stopped < 20.0);
  CHECK(axis.state() == LifecycleState::active);
  axis.deactivate();
}

TEST_CASE("Zaber axis: a fault flag, a rejection, silence and garbage are DriverErrors",
          "[drivers][zaber]") {
  const auto scripted = [](const char* status_reply) {
    return [status_reply](int fd) {
      for (std::string line = t::read_line_from(fd); !line.empty(); line = t::read_line_from(fd)) {
        if (line == "/1 1 get deviceid") t::write_to(fd, "@01 1 OK IDLE -- 50081\r\n");
        if (line == "/1 1 get version") t::write_to(fd, "@01 1 OK IDLE -- 7.25\r\n");
        if (line == "/1 1") t::write_to(fd, std::string(status_reply) + "\r\n");
        if (line == "/1 1 home")
          t::write_to(fd, "!01 1 BUSY --\r\n@01 1 RJ IDLE -- BADCOMMAND\r\n");
        if (line == "/1 1 stop") t::write_to(fd, "@01 1 OK IDLE -- 0\r\n");
      }
    };
  };
  const auto axis_on = [](std::uint16_t port) {
    ZaberAxisSettings s;
    s.line.host = "127.0.0.1";
    s.line.port = port;
    s.timeout = 200ms;
    return std::make_unique<ZaberAxis>(s);
  };
  needlerig::rig::core::AxisConfig limits;
  {
    // A stalled stage: the fault flag moves the role to fault.
    t::LoopbackServer server(scripted("@01 1 OK IDLE FS 0"));
    auto axis = axis_on(server.port());
    axis->configure(limits);
    CHECK_THROWS_WITH(axis->activate(), Catch::Contains("fault flag FS"));
    CHECK(axis->state() == LifecycleState::fault);
  }
  {
    // A rejected command (after an alert line, which is skipped) names the reason; no fault.
    t::LoopbackServer server(scripted("@01 1 OK IDLE WR 0"));
    auto axis = axis_on(server.port());
    axis->configure(limits);
    axis->activate();
    CHECK_THROWS_WITH(axis->home(), Catch::Contains("rejected: BADCOMMAND"));
    CHECK(axis->state() == LifecycleState::active);
  }
  {
    // Silence: one timeout, then fault.
    t::LoopbackServer server(scripted("@01 1 OK IDLE WR 0"));
    auto axis = axis_on(server.port());
    axis->configure(limits);
    axis->activate();
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(axis->position_mm(), DriverError);  // 'get pos' is never answered
    CHECK(std::chrono::steady_clock::now() - start < 600ms);
    CHECK(axis->health().timeouts == 1);
    CHECK(axis->state() == LifecycleState::fault);
    // The record says why: the line, the command and what happened.
    const std::string fault = axis->health().fault;
    INFO(fault);
    CHECK(fault.find("'/1 1 get pos'") != std::string::npos);
    CHECK(fault.find("tcp 127.0.0.1:") == 0);
  }
  {
    t::LoopbackServer server(scripted("\x1b[2J garbage"));
    auto axis = axis_on(server.port());
    axis->configure(limits);
    CHECK_THROWS_AS(axis->activate(), DriverError);
    CHECK(axis->state() == LifecycleState::fault);
  }
}
