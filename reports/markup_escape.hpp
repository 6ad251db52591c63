#pragma once
// Text made safe for XML 1.0 and HTML, both as element content and inside quoted attributes. Text
// in a run record comes from files (capture metadata, plan names, operator messages) and may hold
// anything: markup characters are escaped, and what XML 1.0 cannot carry at all (control
// characters other than tab, newline and carriage return; invalid UTF-8) becomes U+FFFD, so that a
// JUnit parser never rejects the file and a browser never renders injected markup.

#include <string>
#include <string_view>

namespace needlerig::reports {

std::string escape_markup(std::string_view text);

}  // namespace needlerig::reports
