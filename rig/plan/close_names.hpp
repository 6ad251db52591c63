#pragma once
// The plan's name suggestions are the configuration reader's (rig/config/close_names.hpp); this
// header keeps plan::did_you_mean for the CLI's "no capture step named ..." message.

#include "rig/config/close_names.hpp"

namespace needlerig::rig::plan {

using config::did_you_mean;

}  // namespace needlerig::rig::plan
