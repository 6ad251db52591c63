#pragma once
// A TCP connection to an instrument (a SCPI socket on 5025, a stream server), Nagle off: SCPI
// exchanges are short lines, each answered before the next.

#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "rig/transport/asio_byte_stream.hpp"

namespace needlerig::rig::transport {

class TcpStream final : public AsioByteStream<boost::asio::ip::tcp::socket> {
 public:
  /// Resolves and connects before `deadline`; TransportError connect_failed otherwise.
  static std::unique_ptr<TcpStream> connect(const std::string& host, std::uint16_t port,
                                            Deadline deadline);

 private:
  explicit TcpStream(std::string peer) : AsioByteStream(std::move(peer)) {}
};

}  // namespace needlerig::rig::transport
