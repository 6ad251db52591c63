#pragma once
// One entry of a capture step's `measurements` list: {id, min, max} or {id, nominal, tolerance},
// with an optional guard_band or (expanded) uncertainty.

#include <yaml-cpp/yaml.h>

#include <string>

#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::plan {

/// Throws PlanError for an unknown id (with the close ones), no limit at all, mixed limit forms,
/// min > max, or a negative tolerance, guard band or uncertainty.
MeasurementCheck parse_measurement_check(const YAML::Node& node, const std::string& file);

}  // namespace needlerig::rig::plan
