// A good pen's capture from the simulated station, analysed by the measurement engine, agrees
// with the world's ground truth within the accuracy table the engine is held to
// (analysis_accuracy_test.cpp): the simulator's sensors, DAQ clock and block path change nothing
// the engine should not see through.

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "analysis/analyzer.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace {

using needlerig::analysis::AnalysisResult;
using needlerig::analysis::MeasurementId;
using needlerig::rig::sim::SimGroundTruth;
using needlerig::rig::station::DriverOptions;
using needlerig::rig::station::make_drivers;
namespace t = needlerig::testing;

void check_close(const AnalysisResult& result, const SimGroundTruth& truth, MeasurementId id,
                 double absolute, double relative = 0.0) {
  const double expected = truth.measurements.at(id);
  const auto value = result.value(id);
  const std::string name(needlerig::analysis::measurement_info(id).name);
  INFO(name << ": truth " << expected << ", error '" << result[id].error << "'");
  REQUIRE(value.has_value());
  const double tolerance = std::max(absolute, relative * std::abs(expected));
  INFO(name << ": estimate " << *value << ", difference " << *value - expected << ", tolerance "
            << tolerance);
  CHECK(std::abs(*value - expected) <= tolerance);
}

}  // namespace

TEST_CASE("The engine's measurements of a simulated good pen match the world's truth", "[sim]") {
  const auto config = t::sim_station();
  const auto seed = GENERATE(1u, 2u);
  DriverOptions options;
  options.seed = seed;
  auto d = make_drivers(config, options);
  t::bring_up(d, config);
  d.axis->home();
  d.axis->move_until_force(1.0, 2.0, 35.0);
  d.pen->power_on();
  d.daq->activate();
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

  using Id = MeasurementId;
  const auto count_value = result.value(Id::stroke_count);
  REQUIRE(count_value.has_value());
  CHECK(*count_value == truth.measurements.at(Id::stroke_count));
  CHECK(*count_value > 170);
  check_close(result, truth, Id::stroke_frequency, 0.0, 1e-4);
  check_close(result, truth, Id::period_mean, 0.0, 1e-4);
  check_close(result, truth, Id::puncture_rate, 0.0, 1e-4);
  for (Id id : {Id::period_jitter_rms, Id::cycle_to_cycle_jitter_rms, Id::tie_rms}) {
    check_close(result, truth, id, 0.5e-6, 0.03);
  }
  check_close(result, truth, Id::protrusion_max_mean, 0.003);
  check_close(result, truth, Id::depth_error, 0.003);
  for (Id id : {Id::retraction_worst, Id::protrusion_max_min, Id::protrusion_max_max,
                Id::stroke_amplitude_mean}) {
    check_close(result, truth, id, 0.006);
  }
  check_close(result, truth, Id::contact_force, 0.010);
  check_close(result, truth, Id::peak_force_mean, 0.010, 0.03);
  check_close(result, truth, Id::penetration_depth_mean, 0.020);
  check_close(result, truth, Id::insertion_travel_mean, 0.020);
  check_close(result, truth, Id::puncture_ratio, 0.02);
  CHECK(result.findings.empty());
}
