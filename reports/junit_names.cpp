#include "reports/junit_names.hpp"

namespace needlerig::reports {

std::string junit_name_component(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '.') {
      out += "\u2024";
    } else if (byte < 0x20) {
      // U+2400 + byte: three UTF-8 bytes E2 90 (80 + byte).
      out += "\xE2\x90";
      out += static_cast<char>(0x80 + byte);
    } else if (byte == 0x7F) {
      out += "\u2421";
    } else {
      out += c;  // other bytes, multi-byte UTF-8 included, pass through (escape_markup checks them)
    }
  }
  return out;
}

}  // namespace needlerig::reports
