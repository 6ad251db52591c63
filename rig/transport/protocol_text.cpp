#include "rig/transport/protocol_text.hpp"

namespace needlerig::rig::transport {

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::string quoted_line(std::string_view line) {
  constexpr std::size_t kShown = 80;
  std::string out = "'";
  for (const char c : line.substr(0, kShown)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out + (line.size() > kShown ? "'..." : "'");
}

}  // namespace needlerig::rig::transport
