#include "rig/cli/version_text.hpp"

#include "reports/software_version.hpp"

namespace needlerig::rig::cli {

std::string version_text() {
  std::string text = std::string(reports::software_name()) + " " +
                     std::string(reports::software_version()) + " (commit " +
                     std::string(reports::software_commit());
  const auto modified = reports::software_tree_modified();
  if (modified && *modified) text += ", modified";
  if (!modified) text += ", modification unknown";
  return text + ")";
}

}  // namespace needlerig::rig::cli
