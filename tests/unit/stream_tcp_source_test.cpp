// The stream DAQ driver against the simulated DAQ served over the stream protocol, and against
// servers that corrupt, drop, stall, close or lose the framing.
#include "rig/drivers/stream_tcp_source.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/simserver/sim_stream_server.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/stream/stream_control.hpp"
#include "rig/stream/stream_frame.hpp"
#include "tests/support/loopback_server.hpp"
#include "tests/unit/daq_test_support.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace t = needlerig::testing;
using needlerig::testing::block_for;
using needlerig::testing::two_channels;
namespace st = needlerig::rig::stream;
using needlerig::rig::core::DriverError;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::core::ReadStatus;
using needlerig::rig::drivers::StreamTcpSettings;
using needlerig::rig::drivers::StreamTcpSource;
using namespace std::chrono_literals;

namespace {
StreamTcpSettings settings_for(std::uint16_t port) {
  StreamTcpSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.timeout = 500ms;
  return s;
}

/// A scripted stream server: the hello, OK to CONF, then after START the frames `frames` makes
/// (sequence numbers given), then whatever `after` does.
struct Script {
  std::vector<std::uint64_t> sequences{0, 1, 2};
  int corrupt = -1;  // index of a frame whose payload is flipped
  bool close_after = false;
  bool garbage_after = false;
};

void serve_script(int fd, const Script& script) {
  st::Hello hello{"scripted", {{"protrusion_mm", "mm"}, {"force_N", "N"}}, 1e6, 1024};
  t::write_to(fd, st::hello_line(hello) + "\n");
  t::read_line_from(fd);  // CONF
  t::write_to(fd, "OK\n");
  t::read_line_from(fd);  // START
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 0; i < script.sequences.size(); ++i) {
    st::FrameHeader h;
    h.sequence = script.sequences[i];
    h.first_sample_index = 4 * script.sequences[i];
    h.sample_count = 4;
    h.channel_count = 2;
    const std::size_t at = bytes.size();
    st::append_frame(bytes, h, std::vector<std::int32_t>(8, static_cast<std::int32_t>(i)));
    if (static_cast<int>(i) == script.corrupt) bytes[at + st::kHeaderBytes + 3] ^= 0x40;
  }
  if (script.garbage_after) bytes.insert(bytes.end(), 60, 'x');
  t::write_to(fd, std::string(bytes.begin(), bytes.end()));
  if (!script.close_after) std::this_thread::sleep_for(700ms);
}

}  // namespace

TEST_CASE("Stream DAQ: the simulated DAQ over TCP, contiguous blocks, stop and start again",
          "[drivers][stream]") {
  const auto config = needlerig::rig::station::load_station_config(t::fixture("stations/sim.yaml"));
  auto drivers = needlerig::rig::station::make_drivers(config);
  needlerig::rig::simserver::SimStreamServer server(*drivers.daq, config.stream, "sim DAQ",
                                                    "127.0.0.1", 0);
  StreamTcpSource daq(settings_for(server.port()));
  daq.configure(config.stream);
  REQUIRE(daq.channels().size() == config.stream.channels.size());
  CHECK(daq.channels()[0].id == "protrusion_mm");
  CHECK(daq.channels()[0].code_max == 50'000);  // 5 mm at 0.1 um a code
  auto block = block_for(config.stream.block_samples, daq.channels().size());
  for (int round = 0; round < 2; ++round) {
    daq.activate();
    std::uint64_t next = 0;
    for (int i = 0; i < 20; ++i) {
      REQUIRE(daq.read_block(block, 1s) == ReadStatus::ok);
      CHECK(block.first_sample_index == next);
      CHECK(block.sample_count == config.stream.block_samples);
      next += block.sample_count;
    }
    daq.deactivate();
    CHECK(daq.state() == LifecycleState::inactive);
  }
  const auto health = daq.stream_health();
  CHECK(health.device == "sim DAQ");
  CHECK(health.dropped_frames == 0);
  CHECK(health.crc_failures == 0);
}

TEST_CASE("Stream DAQ: a corrupted frame and a sequence gap are overruns, counted",
          "[drivers][stream]") {
  Script script;
  script.sequences = {0, 1, 2, 5, 6};
  script.corrupt = 1;
  t::LoopbackServer server([&script](int fd) { serve_script(fd, script); });
  StreamTcpSource daq(settings_for(server.port()));
  daq.configure(two_channels());
  daq.activate();
  auto block = block_for(4, 2);
  CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
  CHECK(block.first_sample_index == 0);
  // Frame 1 fails its CRC: frame 2 comes back as an overrun (samples lost before it).
  CHECK(daq.read_block(block, 1s) == ReadStatus::overrun);
  CHECK(block.first_sample_index == 8);
  CHECK(block.codes[0] == 2);
  // Frames 3 and 4 never came.
  CHECK(daq.read_block(block, 1s) == ReadStatus::overrun);
  CHECK(block.first_sample_index == 20);
  CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
  const auto health = daq.stream_health();
  CHECK(health.crc_failures == 1);
  CHECK(health.dropped_frames == 2);
  CHECK(daq.health().dropouts == 3);
  // Then the server says nothing: a timeout, not a hang and not a fault.
  const auto start = std::chrono::steady_clock::now();
  CHECK(daq.read_block(block, 100ms) == ReadStatus::timeout);
  CHECK(std::chrono::steady_clock::now() - start < 400ms);
  CHECK(daq.state() == LifecycleState::active);
}

TEST_CASE("Stream DAQ: a closed connection or lost framing is a disconnect", "[drivers][stream]") {
  for (const bool garbage : {false, true}) {
    Script script;
    script.close_after = !garbage;
    script.garbage_after = garbage;
    t::LoopbackServer server([&script](int fd) { serve_script(fd, script); });
    StreamTcpSource daq(settings_for(server.port()));
    daq.configure(two_channels());
    daq.activate();
    auto block = block_for(4, 2);
    for (int i = 0; i < 3; ++i) CHECK(daq.read_block(block, 1s) == ReadStatus::ok);
    CHECK(daq.read_block(block, 1s) == ReadStatus::disconnected);
    CHECK(daq.state() == LifecycleState::fault);
    CHECK(daq.read_block(block, 1s) == ReadStatus::disconnected);
    // Why, in the driver's words, naming the peer.
    const std::string fault = daq.health().fault;
    INFO(fault);
    CHECK(fault.find("tcp 127.0.0.1:") != std::string::npos);
    CHECK(fault.find(garbage ? "magic" : "closed") != std::string::npos);
  }
}

TEST_CASE("Stream DAQ: channels that are not the station's, or nobody there, refuse configure",
          "[drivers][stream]") {
  t::LoopbackServer server([](int fd) {
    st::Hello hello{"other", {{"force_N", "N"}, {"protrusion_mm", "mm"}}, 1e6, 1024};
    t::write_to(fd, st::hello_line(hello) + "\n");
    t::read_line_from(fd);
  });
  StreamTcpSource daq(settings_for(server.port()));
  CHECK_THROWS_AS(daq.configure(two_channels()), DriverError);
  StreamTcpSource nobody(settings_for(t::unused_port()));
  CHECK_THROWS_AS(nobody.configure(two_channels()), DriverError);
  t::LoopbackServer scpi([](int fd) {
    t::write_to(fd, "ACME,PSU,1,1\n");
    t::read_line_from(fd);
  });
  StreamTcpSource wrong(settings_for(scpi.port()));
  CHECK_THROWS_AS(wrong.configure(two_channels()), DriverError);
}
