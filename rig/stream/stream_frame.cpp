#include "rig/stream/stream_frame.hpp"

#include <algorithm>
#include <bit>
#include <boost/crc.hpp>
#include <cstring>

namespace needlerig::rig::stream {

namespace {
template <typename T>
void put_le(std::uint8_t* at, T value) {
  auto bits = static_cast<std::make_unsigned_t<T>>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    at[i] = static_cast<std::uint8_t>(bits & 0xffu);
    bits = static_cast<decltype(bits)>(bits >> 8);
  }
}

template <typename T>
T get_le(const std::uint8_t* at) {
  std::make_unsigned_t<T> bits = 0;
  for (std::size_t i = sizeof(T); i-- > 0;) {
    bits = static_cast<decltype(bits)>((bits << 8) | at[i]);
  }
  return static_cast<T>(bits);
}

// Field offsets in the header.
constexpr std::size_t kVersionAt = 4, kHeaderSizeAt = 6, kSequenceAt = 8, kFirstSampleAt = 16,
                      kTimeAt = 24, kSamplesAt = 32, kChannelsAt = 36, kEncodingAt = 38,
                      kFlagsAt = 40, kPayloadAt = 44;
}  // namespace

std::uint32_t read_u32_le(const std::uint8_t* p) { return get_le<std::uint32_t>(p); }

void encode_header(const FrameHeader& h, std::span<std::uint8_t, kHeaderBytes> out) {
  std::copy(kMagic.begin(), kMagic.end(), out.begin());
  put_le(out.data() + kVersionAt, kVersion);
  put_le(out.data() + kHeaderSizeAt, static_cast<std::uint16_t>(kHeaderBytes));
  put_le(out.data() + kSequenceAt, h.sequence);
  put_le(out.data() + kFirstSampleAt, h.first_sample_index);
  put_le(out.data() + kTimeAt, h.daq_time_ns);
  put_le(out.data() + kSamplesAt, h.sample_count);
  put_le(out.data() + kChannelsAt, h.channel_count);
  put_le(out.data() + kEncodingAt, static_cast<std::uint16_t>(h.encoding));
  put_le(out.data() + kFlagsAt, h.flags);
  put_le(out.data() + kPayloadAt, h.payload_bytes);
}

FrameHeader decode_header(std::span<const std::uint8_t, kHeaderBytes> bytes,
                          std::size_t max_payload_bytes) {
  if (!std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) {
    throw StreamFrameError("not a frame: no 'NRST' magic (the stream lost its framing)");
  }
  const auto version = get_le<std::uint16_t>(bytes.data() + kVersionAt);
  if (version != kVersion) {
    throw StreamFrameError("frame version " + std::to_string(version) + ", this reader takes " +
                           std::to_string(kVersion));
  }
  if (get_le<std::uint16_t>(bytes.data() + kHeaderSizeAt) != kHeaderBytes) {
    throw StreamFrameError("frame header size is not 48");
  }
  FrameHeader h;
  h.sequence = get_le<std::uint64_t>(bytes.data() + kSequenceAt);
  h.first_sample_index = get_le<std::uint64_t>(bytes.data() + kFirstSampleAt);
  h.daq_time_ns = get_le<std::int64_t>(bytes.data() + kTimeAt);
  h.sample_count = get_le<std::uint32_t>(bytes.data() + kSamplesAt);
  h.channel_count = get_le<std::uint16_t>(bytes.data() + kChannelsAt);
  const auto encoding = get_le<std::uint16_t>(bytes.data() + kEncodingAt);
  if (encoding != static_cast<std::uint16_t>(Encoding::int32_le)) {
    throw StreamFrameError("frame encoding " + std::to_string(encoding) + " is not known");
  }
  h.encoding = Encoding::int32_le;
  h.flags = get_le<std::uint32_t>(bytes.data() + kFlagsAt);
  h.payload_bytes = get_le<std::uint32_t>(bytes.data() + kPayloadAt);
  const std::uint64_t expected =
      std::uint64_t{h.sample_count} * std::uint64_t{h.channel_count} * 4u;
  if (expected != h.payload_bytes) {
    throw StreamFrameError("frame payload of " + std::to_string(h.payload_bytes) + " bytes for " +
                           std::to_string(h.sample_count) + " samples of " +
                           std::to_string(h.channel_count) + " channels");
  }
  if (h.payload_bytes > max_payload_bytes) {
    throw StreamFrameError("frame payload of " + std::to_string(h.payload_bytes) +
                           " bytes, more than the " + std::to_string(max_payload_bytes) +
                           " this reader takes");
  }
  return h;
}

std::uint32_t frame_crc(std::span<const std::uint8_t> header,
                        std::span<const std::uint8_t> payload) {
  boost::crc_32_type crc;
  crc.process_bytes(header.data(), header.size());
  crc.process_bytes(payload.data(), payload.size());
  return crc.checksum();
}

void append_frame(std::vector<std::uint8_t>& out, FrameHeader header,
                  std::span<const std::int32_t> codes) {
  header.encoding = Encoding::int32_le;
  header.payload_bytes = static_cast<std::uint32_t>(codes.size() * 4);
  const std::size_t start = out.size();
  out.resize(start + kHeaderBytes + header.payload_bytes + kTrailerBytes);
  std::uint8_t* at = out.data() + start;
  encode_header(header, std::span<std::uint8_t, kHeaderBytes>(at, kHeaderBytes));
  std::uint8_t* payload = at + kHeaderBytes;
  if constexpr (std::endian::native == std::endian::little) {
    if (!codes.empty()) std::memcpy(payload, codes.data(), codes.size() * 4);
  } else {
    for (std::size_t i = 0; i < codes.size(); ++i) put_le(payload + 4 * i, codes[i]);
  }
  put_le(payload + header.payload_bytes,
         frame_crc({at, kHeaderBytes}, {payload, header.payload_bytes}));
}

void decode_codes(std::span<const std::uint8_t> payload, std::span<std::int32_t> codes) {
  const std::size_t n = std::min(codes.size(), payload.size() / 4);
  if constexpr (std::endian::native == std::endian::little) {
    if (n > 0) std::memcpy(codes.data(), payload.data(), n * 4);
  } else {
    for (std::size_t i = 0; i < n; ++i) codes[i] = get_le<std::int32_t>(payload.data() + 4 * i);
  }
}

}  // namespace needlerig::rig::stream
