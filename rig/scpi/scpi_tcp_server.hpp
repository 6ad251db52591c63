#pragma once
// Serves a ScpiInstrument on a TCP port as LAN instruments do on 5025 (a raw SCPI socket): each
// line a client sends is a program message, each reply a line. Several clients may connect at
// once (a driver's session and its safety line); messages are handled one at a time, on the
// io_context's thread. A line longer than any program message closes that client's connection.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rig/scpi/scpi_instrument.hpp"

namespace needlerig::rig::scpi {

class ScpiTcpServer {
 public:
  /// Listens on `address`:`port` (port 0: a free port, see port()). Throws
  /// boost::system::system_error when it cannot.
  ScpiTcpServer(boost::asio::io_context& io, const std::string& address, std::uint16_t port,
                ScpiInstrument& instrument);

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  /// Stops listening and closes every client's connection (as an instrument switched off does).
  void close();

 private:
  class Session;
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  ScpiInstrument& instrument_;
  std::shared_ptr<bool> open_ = std::make_shared<bool>(true);
  std::vector<std::weak_ptr<Session>> sessions_;
};

}  // namespace needlerig::rig::scpi
