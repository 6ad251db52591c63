// needlerig-sim: the simulated rig of a station file served over the instruments' own protocols,
// in its own process, so that the real drivers, and clients no one here wrote (PyVISA, lxi), are
// exercised over real sockets. Serves the pen's bench supply over SCPI on TCP (5025 by default)
// and the DAQ over the needlerig stream protocol on TCP (5027 by default). Prints one line per
// instrument ("bench supply: scpi tcp 127.0.0.1:5025"), then runs until SIGINT or SIGTERM, which
// switch the pen off before it exits.
//
// Exit codes: 0 after a signal, 3 for a station file or option it cannot use.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>

#include "rig/scpi/scpi_tcp_server.hpp"
#include "rig/simserver/sim_bench_supply.hpp"
#include "rig/simserver/sim_stream_server.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/station/station_config.hpp"

namespace {
constexpr int kExitRefused = 3;

struct Options {
  std::string station;
  std::string bind = "127.0.0.1";
  std::uint16_t supply_port = 5025;
  std::uint16_t stream_port = 5027;
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

  boost::asio::io_context io;
  simserver::SimBenchSupply supply(*drivers.pen, world.pen.supply_level_voltages_v);
  scpi::ScpiTcpServer supply_server(io, options.bind, options.supply_port, supply);
  simserver::SimStreamServer stream_server(*drivers.daq, config.stream, "needlerig-sim DAQ",
                                           options.bind, options.stream_port);
  fmt::print("bench supply: scpi tcp {}:{}\n", options.bind, supply_server.port());
  fmt::print("daq: needlerig-stream tcp {}:{}\n", options.bind, stream_server.port());
  std::fflush(stdout);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    drivers.pen->power_off();
    supply_server.close();
    stream_server.stop();
    io.stop();
  });
  io.run();
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
  app.add_option("--stream-port", options.stream_port,
                 "TCP port of the DAQ's stream (0: any free port)")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
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
