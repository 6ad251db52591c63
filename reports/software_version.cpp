#include "reports/software_version.hpp"

// Set on the reports target from project(... VERSION ...); only this file reads it, so a version
// bump recompiles one file.
#ifndef NEEDLERIG_VERSION
#error "NEEDLERIG_VERSION must be defined by the build (reports/CMakeLists.txt)"
#endif

namespace needlerig::reports {

std::string_view software_name() { return "needlerig"; }
std::string_view software_version() { return NEEDLERIG_VERSION; }

}  // namespace needlerig::reports
