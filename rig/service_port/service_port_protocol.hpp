#pragma once
// The pen service port (docs/pen-service-port.md): a line protocol over a serial line (or TCP)
// that the project defines for pens with firmware a rig can talk to, as pure functions. A command
// is a word and its arguments (`SPEED 3`, `DEPTH 1.25`, `STATUS?`); a reply is `OK` with optional
// key=value fields (`OK running=1 depth=1.25 current=0.31`) or `ERR <code> <message>`.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::service_port {

class ServicePortError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Error codes of an ERR reply.
inline constexpr int kUnknownCommand = 1;
inline constexpr int kBadValue = 2;
inline constexpr int kNotNow = 3;  // not allowed in the pen's state (a depth change while running)
inline constexpr int kPenFault = 4;

struct Reply {
  bool ok = true;
  int error_code = 0;
  std::string message;                        // ERR's text
  std::map<std::string, std::string> fields;  // OK's key=value fields
};

/// A reply line (a trailing CR is ignored). Throws ServicePortError for anything else.
Reply parse_reply(std::string_view line);
std::string format_reply(const Reply& reply);

struct Command {
  std::string word;  // upper case: HELLO, IDENT?, CAPS?, SPEED, FREQ, DEPTH, RUN, STOP, STATUS?
  std::vector<std::string> arguments;
};
/// A command line as a pen reads it. Throws ServicePortError (kUnknownCommand) for an empty or
/// over-long line.
Command parse_command(std::string_view line);

/// The field `key` of an OK reply as a number (ServicePortError when missing or not a number).
double number_field(const Reply& reply, const std::string& key);
/// The field `key` as text (ServicePortError when missing).
const std::string& text_field(const Reply& reply, const std::string& key);

}  // namespace needlerig::rig::service_port
