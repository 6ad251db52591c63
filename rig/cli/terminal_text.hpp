#pragma once
// Text from files (plan and step names, CSV headers, metadata, messages quoting them) is shown on
// an operator's terminal. Control characters in it must not reach the terminal raw: an escape
// sequence in a step name could rewrite the screen, hide a FAIL, or set the window title. They are
// shown as \xNN instead.

#include <string>
#include <string_view>

namespace needlerig::rig::cli {

/// `text` with every control character except newline and tab (C0, DEL, and the C1 controls
/// U+0080..U+009F in UTF-8) written as "\xNN". For whole messages and tables.
std::string terminal_safe(std::string_view text);

/// The same, also escaping newline and tab: for a name inside one line.
std::string terminal_safe_line(std::string_view text);

}  // namespace needlerig::rig::cli
