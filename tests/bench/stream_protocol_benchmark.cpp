// The stream protocol over loopback TCP: a server computing each frame's CRC as a DAQ bridge does,
// the stream DAQ driver checking it and decoding into blocks. Reports samples per second (of all
// channels together per sample) and the frames lost, which must be 0. The target is 4
// channels x 1 MS/s with no loss; run with --benchmark_min_time=60 for the sustained figure in
// BENCHMARKS.md.
#include <benchmark/benchmark.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "rig/drivers/stream_tcp_source.hpp"
#include "rig/stream/stream_control.hpp"
#include "rig/stream/stream_frame.hpp"
#include "tests/support/loopback_server.hpp"

namespace st = needlerig::rig::stream;
namespace t = needlerig::testing;

namespace {
constexpr std::uint16_t kChannels = 4;

/// Streams frames of `block` samples as fast as the socket takes them, until the client goes.
void stream_as_fast_as_taken(int fd, std::uint32_t block) {
  st::Hello hello{"benchmark", {}, 2e6, 1 << 20};
  for (const char* id : {"protrusion_mm", "force_N", "motor_current_A", "aux"}) {
    hello.channels.push_back({id, "V"});
  }
  t::write_to(fd, st::hello_line(hello) + "\n");
  t::read_line_from(fd);
  t::write_to(fd, "OK\n");
  t::read_line_from(fd);  // START
  std::vector<std::int32_t> codes(std::size_t{block} * kChannels);
  for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<std::int32_t>(i * 7919);
  std::vector<std::uint8_t> frame;
  for (std::uint64_t sequence = 0;; ++sequence) {
    st::FrameHeader h;
    h.sequence = sequence;
    h.first_sample_index = sequence * block;
    h.sample_count = block;
    h.channel_count = kChannels;
    frame.clear();
    st::append_frame(frame, h, codes);
    std::size_t sent = 0;
    while (sent < frame.size()) {
      const ssize_t n = ::send(fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }
}

void stream_loopback(benchmark::State& state) {
  const auto block = static_cast<std::uint32_t>(state.range(0));
  t::LoopbackServer server([block](int fd) { stream_as_fast_as_taken(fd, block); });
  needlerig::rig::drivers::StreamTcpSettings settings;
  settings.host = "127.0.0.1";
  settings.port = server.port();
  needlerig::rig::drivers::StreamTcpSource daq(settings);
  needlerig::rig::core::StreamConfig config;
  config.sample_rate_hz = 1e6;
  config.block_samples = block;
  for (const char* id : {"protrusion_mm", "force_N", "motor_current_A", "aux"}) {
    config.channels.push_back({id, "V", 1e-4, 0.0, -5.0, 5.0});
  }
  daq.configure(config);
  daq.activate();
  needlerig::rig::core::SampleBlock b;
  b.codes.resize(std::size_t{block} * kChannels);
  std::int64_t samples = 0;
  for (auto _ : state) {
    if (daq.read_block(b, std::chrono::seconds(2)) != needlerig::rig::core::ReadStatus::ok) {
      state.SkipWithError("a block was lost or the stream failed");
      break;
    }
    samples += static_cast<std::int64_t>(b.sample_count);
  }
  state.SetItemsProcessed(samples);
  state.SetBytesProcessed(samples * kChannels * 4);
  const auto health = daq.stream_health();
  state.counters["lost_frames"] = static_cast<double>(health.dropped_frames + health.crc_failures);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
}
BENCHMARK(stream_loopback)
    ->Arg(1024)
    ->Arg(4096)
    ->Arg(16384)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
}  // namespace

BENCHMARK_MAIN();
