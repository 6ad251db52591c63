#include "rig/plan/step_parser.hpp"

#include <limits>
#include <vector>

#include "rig/config/close_names.hpp"
#include "rig/config/yaml_map.hpp"
#include "rig/plan/measurement_check_parser.hpp"
#include "rig/plan/plan_error.hpp"

namespace needlerig::rig::plan {
namespace {

using config::YamlMap;

const std::vector<std::string_view> kStepKinds{"home",    "approach", "set_depth", "run",
                                               "capture", "stop",     "retract"};

double positive(const YamlMap& map, std::string_view key) {
  const double value = map.number(key);
  if (!(value > 0.0)) map.fail(key, "must be greater than 0 (got " + std::to_string(value) + ")");
  return value;
}

double non_negative(const YamlMap& map, std::string_view key) {
  const double value = map.number(key);
  if (value < 0.0) map.fail(key, "must not be negative (got " + std::to_string(value) + ")");
  return value;
}

ApproachStep parse_approach(const YamlMap& map) {
  return ApproachStep{positive(map, "preload_n"), positive(map, "speed_mm_per_s"),
                      map.number("limit_mm")};
}

SetDepthStep parse_set_depth(const YamlMap& map) {
  return SetDepthStep{non_negative(map, "depth_mm")};
}

RunStep parse_run(const YamlMap& map) {
  RunStep step;
  if (map.has("speed_level") && map.has("frequency_hz")) {
    map.fail("speed_level",
             "give one of speed_level or frequency_hz, not both (neither: the pen's own speed)");
  }
  if (const auto level = map.optional_integer("speed_level")) {
    if (*level < 1) {
      map.fail("speed_level", "speed levels count from 1 (got " + std::to_string(*level) + ")");
    }
    if (*level > std::numeric_limits<int>::max()) {
      map.fail("speed_level", "no pen has " + std::to_string(*level) + " speed levels");
    }
    step.speed_level = static_cast<int>(*level);
  }
  if (map.has("frequency_hz")) step.frequency_hz = positive(map, "frequency_hz");
  if (map.has("settle_s")) step.settle_s = non_negative(map, "settle_s");
  return step;
}

CaptureStep parse_capture(const YamlMap& map, const std::string& file) {
  CaptureStep step;
  step.name = map.text("name");
  step.duration_s = positive(map, "duration_s");
  const auto& list = map.value("measurements");
  if (!list.IsSequence() || list.size() == 0) {
    map.fail("measurements", "expected a list of {id, min, max} or {id, nominal, tolerance}");
  }
  for (const auto& entry : list) {
    auto check = parse_measurement_check(entry, file);
    for (const auto& earlier : step.measurements) {
      if (earlier.id == check.id) {
        throw PlanError(file, check.line, "id",
                        "measurement '" + std::string(analysis::measurement_info(check.id).name) +
                            "' is judged twice in capture '" + step.name + "'");
      }
    }
    step.measurements.push_back(check);
  }
  return step;
}

RetractStep parse_retract(const YamlMap& map) {
  return RetractStep{map.number("position_mm"), positive(map, "speed_mm_per_s")};
}

StepAction parse_settings(const std::string& kind, const YAML::Node& settings, std::size_t line,
                          const std::string& file) {
  const bool bare = settings.IsNull();
  if (kind == "run" && bare) return RunStep{};  // at the pen's own speed, no settle time
  if (kind == "home" || kind == "stop") {
    if (!bare) YamlMap(settings, file, kind, {});  // an empty mapping is fine; any key is not
    if (kind == "home") return HomeStep{};
    return StopStep{};
  }
  if (bare) {
    throw PlanError(file, line, kind, "needs its settings (a mapping of keys)");
  }
  if (kind == "approach") {
    return parse_approach(
        YamlMap(settings, file, kind, {"preload_n", "speed_mm_per_s", "limit_mm"}));
  }
  if (kind == "set_depth") return parse_set_depth(YamlMap(settings, file, kind, {"depth_mm"}));
  if (kind == "run") {
    return parse_run(YamlMap(settings, file, kind, {"speed_level", "frequency_hz", "settle_s"}));
  }
  if (kind == "capture") {
    return parse_capture(YamlMap(settings, file, kind, {"name", "duration_s", "measurements"}),
                         file);
  }
  return parse_retract(YamlMap(settings, file, kind, {"position_mm", "speed_mm_per_s"}));
}

void check_kind(const std::string& kind, std::size_t line, const std::string& file) {
  for (const auto known : kStepKinds) {
    if (known == kind) return;
  }
  std::string all;
  for (const auto known : kStepKinds) all += (all.empty() ? "" : ", ") + std::string(known);
  throw PlanError(
      file, line, kind,
      "unknown step" + config::did_you_mean(kind, kStepKinds) + " (steps: " + all + ")");
}

}  // namespace

PlanStep parse_step(const YAML::Node& node, const std::string& file) {
  const std::size_t line = config::line_of(node);
  if (node.IsScalar()) {
    const std::string kind = node.Scalar();
    check_kind(kind, line, file);
    return PlanStep{parse_settings(kind, YAML::Node(YAML::NodeType::Null), line, file), line};
  }
  if (!node.IsMap() || node.size() != 1) {
    throw PlanError(file, line, "steps",
                    "each step is one kind with its settings, e.g. '- capture: {...}'");
  }
  const auto entry = node.begin();
  if (!entry->first.IsScalar()) {
    throw PlanError(file, line, "steps", "a step's kind must be a plain name");
  }
  const std::string kind = entry->first.Scalar();
  check_kind(kind, line, file);
  return PlanStep{parse_settings(kind, entry->second, line, file), line};
}

}  // namespace needlerig::rig::plan
