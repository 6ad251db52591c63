#include "rig/transport/asio_byte_stream.hpp"

#include <boost/asio/error.hpp>
#include <cerrno>

namespace needlerig::rig::transport {

TransportError error_for(const boost::system::error_code& error, const std::string& peer,
                         std::string_view doing) {
  namespace e = boost::asio::error;
  const bool closed =
      error == e::eof || error == e::connection_reset || error == e::broken_pipe ||
      error == e::connection_aborted || error == e::bad_descriptor || error == e::not_connected ||
      // a serial device unplugged, a pseudo-terminal whose other side closed
      (error.category() == boost::system::system_category() && error.value() == EIO);
  return TransportError(closed ? TransportErrorKind::closed : TransportErrorKind::io_error, peer,
                        (closed ? "the peer closed the connection (" : "error (") +
                            std::string(doing) + "): " + error.message());
}

}  // namespace needlerig::rig::transport
