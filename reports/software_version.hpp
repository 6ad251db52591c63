#pragma once
// The software's name and version as written into every record and shown by `needlerig --version`,
// and the git commit it was built from. The version comes from the CMake project version (one
// place to bump it); the commit and the modified flag are written on every build
// (cmake/write_software_build.cmake), so a record names the exact code that produced it.

#include <optional>
#include <string_view>

namespace needlerig::reports {

std::string_view software_name();
std::string_view software_version();

/// The commit (40 hex digits) of the checkout the software was built from, "unknown" when it
/// was built without git or outside a git checkout.
std::string_view software_commit();

/// Whether tracked files of that checkout differed from the commit at build time; nullopt when
/// the commit is unknown.
std::optional<bool> software_tree_modified();

}  // namespace needlerig::reports
