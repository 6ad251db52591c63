// Fuzzes the stream protocol's parsers with arbitrary bytes: the frame header a DAQ driver reads
// (and the CRC and codes after it) and the text lines of both sides (the server's hello and
// replies, the client's commands). Each parser returns a value or throws its own error
// (StreamFrameError, StreamControlError): any other exception, a crash or a sanitizer report is a
// bug, and a header that decodes never claims more payload than allowed.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "rig/stream/stream_control.hpp"
#include "rig/stream/stream_frame.hpp"

using namespace needlerig::rig::stream;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size >= kHeaderBytes) {
    constexpr std::size_t kMax = 1 << 16;
    try {
      const FrameHeader h =
          decode_header(std::span<const std::uint8_t, kHeaderBytes>(data, kHeaderBytes), kMax);
      if (h.payload_bytes > kMax ||
          std::uint64_t{h.sample_count} * h.channel_count * 4 != h.payload_bytes) {
        std::abort();
      }
      const std::span<const std::uint8_t> rest(data + kHeaderBytes, size - kHeaderBytes);
      const std::size_t payload = std::min<std::size_t>(h.payload_bytes, rest.size());
      (void)frame_crc({data, kHeaderBytes}, rest.first(payload));
      std::vector<std::int32_t> codes(payload / 4);
      decode_codes(rest.first(payload), codes);
    } catch (const StreamFrameError&) {
    }
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Hello hello = parse_hello(text);
    if (hello.channels.empty() || hello.max_block_samples == 0) std::abort();
  } catch (const StreamControlError&) {
  }
  try {
    std::string command;
    const auto conf = parse_client_line(text, command);
    if (conf && !(conf->sample_rate_hz > 0.0 && conf->block_samples > 0)) std::abort();
  } catch (const StreamControlError&) {
  }
  try {
    (void)parse_reply(text);
  } catch (const StreamControlError&) {
  }
  return 0;
}
