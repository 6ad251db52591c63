#include "rig/transport/tcp_stream.hpp"

#include <boost/asio/connect.hpp>

namespace needlerig::rig::transport {

std::unique_ptr<TcpStream> TcpStream::connect(const std::string& host, std::uint16_t port,
                                              Deadline deadline) {
  using boost::asio::ip::tcp;
  const std::string peer = "tcp " + host + ":" + std::to_string(port);
  std::unique_ptr<TcpStream> stream(new TcpStream(peer));
  tcp::resolver resolver(stream->io_);
  boost::system::error_code error;
  const auto endpoints = resolver.resolve(host, std::to_string(port), error);
  if (error) {
    throw TransportError(TransportErrorKind::connect_failed, peer,
                         "cannot resolve the host: " + error.message());
  }
  try {
    stream->run(
        [&](auto handler) {
          boost::asio::async_connect(stream->stream_, endpoints,
                                     [handler](const boost::system::error_code& ec,
                                               const tcp::endpoint&) mutable { handler(ec, 0); });
        },
        deadline, "connecting");
  } catch (const TransportError& e) {
    throw TransportError(TransportErrorKind::connect_failed, peer, "cannot connect: " + e.detail());
  }
  stream->stream_.set_option(tcp::no_delay(true), error);
  return stream;
}

}  // namespace needlerig::rig::transport
