// Fuzzes the line protocols' parsers with arbitrary bytes: Zaber ASCII replies and commands, and
// the pen service port's replies and commands, on both sides (the drivers read replies, the
// simulated instruments read commands). Each returns a value or throws its own error
// (ZaberProtocolError, ServicePortError): any other exception, a crash or a sanitizer report is a
// bug, and what parses formats back to a line that parses the same.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rig/service_port/service_port_protocol.hpp"
#include "rig/zaber/zaber_protocol.hpp"

using namespace needlerig::rig;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  try {
    const zaber::ZaberReply reply = zaber::parse_reply(line);
    const zaber::ZaberReply again = zaber::parse_reply(zaber::format_reply(reply));
    if (again.device != reply.device || again.axis != reply.axis || again.busy != reply.busy ||
        again.accepted != reply.accepted) {
      std::abort();
    }
  } catch (const zaber::ZaberProtocolError&) {
  }
  try {
    (void)zaber::parse_command(line);
  } catch (const zaber::ZaberProtocolError&) {
  }
  try {
    const service_port::Reply reply = service_port::parse_reply(line);
    const service_port::Reply again = service_port::parse_reply(service_port::format_reply(reply));
    if (again.ok != reply.ok || again.fields != reply.fields ||
        again.error_code != reply.error_code) {
      std::abort();
    }
  } catch (const service_port::ServicePortError&) {
  }
  try {
    (void)service_port::parse_command(line);
  } catch (const service_port::ServicePortError&) {
  }
  return 0;
}
