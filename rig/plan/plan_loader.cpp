#include "rig/plan/plan_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <set>
#include <vector>

#include "rig/config/close_names.hpp"
#include "rig/config/yaml_file.hpp"
#include "rig/config/yaml_map.hpp"
#include "rig/plan/step_parser.hpp"

namespace needlerig::rig::plan {
TestPlan parse_test_plan(std::string text, const std::string& path) {
  const YAML::Node root = config::parse_yaml(text, path);
  if (!root.IsDefined() || root.IsNull()) throw PlanError(path, 1, "", "the plan is empty");

  const config::YamlMap top(root, path, "plan",
                            {"name", "version", "description", "thresholds", "tolerate", "steps"});
  TestPlan plan;
  plan.path = path;
  plan.name = top.text("name");
  plan.version = top.text("version");
  plan.description = top.optional_text("description").value_or("");

  if (top.has("thresholds")) {
    const config::YamlMap map(
        top.value("thresholds"), path, "thresholds",
        {"hysteresis_fraction", "contact_threshold_n", "puncture_drop_fraction", "stall_periods",
         "stuck_periods", "dropout_step_periods"});
    const auto read = [&map](std::string_view key, double& target, bool fraction) {
      if (!map.has(key)) return;
      const double value = map.number(key);
      if (!(value > 0.0) || (fraction && !(value < 1.0))) {
        map.fail(key, std::string("must be ") + (fraction ? "between 0 and 1" : "greater than 0") +
                          " (got " + std::to_string(value) + ")");
      }
      target = value;
    };
    auto& t = plan.thresholds;
    read("hysteresis_fraction", t.hysteresis_fraction, true);
    read("contact_threshold_n", t.contact_threshold_n, false);
    read("puncture_drop_fraction", t.puncture_drop_fraction, true);
    read("stall_periods", t.stall_periods, false);
    read("stuck_periods", t.stuck_periods, false);
    read("dropout_step_periods", t.dropout_step_periods, false);
  }

  if (top.has("tolerate")) {
    const auto& list = top.value("tolerate");
    if (!list.IsSequence()) top.fail("tolerate", "expected a list of finding kinds");
    std::vector<std::string_view> kinds;
    for (unsigned k = 0; k < 256; ++k) {
      const auto name = analysis::finding_kind_name(static_cast<analysis::FindingKind>(k));
      if (name == "unknown") break;
      kinds.push_back(name);
    }
    for (const auto& item : list) {
      const std::string name = item.IsScalar() ? item.Scalar() : "";
      const auto kind = analysis::finding_kind_from_name(name);
      if (!kind) {
        std::string all;
        for (const auto k : kinds) all += (all.empty() ? "" : ", ") + std::string(k);
        throw PlanError(path, config::line_of(item), "tolerate",
                        "unknown finding kind '" + name + "'" + config::did_you_mean(name, kinds) +
                            " (kinds: " + all + ")");
      }
      plan.tolerated.insert(*kind);
    }
  }

  const auto& steps = top.value("steps");
  if (!steps.IsSequence() || steps.size() == 0) top.fail("steps", "expected a list of steps");
  bool running = false;
  bool any_capture = false;
  std::set<std::string> capture_names;
  for (const auto& node : steps) {
    auto step = parse_step(node, path);
    if (std::holds_alternative<RunStep>(step.action)) running = true;
    if (std::holds_alternative<StopStep>(step.action)) running = false;
    if (std::holds_alternative<SetDepthStep>(step.action) && running) {
      // A dial is turned, and a cartridge's depth set, with the motor off.
      throw PlanError(path, step.line, "set_depth",
                      "the depth is set with the pen stopped: put a 'stop' step before it");
    }
    if (const auto* capture = std::get_if<CaptureStep>(&step.action)) {
      if (!running) {
        throw PlanError(path, step.line, "capture",
                        "capture '" + capture->name +
                            "' while the pen is not running: put a 'run' step before it");
      }
      if (!capture_names.insert(capture->name).second) {
        throw PlanError(path, step.line, "name",
                        "capture name '" + capture->name + "' is used twice");
      }
      any_capture = true;
    }
    plan.steps.push_back(std::move(step));
  }
  if (!any_capture) top.fail("steps", "the plan has no capture step: it would judge nothing");

  plan.bytes = std::move(text);
  return plan;
}

TestPlan load_test_plan(const std::string& path) {
  return parse_test_plan(config::read_text_file(path), path);
}

}  // namespace needlerig::rig::plan
