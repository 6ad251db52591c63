#include "reports/markup_escape.hpp"

#include <cstdint>

namespace needlerig::reports {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

/// Length of the valid UTF-8 sequence at the start of `text`, or 0 when it is not one (overlong
/// forms, surrogates and code points beyond U+10FFFF are invalid too).
std::size_t utf8_sequence_length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(0);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1FU;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0FU;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07U;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3FU);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  // U+FFFE and U+FFFF are not XML characters either.
  if (code == 0xFFFE || code == 0xFFFF) return 0;
  return length;
}

}  // namespace

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  while (!text.empty()) {
    const char c = text.front();
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
      case '\t':
        out += c;
        break;
      case '\r':
        // A raw CR in an attribute is normalised away by XML parsers; keep it as a reference.
        out += "&#13;";
        break;
      default: {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += kReplacement;
          break;
        }
        const auto length = utf8_sequence_length(text);
        if (length == 0) {
          out += kReplacement;
          text.remove_prefix(1);
          continue;
        }
        out += text.substr(0, length);
        text.remove_prefix(length);
        continue;
      }
    }
    text.remove_prefix(1);
  }
  return out;
}

}  // namespace needlerig::reports
