// A good pen's capture from the simulated station, analysed by the measurement engine, agrees
// with the world's ground truth within the accuracy table the engine is held to
// (analysis_accuracy_test.cpp): the simulator's sensors, DAQ clock and block path change nothing
// the engine should not see through.

#include <catch2/catch.hpp>

#include "analysis/analyzer.hpp"
#include "tests/unit/accuracy_table.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace {

using needlerig::analysis::AnalysisResult;
using needlerig::analysis::MeasurementId;
using needlerig::rig::sim::SimGroundTruth;
using needlerig::rig::station::DriverOptions;
namespace t = needlerig::testing;

}  // namespace

TEST_CASE("The engine's measurements of a simulated good pen match the world's truth", "[sim]") {
  const auto config = t::sim_station();
  const auto seed = GENERATE(1u, 2u);
  DriverOptions options;
  options.seed = seed;
  auto d = t::running_station(config, options);
  const auto collected = t::collect(*d.daq, 160'000, config);
  // 1.5 s after a 0.1 s spin-up (40 ms time constant), skipped.
  const std::size_t first = 10'000, count = 150'000;
  const auto capture = t::to_capture(collected, first, count, config.stream.sample_rate_hz);
  const SimGroundTruth truth = d.sim_world->ground_truth(first, count);
  REQUIRE(truth.has_force);

  needlerig::analysis::AnalysisSettings settings;
  settings.depth_setting_mm = truth.depth_setting_mm;
  settings.needle_count = truth.needle_count;
  const AnalysisResult result = needlerig::analysis::analyze_capture(capture, settings);
  INFO("seed " << seed);

  CHECK(result.value(MeasurementId::stroke_count).value_or(0.0) > 170);
  t::check_accuracy_table(result, truth.measurements);
}
