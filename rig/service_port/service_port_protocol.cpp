#include "rig/service_port/service_port_protocol.hpp"

#include <fast_float/fast_float.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "rig/transport/protocol_text.hpp"

namespace needlerig::rig::service_port {

namespace {
constexpr std::size_t kMaxLine = 512;

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool printable(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}
}  // namespace

Reply parse_reply(std::string_view line) {
  line = without_cr(line);
  if (line.size() > kMaxLine || !printable(line)) {
    throw ServicePortError("not a service-port reply: " + transport::quoted_line(line));
  }
  const std::vector<std::string_view> w = transport::split_words(line);
  Reply r;
  if (!w.empty() && w[0] == "OK") {
    for (std::size_t i = 1; i < w.size(); ++i) {
      const std::size_t eq = w[i].find('=');
      if (eq == std::string_view::npos || eq == 0 || eq + 1 == w[i].size()) {
        throw ServicePortError("a field that is not key=value in " + transport::quoted_line(line));
      }
      if (!r.fields.emplace(std::string(w[i].substr(0, eq)), std::string(w[i].substr(eq + 1)))
               .second) {
        throw ServicePortError("a field given twice in " + transport::quoted_line(line));
      }
    }
    return r;
  }
  if (w.size() >= 2 && w[0] == "ERR") {
    r.ok = false;
    const auto [end, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), r.error_code);
    if (ec != std::errc() || end != w[1].data() + w[1].size() || r.error_code <= 0) {
      throw ServicePortError("an ERR without a code: " + transport::quoted_line(line));
    }
    const std::size_t at = line.find(w[1]) + w[1].size();
    r.message = std::string(line.substr(std::min(line.size(), at + 1)));
    return r;
  }
  throw ServicePortError("not a service-port reply (OK or ERR): " + transport::quoted_line(line));
}

std::string format_reply(const Reply& r) {
  if (!r.ok) return "ERR " + std::to_string(r.error_code) + " " + r.message;
  std::string line = "OK";
  for (const auto& [key, value] : r.fields) line += " " + key + "=" + value;
  return line;
}

Command parse_command(std::string_view line) {
  line = without_cr(line);
  if (line.size() > kMaxLine || !printable(line)) {
    throw ServicePortError("not a command: " + transport::quoted_line(line));
  }
  const std::vector<std::string_view> w = transport::split_words(line);
  if (w.empty()) throw ServicePortError("an empty command");
  Command c;
  for (const char ch : w[0])
    c.word += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  for (std::size_t i = 1; i < w.size(); ++i) c.arguments.emplace_back(w[i]);
  return c;
}

double number_field(const Reply& reply, const std::string& key) {
  const std::string& text = text_field(reply, key);
  double value = 0.0;
  const auto r = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(value)) {
    throw ServicePortError("field " + key + "=" + text + " is not a number");
  }
  return value;
}

const std::string& text_field(const Reply& reply, const std::string& key) {
  const auto found = reply.fields.find(key);
  if (found == reply.fields.end()) throw ServicePortError("the reply has no field " + key);
  return found->second;
}

}  // namespace needlerig::rig::service_port
