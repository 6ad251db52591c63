#pragma once
// The SCPI program-message syntax an instrument reads (what a controller sends), as pure
// functions: the simulated instruments (needlerig-sim) take their commands through it, so that a
// controller no one here wrote (PyVISA, lxi) is answered as a real instrument would answer it.
// Headers match in the short or long form of each node (VOLT, VOLTage), optional nodes may be
// left out ([SOURce:]VOLTage[:LEVel]), case does not matter. Each unit of a compound message
// (`VOLT 5;OUTP ON`) is read from the root: relative paths after ';' are not supported.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::scpi {

/// A command an instrument refuses, with the SCPI error code its queue will hold.
class ScpiCommandError : public std::runtime_error {
 public:
  ScpiCommandError(int code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// The standard error codes the simulated instruments use.
inline constexpr int kSyntaxError = -102;
inline constexpr int kUndefinedHeader = -113;
inline constexpr int kMissingParameter = -109;
inline constexpr int kParameterNotAllowed = -108;
inline constexpr int kDataTypeError = -104;
inline constexpr int kDataOutOfRange = -222;

struct ProgramUnit {
  std::string header;  // as sent, without the '?'
  bool query = false;
  std::vector<std::string> arguments;  // trimmed; quoted strings keep their quotes
};

/// The units of one program message (a line, without its terminator). Throws ScpiCommandError
/// (-102) for what cannot be a program message.
std::vector<ProgramUnit> parse_program_message(std::string_view line);

/// Whether `header` is one of the forms `pattern` allows (common commands such as *IDN match
/// exactly).
bool header_matches(std::string_view pattern, std::string_view header);

/// The unit's single numeric argument (-109 missing, -108 more than one, -104 not a number).
double numeric_argument(const ProgramUnit& unit);
/// The unit's single boolean argument: ON, OFF, 1 or 0 (-104 otherwise).
bool boolean_argument(const ProgramUnit& unit);

}  // namespace needlerig::rig::scpi
