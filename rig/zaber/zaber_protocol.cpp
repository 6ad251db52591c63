#include "rig/zaber/zaber_protocol.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "rig/transport/protocol_text.hpp"

namespace needlerig::rig::zaber {

namespace {
std::optional<int> number(std::string_view word, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size() || value < 0 || value > max) {
    return std::nullopt;
  }
  return value;
}

/// Strips and verifies a `:XX` checksum: the two's complement of the byte sum of the message
/// after its type character, so that the sum with it is 0 modulo 256.
std::string_view checked(std::string_view line) {
  const std::size_t colon = line.rfind(':');
  if (colon == std::string_view::npos || colon + 3 != line.size()) return line;
  unsigned sum = 0;
  for (std::size_t i = 1; i < colon; ++i) sum += static_cast<unsigned char>(line[i]);
  unsigned given = 0;
  const auto hex = line.substr(colon + 1);
  const auto [end, ec] = std::from_chars(hex.data(), hex.data() + 2, given, 16);
  if (ec != std::errc() || end != hex.data() + 2) return line;  // not a checksum: data
  if (((sum + given) & 0xffu) != 0)
    throw ZaberProtocolError("checksum mismatch: " + transport::quoted_line(line));
  return line.substr(0, colon);
}
}  // namespace

ZaberReply parse_reply(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) throw ZaberProtocolError("an empty line");
  ZaberReply r;
  switch (line.front()) {
    case '@':
      r.kind = MessageKind::reply;
      break;
    case '#':
      r.kind = MessageKind::info;
      break;
    case '!':
      r.kind = MessageKind::alert;
      break;
    default:
      throw ZaberProtocolError("not a Zaber reply (no @, # or !): " + transport::quoted_line(line));
  }
  const std::string_view body = checked(line);
  const std::vector<std::string_view> w = transport::split_words(body.substr(1));
  const auto device = w.size() >= 2 ? number(w[0], 99) : std::nullopt;
  const auto axis = w.size() >= 2 ? number(w[1], 9) : std::nullopt;
  if (!device || !axis)
    throw ZaberProtocolError("no device and axis: " + transport::quoted_line(line));
  r.device = *device;
  r.axis = *axis;
  std::size_t at = 2;
  if (r.kind == MessageKind::info) {
    if (at < w.size() && number(w[at], 99)) r.message_id = number(w[at++], 99);
    for (; at < w.size(); ++at) r.data += (r.data.empty() ? "" : " ") + std::string(w[at]);
    return r;
  }
  if (at < w.size() && number(w[at], 99)) r.message_id = number(w[at++], 99);
  if (r.kind == MessageKind::reply) {
    if (at >= w.size() || (w[at] != "OK" && w[at] != "RJ")) {
      throw ZaberProtocolError("a reply without OK or RJ: " + transport::quoted_line(line));
    }
    r.accepted = w[at++] == "OK";
  }
  if (at >= w.size() || (w[at] != "BUSY" && w[at] != "IDLE")) {
    throw ZaberProtocolError("no BUSY or IDLE: " + transport::quoted_line(line));
  }
  r.busy = w[at++] == "BUSY";
  if (at >= w.size() || w[at].size() != 2)
    throw ZaberProtocolError("no warning flag: " + transport::quoted_line(line));
  r.warning = std::string(w[at++]);
  for (; at < w.size(); ++at) r.data += (r.data.empty() ? "" : " ") + std::string(w[at]);
  if (r.kind == MessageKind::reply && r.data.empty()) {
    throw ZaberProtocolError("a reply without data: " + transport::quoted_line(line));
  }
  return r;
}

bool is_fault_flag(std::string_view warning) { return warning.size() == 2 && warning[0] == 'F'; }

std::string format_command(int device, int axis, std::string_view command) {
  return command.empty() ? fmt::format("/{} {}", device, axis)
                         : fmt::format("/{} {} {}", device, axis, command);
}

ZaberCommand parse_command(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty() || line.front() != '/') {
    throw ZaberProtocolError("not a Zaber command (no '/'): " + transport::quoted_line(line));
  }
  const std::string_view body = checked(line);
  const std::vector<std::string_view> w = transport::split_words(body.substr(1));
  ZaberCommand c;
  std::size_t at = 0;
  // "/", "/1", "/1 1", "/1 1 12 move ..." (device, axis and id are numbers where given).
  if (at < w.size() && number(w[at], 99)) c.device = *number(w[at++], 99);
  if (at < w.size() && number(w[at], 9)) c.axis = *number(w[at++], 9);
  if (at < w.size() && number(w[at], 99)) c.message_id = number(w[at++], 99);
  for (; at < w.size(); ++at) c.words.emplace_back(w[at]);
  return c;
}

std::string format_reply(const ZaberReply& r) {
  const char kind = r.kind == MessageKind::reply ? '@' : r.kind == MessageKind::info ? '#' : '!';
  std::string line = fmt::format("{}{:02d} {}", kind, r.device, r.axis);
  if (r.message_id) line += fmt::format(" {:02d}", *r.message_id);
  if (r.kind == MessageKind::info) return r.data.empty() ? line : line + " " + r.data;
  if (r.kind == MessageKind::reply) line += r.accepted ? " OK" : " RJ";
  line += r.busy ? " BUSY " : " IDLE ";
  line += r.warning.empty() ? "--" : r.warning;
  if (!r.data.empty()) line += " " + r.data;
  return line;
}

}  // namespace needlerig::rig::zaber
