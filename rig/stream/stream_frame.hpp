#pragma once
// The needlerig stream protocol's binary frame (docs/stream-protocol.md), as pure functions of
// the bytes: a 48-byte little-endian header (magic "NRST", version, header size, sequence number,
// first-sample index, DAQ-clock time, sample and channel counts, encoding, flags, payload size),
// the payload (codes interleaved by sample), and a CRC-32 of header and payload. A receiver
// counts sequence gaps and CRC failures as dropouts: a lost frame is never silent.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace needlerig::rig::stream {

inline constexpr std::array<std::uint8_t, 4> kMagic{'N', 'R', 'S', 'T'};
inline constexpr std::uint16_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 48;
inline constexpr std::size_t kTrailerBytes = 4;  // the CRC-32

enum class Encoding : std::uint16_t {
  int32_le = 1,  // one signed 32-bit little-endian code per channel per sample
};

// Frame flags.
inline constexpr std::uint32_t kFlagOverrun = 1u << 0;  // the device lost samples before this one
inline constexpr std::uint32_t kFlagEnd = 1u << 1;      // the last frame after STOP (no samples)

struct FrameHeader {
  std::uint64_t sequence = 0;            // 0 for the first frame after START, then +1 a frame
  std::uint64_t first_sample_index = 0;  // since START
  std::int64_t daq_time_ns = 0;          // DAQ-clock time of the first sample
  std::uint32_t sample_count = 0;
  std::uint16_t channel_count = 0;
  Encoding encoding = Encoding::int32_le;
  std::uint32_t flags = 0;
  std::uint32_t payload_bytes = 0;  // sample_count x channel_count x 4 for int32_le
};

/// Bytes that cannot be a frame header (the stream has lost its framing: the connection must be
/// dropped), or a frame larger than the receiver takes.
class StreamFrameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void encode_header(const FrameHeader& header, std::span<std::uint8_t, kHeaderBytes> out);
/// Reads and checks a header: magic, version, header size, encoding, and a payload size that
/// matches the counts and is at most `max_payload_bytes`.
FrameHeader decode_header(std::span<const std::uint8_t, kHeaderBytes> bytes,
                          std::size_t max_payload_bytes);

/// The CRC-32 (IEEE 802.3) of a header and its payload.
std::uint32_t frame_crc(std::span<const std::uint8_t> header,
                        std::span<const std::uint8_t> payload);

/// Appends a whole frame (header, codes as int32_le, CRC) to `out`; the payload size is set from
/// `codes` (sample_count x channel_count of them).
void append_frame(std::vector<std::uint8_t>& out, FrameHeader header,
                  std::span<const std::int32_t> codes);

/// Decodes an int32_le payload into `codes` (payload.size() / 4 values).
void decode_codes(std::span<const std::uint8_t> payload, std::span<std::int32_t> codes);

std::uint32_t read_u32_le(const std::uint8_t* p);

}  // namespace needlerig::rig::stream
