#pragma once
// What a role's instrument says about itself and its line, for the run record: a result is only
// as good as the instruments behind it, and an auditor asks which ones they were and whether the
// line to them held.

#include <cstdint>
#include <string>

namespace needlerig::rig::core {

struct InstrumentHealth {
  std::string identity;        // what the instrument says it is (*IDN?, IDENT?, a stream's hello)
  std::string peer;            // "tcp HOST:PORT" or "serial /dev/ttyUSB0"; empty: in this process
  int reconnects = 0;          // connections made again after a loss
  int timeouts = 0;            // exchanges that went unanswered
  std::uint64_t dropouts = 0;  // stream frames lost or corrupted on the wire
  /// The failure that put the role in fault, in the driver's words (the line, the command, what
  /// happened); empty while it has not. For a DAQ whose stream ended mid-read, the only account.
  std::string fault;
};

}  // namespace needlerig::rig::core
