// A good pen's capture from the simulated station, analysed by the measurement engine, agrees
// with the world's ground truth within the accuracy table the engine is held to
// (tests/accuracy/synthetic_sweep_test.cpp): the simulator's sensors, DAQ clock and block path
// change nothing the engine should not see through. Once on samples read straight from the DAQ,
// once on the captures a plan run takes through the sequencer (acquisition thread, recorder,
// capture metadata), as `needlerig run` takes them.

#include <catch2/catch.hpp>

#include "analysis/analyzer.hpp"
#include "tests/unit/accuracy_table.hpp"
#include "tests/unit/sim_run_support.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace {

using needlerig::analysis::AnalysisResult;
using needlerig::analysis::MeasurementId;
using needlerig::rig::sim::SimGroundTruth;
using needlerig::rig::station::DriverOptions;
namespace t = needlerig::testing;

/// Keeps the world's truth of each capture as the sequencer hands it over: the capture's metadata
/// says where it lies on the run's stream (first_stream_sample).
class TruthSink final : public needlerig::rig::sequencer::CaptureSink {
 public:
  std::optional<needlerig::rig::record::FileRef> store(
      const needlerig::analysis::Capture& capture,
      const needlerig::rig::record::CaptureResult&) override {
    const auto first = std::stoull(capture.metadata.entries.at("first_stream_sample"));
    truths.push_back(world->ground_truth(first, static_cast<std::size_t>(capture.time_s.size())));
    return std::nullopt;
  }
  std::shared_ptr<needlerig::rig::sim::SimWorld> world;
  std::vector<SimGroundTruth> truths;
};

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

TEST_CASE("The engine's measurements of a plan run's captures match the world's truth", "[sim]") {
  // The production plan (2 depths at 120 Hz) with two seeds, the characterisation plan (3 depths x
  // 100, 120, 150 Hz) with one.
  const auto [plan, seed] = GENERATE(table<std::string, std::uint64_t>({
      {"plans/production.yaml", 1},
      {"plans/production.yaml", 2},
      {"plans/characterisation.yaml", 1},
  }));
  INFO(plan << ", seed " << seed);
  TruthSink sink;
  t::SimRunOptions options;
  options.plan = plan;
  options.seed = seed;
  options.sink = &sink;
  options.on_drivers = [&sink](needlerig::rig::station::Drivers& d) { sink.world = d.sim_world; };
  const auto record = t::run_on_sim_station(options);
  INFO(t::describe(record));
  REQUIRE(!record.captures.empty());
  REQUIRE(sink.truths.size() == record.captures.size());
  for (std::size_t i = 0; i < record.captures.size(); ++i) {
    const auto& capture = record.captures[i];
    const auto& truth = sink.truths[i];
    INFO("capture " << capture.step_name);
    REQUIRE(truth.has_force);
    CHECK(truth.depth_setting_mm == capture.depth_setting_mm);
    CHECK(capture.analysis.value(MeasurementId::stroke_count).value_or(0.0) > 90);
    t::check_accuracy_table(capture.analysis, truth.measurements);
  }
}
