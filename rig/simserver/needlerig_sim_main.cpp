// needlerig-sim: the simulated rig of a station file served over the instruments' own protocols,
// in its own process, so that the real drivers, and clients no one here wrote (PyVISA, lxi), are
// exercised over real sockets and serial lines. Serves the pen's bench supply over SCPI on TCP
// (5025 by default), the DAQ over the needlerig stream protocol on TCP (5027) and as a
// burst-capture DAQ over SCPI on TCP (5026: one DAQ, two faces; while one captures, the other
// refuses to start), the
// stage over
// the Zaber ASCII protocol on a pseudo-terminal and on TCP (5028), and the pen's service port on a
// pseudo-terminal and on TCP (5029). Prints one line per instrument
// ("bench supply: scpi tcp 127.0.0.1:5025", "stage: zaber-ascii pty /dev/pts/3"), then runs until
// SIGINT or SIGTERM, which stop the stage and switch the pen off before it exits.
//
// Exit codes: 0 after a signal, 3 for a station file or option it cannot use.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include "rig/simserver/sim_bench_supply.hpp"
#include "rig/simserver/sim_burst_daq.hpp"
#include "rig/simserver/sim_service_port_pen.hpp"
#include "rig/simserver/sim_stream_server.hpp"
#include "rig/simserver/sim_truth_port.hpp"
#include "rig/simserver/sim_zaber_stage.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/station/station_config.hpp"
#include "rig/transport/line_server.hpp"

namespace {
constexpr int kExitRefused = 3;

struct Options {
  std::string station;
  std::string bind = "127.0.0.1";
  std::uint16_t supply_port = 5025;
  std::uint16_t burst_port = 5026;
  std::uint16_t stream_port = 5027;
  std::uint16_t stage_port = 5028;
  std::uint16_t pen_port = 5029;
  std::optional<std::uint16_t> truth_port;
  needlerig::rig::simserver::SimStageUnits stage_units;
};

int serve(const Options& options) {
  using namespace needlerig::rig;
  const station::StationConfig config = station::load_station_config(options.station);
  const sim::SimWorldConfig& world = station::sim_world_config(config);
  if (world.pen.supply_level_voltages_v.empty()) {
    throw std::runtime_error(options.station +
                             ": its pen model gives no speed.supply_level_voltages_v, so it "
                             "cannot be run from the bench supply");
  }
  station::Drivers drivers = station::make_drivers(config);
  drivers.pen->configure({});
  drivers.axis->configure(config.axis);
  drivers.axis->activate();

  boost::asio::io_context io;
  simserver::SimBenchSupply supply(*drivers.pen, world.pen.supply_level_voltages_v);
  transport::LineTcpServer supply_server(
      io, options.bind, options.supply_port,
      [&supply](std::string_view line) { return supply.handle(line); });
  simserver::SimBurstDaq burst_daq(*drivers.daq, config.stream);
  transport::LineTcpServer burst_server(
      io, options.bind, options.burst_port,
      [&burst_daq](std::string_view line) { return burst_daq.handle(line); });
  simserver::SimStreamServer stream_server(*drivers.daq, config.stream, "needlerig-sim DAQ",
                                           options.bind, options.stream_port);
  simserver::SimZaberStage stage(*drivers.axis, options.stage_units);
  const auto stage_handler = [&stage](std::string_view line) { return stage.handle(line); };
  transport::LinePtyServer stage_pty(io, stage_handler);
  transport::LineTcpServer stage_tcp(io, options.bind, options.stage_port, stage_handler);
  simserver::SimServicePortPen service_port(*drivers.pen);
  const auto pen_handler = [&service_port](std::string_view line) {
    return service_port.handle(line);
  };
  transport::LinePtyServer pen_pty(io, pen_handler);
  transport::LineTcpServer pen_tcp(io, options.bind, options.pen_port, pen_handler);
  fmt::print("bench supply: scpi tcp {}:{}\n", options.bind, supply_server.port());
  fmt::print("stage: zaber-ascii pty {}\n", stage_pty.device_path());
  fmt::print("stage: zaber-ascii tcp {}:{}\n", options.bind, stage_tcp.port());
  fmt::print("daq: needlerig-stream tcp {}:{}\n", options.bind, stream_server.port());
  fmt::print("burst daq: scpi-burst tcp {}:{}\n", options.bind, burst_server.port());
  fmt::print("pen: service-port pty {}\n", pen_pty.device_path());
  fmt::print("pen: service-port tcp {}:{}\n", options.bind, pen_tcp.port());
  std::optional<transport::LineTcpServer> truth_server;
  if (options.truth_port) {
    truth_server.emplace(io, options.bind, *options.truth_port,
                         [world = drivers.sim_world](std::string_view line) {
                           return simserver::truth_reply(*world, line);
                         });
    fmt::print("truth: json tcp {}:{}\n", options.bind, truth_server->port());
  }
  std::fflush(stdout);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    drivers.axis->stop();
    drivers.pen->power_off();
    supply_server.close();
    burst_server.close();
    stage_pty.close();
    stage_tcp.close();
    pen_pty.close();
    pen_tcp.close();
    if (truth_server) truth_server->close();
    stream_server.stop();
    io.stop();
  });
  io.run();
  drivers.axis->stop();
  drivers.pen->power_off();
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "needlerig-sim: the simulated rig of a station file, served over the instruments' "
      "protocols"};
  Options options;
  app.add_option("--station", options.station, "a station file whose roles are all 'sim'")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--bind", options.bind, "address to listen on")->capture_default_str();
  app.add_option("--supply-port", options.supply_port,
                 "TCP port of the bench supply's SCPI socket (0: any free port)")
      ->capture_default_str();
  app.add_option("--burst-port", options.burst_port,
                 "TCP port of the burst-capture DAQ's SCPI socket (0: any free port)")
      ->capture_default_str();
  app.add_option("--stream-port", options.stream_port,
                 "TCP port of the DAQ's stream (0: any free port)")
      ->capture_default_str();
  app.add_option("--stage-port", options.stage_port,
                 "TCP port of the stage's Zaber ASCII line (0: any free port)")
      ->capture_default_str();
  app.add_option("--pen-port", options.pen_port,
                 "TCP port of the pen's service port (0: any free port)")
      ->capture_default_str();
  app.add_option("--truth-port", options.truth_port,
                 "serve the simulator's ground truth on this TCP port (TRUTH <first> <count>; "
                 "0: any free port); off unless given");
  app.add_option("--stage-microsteps-per-mm", options.stage_units.microsteps_per_mm,
                 "the simulated stage's resolution")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
    options.stage_units.speed_units_per_mm_per_s = options.stage_units.microsteps_per_mm * 1.6384;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitRefused;
  }
  try {
    return serve(options);
  } catch (const std::exception& e) {
    fmt::print(stderr, "needlerig-sim: error: {}\n", e.what());
    return kExitRefused;
  }
}
