#pragma once
// A plan that cannot be run: thrown by the loader before anything moves, caught at the CLI's edge.
// A plan is read like every other configuration file, so its error is theirs: what() reads
// "FILE:LINE: key 'KEY': message".

#include "rig/config/config_error.hpp"

namespace needlerig::rig::plan {

using PlanError = config::ConfigError;

}  // namespace needlerig::rig::plan
