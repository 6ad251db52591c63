#pragma once
// The software's name and version as written into every record and shown by `needlerig --version`.
// The version comes from the CMake project version (one place to bump it).

#include <string_view>

namespace needlerig::reports {

std::string_view software_name();
std::string_view software_version();

}  // namespace needlerig::reports
