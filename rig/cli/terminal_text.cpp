#include "rig/cli/terminal_text.hpp"

#include <fmt/format.h>

namespace needlerig::rig::cli {
namespace {

std::string escape_controls(std::string_view text, bool keep_line_breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool kept_break = keep_line_breaks && (byte == '\n' || byte == '\t');
    if ((byte < 0x20 && !kept_break) || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
      continue;
    }
    // C1 controls in UTF-8: 0xC2 followed by 0x80..0x9F (CSI among them).
    if (byte == 0xc2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) {
        out += fmt::format("\\xc2\\x{:02x}", next);
        ++i;
        continue;
      }
    }
    out += static_cast<char>(byte);
  }
  return out;
}

}  // namespace

std::string terminal_safe(std::string_view text) { return escape_controls(text, true); }

std::string terminal_safe_line(std::string_view text) { return escape_controls(text, false); }

}  // namespace needlerig::rig::cli
