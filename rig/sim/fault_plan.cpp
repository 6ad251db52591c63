#include "rig/sim/fault_plan.hpp"

#include <array>
#include <utility>
#include <vector>

#include "rig/config/yaml_file.hpp"
#include "rig/config/yaml_map.hpp"

namespace needlerig::rig::sim {

namespace {
constexpr std::array<std::pair<FaultKind, std::string_view>, 12> kKinds{{
    {FaultKind::sensor_dropout, "sensor_dropout"},
    {FaultKind::stuck_sensor, "stuck_sensor"},
    {FaultKind::saturation, "saturation"},
    {FaultKind::disconnect, "disconnect"},
    {FaultKind::stalled_motor, "stalled_motor"},
    {FaultKind::overforce, "overforce"},
    {FaultKind::needle_not_retracting, "needle_not_retracting"},
    {FaultKind::blunt_needles, "blunt_needles"},
    {FaultKind::bent_needle, "bent_needle"},
    {FaultKind::depth_miscalibration, "depth_miscalibration"},
    {FaultKind::weak_motor, "weak_motor"},
    {FaultKind::rough_motor, "rough_motor"},
}};

constexpr double kMaxTimeS = 1e6;

using config::YamlMap;

/// Every key a fault of any kind may have (for the close names of a misspelt key).
const std::vector<std::string_view> kAnyFaultKeys{
    "kind",    "note",    "at_s",   "duration_s",    "from",      "channel",   "level",
    "force_n", "stop_mm", "factor", "load_fraction", "offset_mm", "jitter_rms_s"};

/// The keys a fault of this kind takes: any other key is refused, not ignored.
std::vector<std::string_view> fault_keys(const Fault& f) {
  std::vector<std::string_view> keys{"kind", "note"};  // note: free text for the plan's reader
  if (f.timed()) keys.insert(keys.end(), {"at_s", "duration_s"});
  if (f.timed() && f.kind != FaultKind::stalled_motor) keys.push_back("from");
  switch (f.kind) {
    case FaultKind::stuck_sensor:
      keys.push_back("channel");
      break;
    case FaultKind::saturation:
      keys.insert(keys.end(), {"channel", "level"});
      break;
    case FaultKind::overforce:
      keys.push_back("force_n");
      break;
    case FaultKind::needle_not_retracting:
      keys.push_back("stop_mm");
      break;
    case FaultKind::blunt_needles:
    case FaultKind::weak_motor:
      keys.push_back("factor");
      break;
    case FaultKind::bent_needle:
      keys.push_back("load_fraction");
      break;
    case FaultKind::depth_miscalibration:
      keys.push_back("offset_mm");
      break;
    case FaultKind::rough_motor:
      keys.push_back("jitter_rms_s");
      break;
    default:
      break;
  }
  return keys;
}

std::string kind_list() {
  std::string out;
  for (const auto& [kind, name] : kKinds) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

Fault read_fault(const YamlMap& faults, std::size_t index, const YAML::Node& item) {
  Fault f;
  const YamlMap any = faults.item_map("faults", index, item, kAnyFaultKeys);
  f.line = static_cast<int>(any.line());
  const std::string kind = any.text("kind");
  bool known = false;
  for (const auto& [k, name] : kKinds) {
    if (name == kind) {
      f.kind = k;
      known = true;
    }
  }
  if (!known) any.fail("kind", "unknown fault kind '" + kind + "' (one of: " + kind_list() + ")");
  const YamlMap m = faults.item_map("faults", index, item, fault_keys(f));

  if (f.timed()) {
    f.at_s = m.number_in("at_s", 0.0, kMaxTimeS);
    if (m.has("duration_s")) f.duration_s = m.number_in("duration_s", 1e-9, kMaxTimeS);
  }
  if (m.has("from")) {
    const std::string from = m.text("from");
    if (from != "stream_start" && from != "power_on") {
      m.fail("from", "must be stream_start or power_on");
    }
    f.from_power_on = from == "power_on";
  }
  switch (f.kind) {
    case FaultKind::stuck_sensor:
    case FaultKind::saturation: {
      f.channel = m.text("channel");
      if (f.channel != "protrusion_mm" && f.channel != "force_N" &&
          f.channel != "motor_current_A") {
        m.fail("channel",
               "unknown channel '" + f.channel + "' (protrusion_mm, force_N or motor_current_A)");
      }
      if (f.kind == FaultKind::saturation) {
        const std::string level = m.text_or("level", "high");
        if (level != "high" && level != "low") m.fail("level", "must be high or low");
        f.saturate_high = level == "high";
      }
      break;
    }
    case FaultKind::overforce:
      f.force_n = m.optional_number("force_n");
      if (f.force_n && *f.force_n <= 0.0) m.fail("force_n", "must be > 0");
      break;
    case FaultKind::needle_not_retracting:
      f.value = m.number_in("stop_mm", 0.0, 5.0);
      break;
    case FaultKind::blunt_needles:
      f.value = m.number_in("factor", 1.0, 100.0);
      break;
    case FaultKind::bent_needle:
      f.value = m.number_in_or("load_fraction", 0.001, 10.0, 0.1);
      break;
    case FaultKind::depth_miscalibration:
      f.value = m.number_in("offset_mm", -2.0, 2.0);
      break;
    case FaultKind::weak_motor:
      f.value = m.number_in("factor", 0.05, 1.0);
      break;
    case FaultKind::rough_motor:
      f.value = m.number_in("jitter_rms_s", 0.0, 0.01);
      break;
    default:
      break;
  }
  return f;
}
}  // namespace

std::string_view fault_kind_name(FaultKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "unknown";
}

bool Fault::timed() const {
  switch (kind) {
    case FaultKind::sensor_dropout:
    case FaultKind::stuck_sensor:
    case FaultKind::saturation:
    case FaultKind::disconnect:
    case FaultKind::stalled_motor:
    case FaultKind::overforce:
      return true;
    default:
      return false;
  }
}

const Fault* FaultPlan::defect(FaultKind kind) const {
  const Fault* out = nullptr;
  for (const Fault& f : faults) {
    if (f.kind == kind) out = &f;
  }
  return out;
}

FaultPlan load_fault_plan(const std::filesystem::path& file) {
  // description: free text for the plan's reader.
  const YamlMap root(config::load_yaml_file(file.string()), file.string(), "",
                     {"faults", "description"});
  FaultPlan plan;
  plan.file = file;
  const std::vector<YAML::Node> items = root.sequence("faults");
  for (std::size_t i = 0; i < items.size(); ++i) {
    plan.faults.push_back(read_fault(root, i, items[i]));
  }
  return plan;
}

}  // namespace needlerig::rig::sim
