#pragma once
// What a record says about the software and the computer that produced it, filled the same way by
// `needlerig run` and `needlerig analyze --plan`.

#include <string>

#include "rig/record/run_record.hpp"

namespace needlerig::rig::outputs {

/// Fills software_name, software_version, software_commit, software_modified and host_name.
void stamp_provenance(record::RunRecord& record);

/// This computer's host name, "unknown" when the system gives none.
std::string host_name();

}  // namespace needlerig::rig::outputs
