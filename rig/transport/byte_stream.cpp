#include "rig/transport/byte_stream.hpp"

namespace needlerig::rig::transport {

std::string read_length_framed(ByteStream& stream, std::size_t header_bytes,
                               const std::function<std::size_t(std::string_view)>& payload_bytes,
                               Deadline deadline) {
  std::string frame = stream.read_exact(header_bytes, deadline);
  const std::size_t payload = payload_bytes(frame);
  frame += stream.read_exact(payload, deadline);
  return frame;
}

}  // namespace needlerig::rig::transport
