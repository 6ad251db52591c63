#include "rig/simserver/sim_truth_port.hpp"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/measurement_ids.hpp"

namespace needlerig::rig::simserver {

std::optional<std::string> truth_reply(const sim::SimWorld& world, std::string_view line) {
  std::istringstream in{std::string(line)};
  std::string word;
  std::uint64_t first = 0;
  std::size_t count = 0;
  if (!(in >> word >> first >> count) || word != "TRUTH" || count > 100'000'000) {
    return R"({"error": "expected TRUTH <first_sample> <count>"})";
  }
  const sim::SimGroundTruth truth = world.ground_truth(first, count);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, value] : truth.measurements) {
    const std::string name(analysis::measurement_info(id).name);
    out[name] = std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
  }
  out["has_force"] = truth.has_force;
  return out.dump();
}

}  // namespace needlerig::rig::simserver
