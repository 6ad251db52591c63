#pragma once
// What `needlerig --version` prints: the version, and the commit the binary was built from with
// whether its tree was modified, so that a station's software can be traced to its source.

#include <string>

namespace needlerig::rig::cli {

/// "needlerig 0.1.0 (commit 1a2b..., modified)"; "(commit unknown)" without git at build time.
std::string version_text();

}  // namespace needlerig::rig::cli
