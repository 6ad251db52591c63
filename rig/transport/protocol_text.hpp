#pragma once
// Text helpers the line protocols' parsers share: words split at spaces, and a received line
// quoted for an error message (control bytes shown as '?', cut at 80 characters), so that garbage
// from an instrument never reaches a terminal raw.

#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::transport {

/// The words of `text`, split at runs of spaces.
std::vector<std::string_view> split_words(std::string_view text);

/// `line` quoted for a message.
std::string quoted_line(std::string_view line);

}  // namespace needlerig::rig::transport
