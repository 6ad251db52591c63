#pragma once
// The Zaber ASCII protocol as pure functions of the text: commands (`/1 1 move abs 20000`), and
// the lines a device sends back: replies (`@01 1 OK BUSY -- 0`, `@01 1 RJ IDLE -- BADDATA`),
// info lines (`#01 0 ...`) and alerts (`!01 1 IDLE --`), each with its device and axis numbers, an
// optional message id, the status, the warning flag and the data, and the optional checksum
// (`:XX`), which is verified where present. The simulated stage reads commands with the same
// functions.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::zaber {

class ZaberProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class MessageKind { reply, info, alert };

struct ZaberReply {
  MessageKind kind = MessageKind::reply;
  int device = 0;
  int axis = 0;
  std::optional<int> message_id;
  bool accepted = true;  // OK (replies only; RJ: rejected, the reason in data)
  bool busy = false;     // BUSY or IDLE (replies and alerts)
  std::string warning;   // "--" for none, else the highest-priority flag ("WR", "FS", ...)
  std::string data;
};

/// One line from a device, without its line end (a trailing CR is ignored).
ZaberReply parse_reply(std::string_view line);

/// A warning flag that stops the device from moving: the F (fault) flags.
bool is_fault_flag(std::string_view warning);

/// `/<device> <axis> <command>` (no line end).
std::string format_command(int device, int axis, std::string_view command);

/// A command as a device reads it.
struct ZaberCommand {
  int device = 0;  // 0: every device
  int axis = 0;    // 0: the device as a whole
  std::optional<int> message_id;
  std::vector<std::string> words;  // "move", "abs", "20000"; empty: a status request
};
ZaberCommand parse_command(std::string_view line);

/// A reply line as a device sends it (no line end).
std::string format_reply(const ZaberReply& reply);

}  // namespace needlerig::rig::zaber
