#include "reports/json_text.hpp"

#include <fmt/format.h>

namespace needlerig::reports {

std::string escape_c1_controls(std::string text) {
  // In UTF-8 a C1 control is 0xC2 followed by 0x80..0x9F; in a JSON dump such bytes occur only
  // inside strings, where the escape means the same character.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0xc2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) {
        out += fmt::format("\\u{:04x}", next);
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace needlerig::reports
