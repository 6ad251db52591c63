#pragma once
// The needlerig stream protocol's text part (docs/stream-protocol.md): the server's hello line on
// connect, and the client's CONF / START / STOP lines with the server's OK / ERR replies. Pure
// functions of the text.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::stream {

/// A hello line, a CONF line or a reply that the protocol does not allow.
class StreamControlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HelloChannel {
  std::string id;
  std::string unit;
};

/// What the server says on connect: `NRST 1 {"device": ..., "channels": [...], ...}`.
struct Hello {
  std::string device;  // the DAQ's identity
  std::vector<HelloChannel> channels;
  double max_sample_rate_hz = 0.0;
  std::size_t max_block_samples = 0;
};

std::string hello_line(const Hello& hello);
Hello parse_hello(std::string_view line);

/// `CONF <sample_rate_hz> <block_samples>`.
struct Configure {
  double sample_rate_hz = 0.0;
  std::size_t block_samples = 0;
};
std::string configure_line(const Configure& configure);
/// A client's line: CONF (returned), START or STOP (nullopt, `command` set). Throws
/// StreamControlError for anything else.
std::optional<Configure> parse_client_line(std::string_view line, std::string& command);

/// The server's reply to CONF: nullopt for `OK`, the message of `ERR <message>`. Throws
/// StreamControlError for anything else.
std::optional<std::string> parse_reply(std::string_view line);

}  // namespace needlerig::rig::stream
