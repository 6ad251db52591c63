// The simulated rig in fast mode at 100 kHz: a pen running on the PDMS phantom at its preload,
// the DAQ read block by block. The counter real_time_factor is simulated seconds per wall second
// on one core (target: >= 50). Arg 0: no ground-truth recording; arg 1: recording the load cell
// for the truth (as the [sim] tests do).

#include <benchmark/benchmark.h>

#include <string>

#include "rig/station/driver_registry.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/station/station_config.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace {

using needlerig::rig::station::load_station_config;
using needlerig::rig::station::make_drivers;

void sim_world_fast_mode(benchmark::State& state) {
  auto config = load_station_config(std::string(NEEDLERIG_FIXTURES_DIR) + "/stations/sim.yaml");
  needlerig::rig::station::edit_sim_world_config(config).truth_record_s =
      state.range(0) != 0 ? 600.0 : 0.0;
  auto d = make_drivers(config);
  needlerig::testing::bring_up(d, config);
  d.daq->activate();
  needlerig::testing::home(d, config);
  needlerig::testing::approach(d, config, 1.0, 5.0, 35.0);
  d.pen->power_on();
  needlerig::rig::core::SampleBlock block;
  block.codes.resize(config.stream.block_samples * d.daq->channels().size());
  constexpr int kBlocksPerIteration = 98;  // ~1 s at 100 kHz, 1024-sample blocks
  std::size_t samples = 0;
  for (auto _ : state) {
    for (int i = 0; i < kBlocksPerIteration; ++i) {
      d.daq->read_block(block, std::chrono::nanoseconds{0});
      samples += block.sample_count;
    }
    benchmark::DoNotOptimize(block.codes.data());
  }
  const double simulated_s = static_cast<double>(samples) / config.stream.sample_rate_hz;
  state.counters["real_time_factor"] = benchmark::Counter(simulated_s, benchmark::Counter::kIsRate);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(sim_world_fast_mode)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
