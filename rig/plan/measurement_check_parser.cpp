#include "rig/plan/measurement_check_parser.hpp"

#include <charconv>
#include <string>
#include <vector>

#include "rig/config/close_names.hpp"
#include "rig/config/yaml_map.hpp"

namespace needlerig::rig::plan {
namespace {

using config::YamlMap;

std::vector<std::string_view> measurement_names() {
  std::vector<std::string_view> names;
  for (const auto& info : analysis::kMeasurements) names.push_back(info.name);
  return names;
}

double non_negative(const YamlMap& map, std::string_view key) {
  const double value = map.number(key);
  if (value < 0.0) map.fail(key, "must not be negative (got " + std::to_string(value) + ")");
  return value;
}

}  // namespace

MeasurementCheck parse_measurement_check(const YAML::Node& node, const std::string& file) {
  const YamlMap map(node, file, "measurements",
                    {"id", "min", "max", "nominal", "tolerance", "guard_band", "uncertainty"});
  MeasurementCheck check{};
  check.line = map.line();

  const std::string name = map.text("id");
  const auto id = analysis::measurement_id_from_name(name);
  if (!id) {
    const auto names = measurement_names();
    map.fail("id", "unknown measurement id '" + name + "'" + config::did_you_mean(name, names));
  }
  check.id = *id;

  const bool range_form = map.has("min") || map.has("max");
  const bool nominal_form = map.has("nominal") || map.has("tolerance");
  if (range_form && nominal_form) {
    map.fail(map.has("nominal") ? "nominal" : "tolerance",
             "give either min/max or nominal/tolerance, not both");
  }
  if (nominal_form) {
    const double nominal = map.number("nominal");
    const double tolerance = non_negative(map, "tolerance");
    check.limits = analysis::Limits::around(nominal, tolerance);
  } else if (range_form) {
    check.limits.lower = map.optional_number("min");
    check.limits.upper = map.optional_number("max");
    if (check.limits.lower && check.limits.upper && *check.limits.lower > *check.limits.upper) {
      map.fail("min", "min (" + std::to_string(*check.limits.lower) + ") is greater than max (" +
                          std::to_string(*check.limits.upper) + ")");
    }
  } else {
    map.fail("id", "'" + name + "' has no limits: give min and/or max, or nominal and tolerance");
  }

  if (map.has("guard_band") && map.has("uncertainty")) {
    map.fail("uncertainty", "give either guard_band or uncertainty (guard band = uncertainty)");
  }
  if (map.has("guard_band")) {
    // "2u": a multiple of the capture's own uncertainty u, for ids the engine gives one.
    const std::string text = map.text("guard_band");
    if (!text.empty() && text.back() == 'u') {
      double multiple = -1.0;
      const auto [end, error] =
          std::from_chars(text.data(), text.data() + text.size() - 1, multiple);
      if (error != std::errc() || end != text.data() + text.size() - 1 || !(multiple > 0.0)) {
        map.fail("guard_band", "'" + text + "' is not a positive multiple of u (e.g. 2u)");
      }
      if (!analysis::reports_uncertainty(check.id)) {
        map.fail("guard_band", "'" + name +
                                   "' has no uncertainty u to make a guard band of: give it in "
                                   "the measurement's unit");
      }
      check.guard_band_in_u = multiple;
    } else {
      check.limits.guard_band = non_negative(map, "guard_band");
    }
  }
  if (map.has("uncertainty")) {
    check.uncertainty = non_negative(map, "uncertainty");
    check.limits.guard_band = *check.uncertainty;
  }
  return check;
}

}  // namespace needlerig::rig::plan
