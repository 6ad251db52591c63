// The burst-capture DAQ driver over loopback TCP: a device that always has a burst ready answers
// FETC:COUN?, FETC:STAR? and FETC:DATA? (a definite block of int32 codes, 4 channels) at once,
// and the scpi-burst driver fetches, checks and hands each burst on in blocks of 1024 samples.
// Reports samples per second (per sample instant, 4 channels each): the rate above which a
// burst DAQ's transfers, not its converter, limit the rig, for each burst length.
#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

#include "rig/drivers/scpi_burst_source.hpp"
#include "rig/transport/line_server.hpp"

namespace {
constexpr std::size_t kChannels = 4;

/// A burst DAQ whose memory always holds the next burst of `points` samples.
class ReadyDevice {
 public:
  explicit ReadyDevice(std::size_t points) : points_(points) {
    const std::size_t bytes = points * kChannels * 4;
    const std::string length = std::to_string(bytes);
    block_ = "#" + std::to_string(length.size()) + length;
    for (std::size_t i = 0; i < bytes; ++i) block_ += static_cast<char>(i * 7919 % 251);
    server_.emplace(io_, "127.0.0.1", 0, [this](std::string_view line) { return answer(line); });
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ReadyDevice() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return server_->port(); }

 private:
  std::optional<std::string> answer(std::string_view line) {
    if (line == "*IDN?") return "benchmark,BURST,1,1";
    if (line == "SYST:ERR?") return "+0,\"No error\"";
    if (line == "*OPC?") return "1";
    if (line == "ACQ:CHAN?") return "\"protrusion_mm,force_N,motor_current_A,aux\"";
    if (line == "ACQ:SRAT?") return "+1.000000E+06";
    if (line == "ACQ:POIN?") return std::to_string(points_);
    if (line == "FETC:COUN?") return "1";
    if (line == "FETC:STAR?") return std::to_string(next_start_);
    if (line == "FETC:DATA?") {
      next_start_ += points_;
      return block_;
    }
    return std::nullopt;  // settings and the like: accepted
  }

  std::size_t points_;
  std::string block_;
  std::uint64_t next_start_ = 0;
  boost::asio::io_context io_;
  std::optional<needlerig::rig::transport::LineTcpServer> server_;
  std::thread thread_;
};

void burst_loopback(benchmark::State& state) {
  const auto points = static_cast<std::size_t>(state.range(0));
  ReadyDevice device(points);
  needlerig::rig::drivers::ScpiBurstSettings settings;
  settings.host = "127.0.0.1";
  settings.port = device.port();
  settings.burst_samples = points;
  needlerig::rig::drivers::ScpiBurstSource daq(settings);
  needlerig::rig::core::StreamConfig config;
  config.sample_rate_hz = 1e6;
  config.block_samples = 1024;
  for (const char* id : {"protrusion_mm", "force_N", "motor_current_A", "aux"}) {
    config.channels.push_back({id, "V", 1e-4, 0.0, -5.0, 5.0});
  }
  daq.configure(config);
  daq.activate();
  needlerig::rig::core::SampleBlock b;
  b.codes.resize(config.block_samples * kChannels);
  std::int64_t samples = 0;
  for (auto _ : state) {
    if (daq.read_block(b, std::chrono::seconds(2)) != needlerig::rig::core::ReadStatus::ok) {
      state.SkipWithError("a burst was lost or the device failed");
      break;
    }
    samples += static_cast<std::int64_t>(b.sample_count);
  }
  daq.deactivate();
  state.SetItemsProcessed(samples);
  state.SetBytesProcessed(samples * static_cast<std::int64_t>(kChannels) * 4);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
}
BENCHMARK(burst_loopback)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
}  // namespace

BENCHMARK_MAIN();
