#include "rig/transport/transport_error.hpp"

namespace needlerig::rig::transport {

std::string_view transport_error_kind_name(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::connect_failed:
      return "connect failed";
    case TransportErrorKind::timeout:
      return "timeout";
    case TransportErrorKind::closed:
      return "closed";
    case TransportErrorKind::io_error:
      return "i/o error";
    case TransportErrorKind::garbage:
      return "garbage";
  }
  return "unknown";
}

TransportError::TransportError(TransportErrorKind kind, const std::string& peer,
                               const std::string& what)
    : std::runtime_error(peer + ": " + what), kind_(kind), detail_(what) {}

}  // namespace needlerig::rig::transport
