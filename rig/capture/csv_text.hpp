#pragma once
// Small text helpers shared by the CSV capture reader's parts.

#include <cstddef>
#include <string>
#include <string_view>

namespace needlerig::rig::capture::csv {

/// Blanks around fields and at line ends: spaces, tabs, and the '\r' of CRLF line ends.
constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

constexpr std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

/// A field quoted for a message, cut to about 40 characters so that a runaway field cannot flood
/// the report.
inline std::string quote_excerpt(std::string_view text) {
  constexpr std::size_t kMaxChars = 40;
  std::string quoted = "'";
  if (text.size() > kMaxChars) {
    quoted.append(text.substr(0, kMaxChars));
    quoted.append("...");
  } else {
    quoted.append(text);
  }
  quoted.push_back('\'');
  return quoted;
}

}  // namespace needlerig::rig::capture::csv
