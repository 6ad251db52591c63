#pragma once
// A SCPI instrument's side of the conversation, without I/O: one program message in, its reply
// out. It answers the IEEE 488.2 common commands (*IDN?, *RST, *CLS, *OPC, *OPC?, *WAI, *TRG) and
// keeps the error queue (SYST:ERR?) as instruments do: a refused unit queues its error, the rest of
// the message is dropped, and a refused query answers nothing. A derived instrument adds its own
// commands. The simulated instruments of needlerig-sim are built on it and served by
// rig/transport/line_server.

#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "rig/scpi/scpi_command.hpp"
#include "rig/scpi/scpi_reply.hpp"

namespace needlerig::rig::scpi {

class ScpiInstrument {
 public:
  explicit ScpiInstrument(Identity identity) : identity_(std::move(identity)) {}
  virtual ~ScpiInstrument() = default;

  /// The reply to one program message (a line without its terminator); nullopt when the message
  /// holds no query that was answered.
  std::optional<std::string> handle(std::string_view line);

  const Identity& identity() const { return identity_; }

 protected:
  /// The instrument's own commands: the reply of a query (nullopt for a command). Throws
  /// ScpiCommandError (kUndefinedHeader for a header it does not know).
  virtual std::optional<std::string> execute(const ProgramUnit& unit) = 0;
  /// *RST: the instrument's defined state (outputs off).
  virtual void reset() = 0;
  /// *TRG: the bus trigger. An instrument without one refuses it (undefined header).
  virtual void trigger();

 private:
  /// The common commands and SYST:ERR?: false for a unit that is the instrument's own.
  bool common(const ProgramUnit& unit, std::optional<std::string>& answer);
  void queue_error(int code, const std::string& message);

  Identity identity_;
  std::deque<ErrorEntry> errors_;
};

/// A number as SCPI NR3 ("+1.250000E+01").
std::string nr3(double value);

}  // namespace needlerig::rig::scpi
