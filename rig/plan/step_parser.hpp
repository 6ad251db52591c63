#pragma once
// One entry of a plan's `steps` list. A step is its kind with its settings, `- capture: {...}`;
// the steps without settings may be written bare, `- home`.

#include <yaml-cpp/yaml.h>

#include <string>

#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::plan {

/// Throws PlanError for an unknown kind, unknown or missing keys, wrong types and values out of
/// range. The order of steps is checked by the loader.
PlanStep parse_step(const YAML::Node& node, const std::string& file);

}  // namespace needlerig::rig::plan
