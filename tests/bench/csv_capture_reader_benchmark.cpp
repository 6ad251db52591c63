// Reading speed of the CSV capture reader on a 10-million-row, 3-column capture (about 285 MB),
// with 1 and 2 parse threads. The file is written once by the CSV writer into the temp directory
// and reused by later runs. Figures go to BENCHMARKS.md.

#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "analysis/capture.hpp"
#include "rig/capture/csv_capture_reader.hpp"
#include "rig/capture/csv_capture_writer.hpp"

namespace {

constexpr Eigen::Index kRows = 10'000'000;
constexpr double kSampleRateHz = 100'000.0;

/// A 100 Hz pen at 100 kHz with sensor noise and ADC steps, so the numbers look like real ones
/// ("12.34567,-1.02311,0.81234").
needlerig::analysis::Capture make_capture() {
  needlerig::analysis::Capture capture;
  capture.source = "benchmark";
  capture.sample_rate_hz = kSampleRateHz;
  capture.metadata.entries = {{"pen_model", "benchmark-pen"}, {"needle_count", "12"}};
  capture.time_s.resize(kRows);
  capture.protrusion_mm.resize(kRows);
  capture.force_n.resize(kRows);
  std::mt19937_64 random(1);
  std::normal_distribution<double> noise(0.0, 1.0);
  constexpr double kTwoPi = 6.283185307179586;
  for (Eigen::Index i = 0; i < kRows; ++i) {
    const double t = static_cast<double>(i) / kSampleRateHz;
    const double phase = kTwoPi * 100.0 * t;
    const double protrusion = -0.25 + 1.25 * std::sin(phase) + 0.002 * noise(random);
    const double force = 0.8 + std::max(0.0, 0.4 * std::sin(phase)) + 0.005 * noise(random);
    capture.time_s[i] = t;
    capture.protrusion_mm[i] = std::round(protrusion / 1e-5) * 1e-5;
    capture.force_n[i] = std::round(force / 1e-5) * 1e-5;
  }
  return capture;
}

const std::filesystem::path& capture_file() {
  static const std::filesystem::path path = [] {
    const auto file = std::filesystem::temp_directory_path() / "needlerig_bench_10M_rows_v2.csv";
    if (!std::filesystem::exists(file)) {
      const auto partial = std::filesystem::path(file).concat(".partial");
      needlerig::rig::capture::write_csv_capture(make_capture(), partial);
      std::filesystem::rename(partial, file);
    }
    return file;
  }();
  return path;
}

void read_csv_capture_10m_rows(benchmark::State& state) {
  const auto& path = capture_file();
  const auto bytes = static_cast<double>(std::filesystem::file_size(path));
  needlerig::rig::capture::CsvReadOptions options;
  options.parse_threads = static_cast<unsigned>(state.range(0));
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto capture = needlerig::rig::capture::read_csv_capture(path, options);
    rows = capture.sample_count();
    benchmark::DoNotOptimize(capture.protrusion_mm.data());
  }
  if (rows != static_cast<std::size_t>(kRows)) state.SkipWithError("wrong row count");
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["bytes_per_s"] =
      benchmark::Counter(bytes * iterations, benchmark::Counter::kIsRate);
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows) * iterations, benchmark::Counter::kIsRate);
  state.counters["file_MB"] = bytes / 1e6;
}

BENCHMARK(read_csv_capture_10m_rows)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("parse_threads")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
