#pragma once
// What goes wrong on a wire, said once for every transport: the peer, the exchange and the kind, so
// that a station's operator reads "tcp 10.0.0.5:5025: no reply within 500 ms to 'MEAS:VOLT?'"
// rather than an errno, and a driver can tell a silent peer from a closed one.

#include <stdexcept>
#include <string>
#include <string_view>

namespace needlerig::rig::transport {

enum class TransportErrorKind {
  connect_failed,  // the peer could not be reached or opened
  timeout,         // no complete reply before the exchange's deadline
  closed,          // the peer closed the connection (or the device went away)
  io_error,        // the operating system reported an error on the line
  garbage,         // bytes that cannot be the reply (a line longer than any the protocol has)
};

std::string_view transport_error_kind_name(TransportErrorKind kind);

class TransportError : public std::runtime_error {
 public:
  TransportError(TransportErrorKind kind, const std::string& peer, const std::string& what);
  TransportErrorKind kind() const { return kind_; }
  /// What went wrong, without the peer (what() is "<peer>: <detail>").
  const std::string& detail() const { return detail_; }

 private:
  TransportErrorKind kind_;
  std::string detail_;
};

/// Whether `error` is a transport error of kind timeout: the drivers count those apart from the
/// other failures that put a role in fault.
inline bool is_timeout(const std::exception& error) {
  const auto* transport_error = dynamic_cast<const TransportError*>(&error);
  return transport_error != nullptr && transport_error->kind() == TransportErrorKind::timeout;
}

}  // namespace needlerig::rig::transport
