// Fault plans, pen and phantom models and station files: the fixtures load, and malformed files
// give an error naming the file, the line and the key.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "rig/config/config_error.hpp"
#include "rig/sim/fault_plan.hpp"
#include "rig/sim/pen_model.hpp"
#include "rig/sim/phantom_model.hpp"
#include "rig/station/sim_drivers.hpp"
#include "tests/unit/config_test_support.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace {

using needlerig::rig::sim::FaultKind;
using needlerig::rig::sim::load_fault_plan;
using needlerig::rig::sim::load_pen_model;
using needlerig::rig::sim::load_phantom_model;
using needlerig::rig::station::load_station_config;
namespace t = needlerig::testing;
using t::check_error;
using t::TempFile;

}  // namespace

TEST_CASE("Every fault fixture loads with its kind", "[sim]") {
  const std::vector<std::pair<std::string, FaultKind>> files{
      {"sensor_dropout", FaultKind::sensor_dropout},
      {"stuck_sensor", FaultKind::stuck_sensor},
      {"saturation", FaultKind::saturation},
      {"disconnect", FaultKind::disconnect},
      {"stalled_motor", FaultKind::stalled_motor},
      {"overforce", FaultKind::overforce},
      {"needle_not_retracting", FaultKind::needle_not_retracting},
      {"blunt_needles", FaultKind::blunt_needles},
      {"bent_needle", FaultKind::bent_needle},
      {"depth_miscalibration", FaultKind::depth_miscalibration},
      {"weak_motor", FaultKind::weak_motor},
      {"rough_motor", FaultKind::rough_motor}};
  for (const auto& [name, kind] : files) {
    const auto plan = load_fault_plan(t::fixture("faults/" + name + ".yaml"));
    REQUIRE(plan.faults.size() == 1);
    CHECK(plan.faults[0].kind == kind);
    CHECK(plan.faults[0].line == 3);
  }
  const auto dropout = load_fault_plan(t::fixture("faults/sensor_dropout.yaml")).faults[0];
  CHECK(dropout.at_s == 0.7);
  CHECK(dropout.from_power_on);
  CHECK(dropout.duration_s == 0.01);
  CHECK(load_fault_plan(t::fixture("faults/disconnect.yaml")).faults[0].duration_s == INFINITY);
}

TEST_CASE("Malformed fault plans name the file, line and key", "[sim]") {
  const auto load = [](const std::filesystem::path& p) { load_fault_plan(p); };
  const auto bad = [](const std::string& name) {
    return std::filesystem::path(t::fixture("faults/bad/" + name));
  };
  check_error(load, bad("missing_at_s.yaml"), 2, "faults[0].at_s");
  check_error(load, bad("unknown_kind.yaml"), 4, "faults[1].kind");
  check_error(load, bad("negative_time.yaml"), 4, "faults[0].at_s");
  check_error(load, bad("unknown_channel.yaml"), 3, "faults[0].channel");
  check_error(load, bad("misspelt_key.yaml"), 4, "faults[0].duraton_s");
  check_error(load, bad("syntax.yaml"), 4, "");
  check_error(load, std::filesystem::path(t::fixture("faults/no_such_plan.yaml")), 0, "");
}

TEST_CASE("Pen and phantom fixtures load with their figures", "[sim]") {
  const auto fixed = load_pen_model(t::fixture("pens/fixed_7000rpm_pen.yaml"));
  CHECK(fixed.fixed_frequency_hz == Approx(7000.0 / 60.0).epsilon(1e-5));
  CHECK(fixed.speed_levels() == 0);
  CHECK_FALSE(fixed.sets_frequency());
  CHECK(fixed.depth_max_mm == 2.5);
  CHECK(fixed.depth_step_mm == 0.25);
  const auto adjustable = load_pen_model(t::fixture("pens/adjustable_100_150hz_pen.yaml"));
  CHECK(adjustable.speed_level_frequency_hz.front() == 100.0);
  CHECK(adjustable.speed_level_frequency_hz.back() == 150.0);
  CHECK(adjustable.depth_max_mm == 1.5);
  CHECK(adjustable.sets_depth);
  for (const char* name : {"pdms_10_1", "ecoflex_soft_silicone", "parafilm_8_layers"}) {
    const auto p = load_phantom_model(t::fixture(std::string("phantoms/") + name + ".yaml"));
    CHECK_FALSE(p.name.empty());
    CHECK(p.puncture_force_n > p.cutting_force_n);
  }
  const auto station = t::sim_station();
  CHECK(station.stream.sample_rate_hz == 100'000.0);
  CHECK(station.stream.block_samples == 1024);
  CHECK(station.stream.channels.size() == 3);
  const auto& world = needlerig::rig::station::sim_world_config(station);
  CHECK(world.channels.size() == 3);
  CHECK(world.clock_error_ppm == 20.0);
  CHECK(world.pen.model == "sim-fixed-7000");
  CHECK(world.phantom_surface_mm == 30.0);
  CHECK(station.safety.max_force_n == 15.0);
}

TEST_CASE("Malformed pen, phantom and station files name the file, line and key", "[sim]") {
  {
    const TempFile f("pen.yaml", "model: x\nneedle_count: 0\nspeed:\n  fixed_frequency_hz: 100\n");
    check_error([](const auto& p) { load_pen_model(p); }, f.path(), 2, "needle_count");
  }
  {
    const TempFile f("pen.yaml",
                     "model: x\nneedle_count: 12\nspeed:\n  fixed_frequency_hz: 100\n"
                     "depth:\n  range_mm: [0, 2.5]\n  step_mm: 0.25\nstroke:\n  amplitude_mm: 2.0\n"
                     "timing:\n  period_jitter_rms_s: 1e-5\n");
    check_error([](const auto& p) { load_pen_model(p); }, f.path(), 9, "stroke.amplitude_mm");
  }
  {
    const TempFile f("phantom.yaml",
                     "name: soft\nface:\n  stiffness_n_per_mm: 5\nneedle:\n"
                     "  dimple_stiffness_n_per_mm: 0.1\n  dimple_stiffening_mm: 0.5\n"
                     "  puncture_force_n: fifty\n");
    check_error([](const auto& p) { load_phantom_model(p); }, f.path(), 7,
                "needle.puncture_force_n");
  }
  {
    // A misspelt key is refused with the close known ones, like a plan's.
    const TempFile f("phantom.yaml", "name: soft\nface:\n  stifness_n_per_mm: 5\n");
    check_error([](const auto& p) { load_phantom_model(p); }, f.path(), 3,
                "face.stifness_n_per_mm");
    CHECK_THROWS_WITH(load_phantom_model(f.path()),
                      Catch::Contains("unknown key in 'face'; did you mean stiffness_n_per_mm?"));
  }
  {
    // A station whose DAQ names a driver nobody registered.
    std::ifstream in(t::fixture("stations/sim.yaml"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "daq:\n  driver: sim";
    text.replace(text.find(from), from.size(), "daq:\n  driver: nidaq");
    const TempFile f("station.yaml", text);
    const int line =
        1 + static_cast<int>(std::count(
                text.begin(), text.begin() + static_cast<long>(text.find("driver: nidaq")), '\n'));
    check_error([](const auto& p) { load_station_config(p); }, f.path(), line, "daq.driver");
    // The names the driver registry knows for the role.
    CHECK_THROWS_WITH(
        load_station_config(f.path()),
        Catch::Contains("unknown driver 'nidaq' (known: scpi-burst, sigrok, sim, stream-tcp)"));
  }
}
