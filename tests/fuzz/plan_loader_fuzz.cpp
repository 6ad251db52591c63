// Fuzzes the test-plan loader (and the strict YAML reader under it) with arbitrary text. Any input
// must give either a plan or a PlanError naming the file: any other exception, a crash, a hang or
// a sanitizer report is a bug.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rig/plan/plan_loader.hpp"

using needlerig::rig::plan::parse_test_plan;
using needlerig::rig::plan::PlanError;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto plan = parse_test_plan(text, "fuzz.yaml");
    // A plan that loads has a name and at least one capture step, each step with its line.
    if (plan.name.empty() || plan.steps.empty()) std::abort();
    for (const auto& step : plan.steps) {
      if (step.line == 0) std::abort();
    }
  } catch (const PlanError& e) {
    if (std::string(e.what()).rfind("fuzz.yaml:", 0) != 0) std::abort();
  }
  return 0;
}
