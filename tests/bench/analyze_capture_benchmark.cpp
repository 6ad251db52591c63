// Throughput of the in-memory measurement engine on a realistic 2-channel capture: 10 s at
// 100 kHz (1M rows of protrusion + force), built once by the synthetic generator. The target is
// 200 million samples per second (protrusion and force samples counted), one core, every
// measurement of the contract.

#include <benchmark/benchmark.h>

#include "analysis/analyzer.hpp"
#include "tests/support/synthetic_capture.hpp"

namespace {

const needlerig::testing::SyntheticCapture& capture() {
  static const needlerig::testing::SyntheticCapture synthetic = [] {
    needlerig::testing::SyntheticPenConfig config;
    config.duration_s = 10.0;
    config.sample_rate_hz = 100'000.0;
    config.stroke_frequency_hz = 100.0;
    return needlerig::testing::make_synthetic_capture(config);
  }();
  return synthetic;
}

void BM_AnalyzeCapture(benchmark::State& state) {
  const auto& synthetic = capture();
  const auto signals = synthetic.capture.signals();
  const needlerig::analysis::AnalysisSettings settings;
  for (auto _ : state) {
    auto result = needlerig::analysis::analyze_capture(signals, settings);
    benchmark::DoNotOptimize(result);
  }
  const auto rows = static_cast<double>(synthetic.capture.sample_count());
  const double channels = synthetic.capture.has_force() ? 2.0 : 1.0;
  state.counters["samples_per_s"] = benchmark::Counter(
      rows * channels * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["rows_per_s"] = benchmark::Counter(rows * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AnalyzeCapture)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
