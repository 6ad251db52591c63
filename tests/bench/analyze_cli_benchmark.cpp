// End to end: `needlerig analyze` on a 10-million-row capture CSV (100 s of a 100 Hz pen at
// 100 kHz, protrusion and force), against the peer it replaces: the NumPy script a test engineer
// would write (scripts/numpy_reference_analysis.py: numpy.loadtxt plus a vectorised analysis).
// Both run as separate processes on the same file in the same benchmark run, so their ratio is a
// same-machine, same-moment figure. Wall time per run (the CLI may use both cores). Figures go to
// BENCHMARKS.md.

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "rig/capture/csv_capture_writer.hpp"
#include "tests/support/synthetic_capture.hpp"

extern char** environ;

namespace {

/// Ten 10 s synthetic captures of a 100 Hz pen at 100 kHz laid end to end: 10 million rows. (The
/// generator keeps its fine load-cell grid in memory, so one 100 s capture would be too large; the
/// nine joins each make one irregular stroke, which does not matter for speed.)
needlerig::analysis::Capture make_long_capture() {
  constexpr int kPieces = 10;
  needlerig::testing::SyntheticPenConfig pen;
  pen.stroke_frequency_hz = 100.0;
  pen.sample_rate_hz = 100'000.0;
  pen.duration_s = 10.0;
  needlerig::analysis::Capture piece = needlerig::testing::make_synthetic_capture(pen).capture;
  needlerig::analysis::Capture capture = piece;
  const Eigen::Index rows = piece.time_s.size();
  capture.time_s.resize(rows * kPieces);
  capture.protrusion_mm.resize(rows * kPieces);
  capture.force_n.resize(rows * kPieces);
  for (int k = 0; k < kPieces; ++k) {
    const double offset_s = static_cast<double>(k * rows) / pen.sample_rate_hz;
    capture.time_s.segment(k * rows, rows) = piece.time_s.array() + offset_s;
    capture.protrusion_mm.segment(k * rows, rows) = piece.protrusion_mm;
    capture.force_n.segment(k * rows, rows) = piece.force_n;
  }
  return capture;
}

const std::filesystem::path& capture_file() {
  static const std::filesystem::path path = [] {
    const auto file =
        std::filesystem::temp_directory_path() / "needlerig_bench_pen_10M_rows_v3.csv";
    if (!std::filesystem::exists(file)) {
      const auto partial = std::filesystem::path(file).concat(".partial");
      needlerig::rig::capture::write_csv_capture(make_long_capture(), partial);
      std::filesystem::rename(partial, file);
    }
    return file;
  }();
  return path;
}

/// Runs a program with its output thrown away; throws when it cannot start or fails.
void run_quietly(std::vector<std::string> argv) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (auto& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    throw std::runtime_error("benchmark: " + argv[0] + " failed");
  }
}

void report_rows(benchmark::State& state) {
  state.counters["rows_per_s"] =
      benchmark::Counter(1e7, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(capture_file())) / 1e6;
}

void needlerig_analyze_10m_rows(benchmark::State& state) {
  const std::string file = capture_file().string();
  for (auto _ : state) run_quietly({NEEDLERIG_CLI_PATH, "analyze", file, "--format", "json"});
  report_rows(state);
}

void numpy_reference_10m_rows(benchmark::State& state) {
  const std::string file = capture_file().string();
  for (auto _ : state) {
    run_quietly(
        {"/usr/bin/python3", NEEDLERIG_SOURCE_DIR "/scripts/numpy_reference_analysis.py", file});
  }
  report_rows(state);
}

}  // namespace

BENCHMARK(needlerig_analyze_10m_rows)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(numpy_reference_10m_rows)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

BENCHMARK_MAIN();
