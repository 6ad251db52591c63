#include "rig/outputs/record_provenance.hpp"

#include <unistd.h>

#include <array>

#include "reports/software_version.hpp"

namespace needlerig::rig::outputs {

std::string host_name() {
  // POSIX: HOST_NAME_MAX is at most 255; the name is truncated, not an error, when longer.
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "unknown";
  return name.data();
}

void stamp_provenance(record::RunRecord& record) {
  record.software_name = std::string(reports::software_name());
  record.software_version = std::string(reports::software_version());
  record.software_commit = std::string(reports::software_commit());
  record.software_modified = reports::software_tree_modified();
  record.host_name = host_name();
}

}  // namespace needlerig::rig::outputs
