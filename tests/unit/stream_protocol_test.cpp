// The stream protocol's frames and control lines on byte fixtures: the layout the document gives,
// round trips, and what a receiver must refuse.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "rig/stream/stream_control.hpp"
#include "rig/stream/stream_frame.hpp"

using namespace needlerig::rig::stream;

namespace {
std::array<std::uint8_t, kHeaderBytes> header_of(const std::vector<std::uint8_t>& frame) {
  std::array<std::uint8_t, kHeaderBytes> h{};
  std::copy_n(frame.begin(), kHeaderBytes, h.begin());
  return h;
}
}  // namespace

TEST_CASE("Stream frames: the documented byte layout", "[stream]") {
  FrameHeader h;
  h.sequence = 0x0102030405060708ull;
  h.first_sample_index = 1024;
  h.daq_time_ns = -5;
  h.sample_count = 2;
  h.channel_count = 1;
  h.flags = kFlagOverrun;
  std::vector<std::uint8_t> frame;
  const std::vector<std::int32_t> codes{1, -2};
  append_frame(frame, h, codes);
  REQUIRE(frame.size() == kHeaderBytes + 8 + kTrailerBytes);
  const std::vector<std::uint8_t> expected_header{
      'N',  'R',  'S',  'T',  1,    0,    48,   0,     // magic, version 1, header size 48
      8,    7,    6,    5,    4,    3,    2,    1,     // sequence
      0,    4,    0,    0,    0,    0,    0,    0,     // first sample index 1024
      0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // DAQ time -5 ns
      2,    0,    0,    0,    1,    0,    1,    0,     // 2 samples, 1 channel, int32_le
      1,    0,    0,    0,    8,    0,    0,    0};    // overrun flag, 8 payload bytes
  CHECK(std::vector<std::uint8_t>(frame.begin(), frame.begin() + kHeaderBytes) == expected_header);
  CHECK(std::vector<std::uint8_t>(frame.begin() + kHeaderBytes, frame.begin() + kHeaderBytes + 8) ==
        std::vector<std::uint8_t>{1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff});
  // CRC-32 (IEEE) of header and payload, little-endian, last.
  const std::uint32_t crc =
      frame_crc({frame.data(), kHeaderBytes}, {frame.data() + kHeaderBytes, 8});
  CHECK(read_u32_le(frame.data() + kHeaderBytes + 8) == crc);
  // The standard check value: CRC-32 of "123456789" is 0xCBF43926.
  const std::string nine = "123456789";
  CHECK(frame_crc({reinterpret_cast<const std::uint8_t*>(nine.data()), 9}, {}) == 0xCBF43926u);

  const FrameHeader back = decode_header(header_of(frame), 1 << 20);
  CHECK(back.sequence == h.sequence);
  CHECK(back.first_sample_index == 1024);
  CHECK(back.daq_time_ns == -5);
  CHECK(back.sample_count == 2);
  CHECK(back.channel_count == 1);
  CHECK(back.flags == kFlagOverrun);
  CHECK(back.payload_bytes == 8);
  std::vector<std::int32_t> decoded(2);
  decode_codes({frame.data() + kHeaderBytes, 8}, decoded);
  CHECK(decoded == codes);
}

TEST_CASE("Stream frames: what a receiver refuses", "[stream]") {
  FrameHeader h;
  h.sample_count = 4;
  h.channel_count = 2;
  std::vector<std::uint8_t> frame;
  append_frame(frame, h, std::vector<std::int32_t>(8, 7));
  const auto good = header_of(frame);
  CHECK_NOTHROW(decode_header(good, 32));
  CHECK_THROWS_AS(decode_header(good, 31), StreamFrameError);  // over the reader's block
  auto bad = good;
  bad[0] = 'X';  // magic: the framing is lost
  CHECK_THROWS_AS(decode_header(bad, 1 << 20), StreamFrameError);
  bad = good;
  bad[4] = 2;  // version
  CHECK_THROWS_AS(decode_header(bad, 1 << 20), StreamFrameError);
  bad = good;
  bad[6] = 64;  // header size
  CHECK_THROWS_AS(decode_header(bad, 1 << 20), StreamFrameError);
  bad = good;
  bad[38] = 9;  // encoding
  CHECK_THROWS_AS(decode_header(bad, 1 << 20), StreamFrameError);
  bad = good;
  bad[44] = 31;  // payload size that does not match the counts
  CHECK_THROWS_AS(decode_header(bad, 1 << 20), StreamFrameError);
  // A flipped payload bit changes the CRC.
  const std::uint32_t crc =
      frame_crc({frame.data(), kHeaderBytes}, {frame.data() + kHeaderBytes, 32});
  frame[kHeaderBytes + 5] ^= 0x10;
  CHECK(frame_crc({frame.data(), kHeaderBytes}, {frame.data() + kHeaderBytes, 32}) != crc);
}

TEST_CASE("Stream control: hello, CONF, START, STOP, replies", "[stream]") {
  Hello hello;
  hello.device = "needlerig sim DAQ";
  hello.channels = {{"protrusion_mm", "mm"}, {"force_N", "N"}};
  hello.max_sample_rate_hz = 2e6;
  hello.max_block_samples = 65536;
  const Hello back = parse_hello(hello_line(hello) + "\r");
  CHECK(back.device == hello.device);
  REQUIRE(back.channels.size() == 2);
  CHECK(back.channels[1].id == "force_N");
  CHECK(back.max_block_samples == 65536);
  for (const char* bad : {"", "SCPI", "NRST 1 ", "NRST 1 {}", "NRST 2 {\"device\":\"x\"}",
                          "NRST 1 {\"device\":\"x\",\"channels\":[],\"max_sample_rate_hz\":1,"
                          "\"max_block_samples\":1}",
                          "NRST 1 {\"device\":1,\"channels\":[{\"id\":\"a\",\"unit\":\"b\"}],"
                          "\"max_sample_rate_hz\":1,\"max_block_samples\":1}"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_hello(bad), StreamControlError);
  }
  std::string command;
  const auto conf = parse_client_line(configure_line({100000.0, 1024}), command);
  REQUIRE(conf);
  CHECK(command == "CONF");
  CHECK(conf->sample_rate_hz == 100000.0);
  CHECK(conf->block_samples == 1024);
  CHECK_FALSE(parse_client_line("START", command));
  CHECK(command == "START");
  CHECK_FALSE(parse_client_line("STOP\r", command));
  CHECK(command == "STOP");
  for (const char* bad : {"", "GO", "CONF", "CONF 1", "CONF x 1", "CONF 1 x", "CONF -1 5",
                          "CONF 1e5 0", "CONF nan 5", "CONF 1 5 6"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_client_line(bad, command), StreamControlError);
  }
  CHECK_FALSE(parse_reply("OK\r"));
  CHECK(parse_reply("ERR rate too high") == "rate too high");
  CHECK_THROWS_AS(parse_reply("YES"), StreamControlError);
}
