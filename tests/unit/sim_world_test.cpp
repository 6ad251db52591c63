// The simulated rig behind the role interfaces: lifecycle, seeded determinism, fast and paced
// (manual clock) block delivery, moves that advance only as the DAQ is read, and stop().

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/sim/sim_clock.hpp"
#include "rig/station/sim_drivers.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace {

using needlerig::rig::core::DriverError;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::core::ReadStatus;
using needlerig::rig::sim::ManualClock;
using needlerig::rig::sim::SimMode;
using needlerig::rig::station::DriverOptions;
using needlerig::rig::station::edit_sim_world_config;
using needlerig::rig::station::make_drivers;
using needlerig::rig::station::sim_world_config;
using namespace std::chrono_literals;
namespace t = needlerig::testing;

}  // namespace

TEST_CASE("Simulated roles refuse commands outside their lifecycle; stopping is always accepted",
          "[sim]") {
  const auto config = t::sim_station();
  auto d = make_drivers(config);
  // Unconfigured: stop and power off are accepted, everything else is refused.
  CHECK(d.daq->state() == LifecycleState::unconfigured);
  CHECK_NOTHROW(d.axis->stop());
  CHECK_NOTHROW(d.pen->power_off());
  CHECK_THROWS_AS(d.daq->activate(), DriverError);
  CHECK_THROWS_AS(d.axis->home(), DriverError);
  CHECK_THROWS_AS(d.pen->power_on(), DriverError);
  auto block = t::make_block(*d.daq, config);
  CHECK(d.daq->read_block(block, 0ns) == ReadStatus::timeout);

  // Configured but inactive: still refused.
  d.daq->configure(config.stream);
  d.axis->configure(config.axis);
  d.pen->configure({});
  CHECK(d.axis->state() == LifecycleState::inactive);
  CHECK_THROWS_AS(d.axis->move_to(20.0, 5.0), DriverError);
  CHECK_THROWS_AS(d.pen->power_on(), DriverError);
  CHECK(d.daq->read_block(block, 0ns) == ReadStatus::timeout);

  // Active: a move needs homing first; settings the pen does not have are refused.
  d.axis->activate();
  d.pen->activate();
  CHECK_THROWS_AS(d.axis->move_to(20.0, 5.0), DriverError);
  d.daq->activate();  // the world moves only as its DAQ is read
  d.axis->home();
  CHECK(d.axis->moving());
  CHECK_FALSE(d.axis->homed());
  CHECK_THROWS_AS(d.axis->move_to(20.0, 5.0), DriverError);  // a move is under way
  t::read_until(d, config, 10.0, [&d] { return !d.axis->moving(); });
  CHECK(d.axis->homed());
  CHECK(d.axis->position_mm() == Approx(0.0).margin(1e-12));
  CHECK_THROWS_AS(d.axis->move_to(60.0, 5.0), DriverError);   // beyond the soft limit
  CHECK_THROWS_AS(d.axis->move_to(20.0, 50.0), DriverError);  // beyond the speed limit
  CHECK_NOTHROW(d.axis->move_to(20.0, 5.0));
  const auto moved_samples = t::read_until(d, config, 10.0, [&d] { return !d.axis->moving(); });
  CHECK(d.axis->position_mm() == Approx(20.0));
  // 20 mm at 5 mm/s is 4 s of world time: the blocks read until the axis arrived.
  CHECK(static_cast<double>(moved_samples) / config.stream.sample_rate_hz ==
        Approx(4.0).margin(0.011));
  d.daq->deactivate();
  CHECK_THROWS_AS(d.pen->set_speed_level(2), DriverError);  // a fixed-speed pen
  CHECK_THROWS_AS(d.pen->set_frequency_hz(100.0), DriverError);
  CHECK_THROWS_AS(d.pen->set_depth_mm(1.0), DriverError);              // its depth is on the dial
  CHECK_THROWS_AS(d.sim_world->turn_depth_dial_mm(1.1), DriverError);  // not a dial step
  CHECK_NOTHROW(d.sim_world->turn_depth_dial_mm(1.25));
  CHECK_THROWS_AS(d.daq->configure({100'000.0, 0, {}}), DriverError);
  d.daq->activate();
  CHECK_THROWS_AS(d.daq->configure(config.stream), DriverError);  // while active
  d.pen->power_on();
  CHECK(d.pen->status().powered);
  CHECK_THROWS_AS(d.sim_world->turn_depth_dial_mm(1.0), DriverError);  // while running
  d.pen->power_off();
  CHECK_FALSE(d.pen->status().powered);
  d.axis->deactivate();
  CHECK_THROWS_AS(d.axis->move_to(10.0, 5.0), DriverError);
  CHECK_NOTHROW(d.axis->stop());
}

TEST_CASE("The adjustable pen takes speed levels and an electrical depth", "[sim]") {
  auto config = t::sim_station();
  edit_sim_world_config(config).pen =
      needlerig::rig::sim::load_pen_model(t::fixture("pens/adjustable_100_150hz_pen.yaml"));
  auto d = make_drivers(config);
  t::bring_up(d, config);
  const auto caps = d.pen->capabilities();
  CHECK(caps.speed_levels == 6);
  CHECK(caps.sets_depth);
  CHECK_FALSE(caps.sets_frequency);
  CHECK(d.pen->identity().needle_count == 16);
  CHECK_THROWS_AS(d.pen->set_speed_level(7), DriverError);
  CHECK_THROWS_AS(d.pen->set_depth_mm(1.6), DriverError);
  d.pen->set_speed_level(6);
  d.pen->set_depth_mm(1.2);
  CHECK(d.pen->status().depth_setting_mm == Approx(1.2));
  d.pen->power_on();
  CHECK_THROWS_AS(d.pen->set_depth_mm(1.0), DriverError);  // not while running
  d.daq->activate();
  const auto c = t::collect(*d.daq, 100'000, config);
  // After the spin-up (60 ms time constant) the current follows the 150 Hz level.
  const auto status = d.pen->status();
  REQUIRE(status.supply_current_a.has_value());
  CHECK(*status.supply_current_a == Approx(0.06 + 0.002 * 150.0 * 1.0).epsilon(0.02));
  const auto truth = d.sim_world->ground_truth(50'000, 50'000);
  using Id = needlerig::analysis::MeasurementId;
  CHECK(truth.measurements.at(Id::stroke_frequency) == Approx(150.0 * (1 + 20e-6)).epsilon(0.01));
  CHECK(truth.measurements.at(Id::protrusion_max_mean) == Approx(1.2 - 0.01).margin(0.01));
}

TEST_CASE("The same seed gives the same samples, another seed others", "[sim]") {
  const auto config = t::sim_station();
  const auto run = [&](std::uint64_t seed) {
    DriverOptions options;
    options.seed = seed;
    auto d = t::running_station(config, options);
    return t::collect(*d.daq, 30'000, config);
  };
  const auto a = run(1);
  const auto b = run(1);
  const auto c = run(2);
  REQUIRE(a.protrusion_mm.size() == 30'720);
  CHECK(a.protrusion_mm == b.protrusion_mm);
  CHECK(a.force_n == b.force_n);
  CHECK(a.current_a == b.current_a);
  CHECK(a.protrusion_mm != c.protrusion_mm);
}

TEST_CASE("Fast mode delivers contiguous full blocks at the configured rate", "[sim]") {
  const auto config = t::sim_station();
  auto d = make_drivers(config);
  t::bring_up(d, config);
  d.pen->power_on();
  d.daq->activate();
  CHECK(d.daq->sample_rate_hz() == 100'000.0);
  REQUIRE(d.daq->channels().size() == 3);
  CHECK(d.daq->channels()[0].id == "protrusion_mm");
  CHECK(d.daq->channels()[0].code_max == 50'000);
  CHECK(d.daq->channels()[1].code_min == -100'000);
  auto block = t::make_block(*d.daq, config);
  const double t0 = d.sim_world->time_s();
  std::uint64_t expected = 0;
  for (int i = 0; i < 100; ++i) {
    REQUIRE(d.daq->read_block(block, 0ns) == ReadStatus::ok);
    CHECK(block.first_sample_index == expected);
    CHECK(block.sample_count == 1024);
    CHECK(block.channel_count == 3);
    CHECK(block.first_sample_time_ns == static_cast<std::int64_t>(expected) * 10'000);
    expected += block.sample_count;
  }
  // The DAQ's clock runs 20 ppm fast: 102 400 samples take 1.024 s / (1 + 20e-6) of world time.
  CHECK(d.sim_world->time_s() - t0 == Approx(1.024 / (1.0 + 20e-6)).epsilon(1e-12));
}

TEST_CASE("Real-time mode paces blocks by the clock; a late reader loses samples", "[sim]") {
  auto config = t::sim_station();
  edit_sim_world_config(config).clock_error_ppm = 0.0;
  auto clock = std::make_shared<ManualClock>(5s);
  DriverOptions options;
  options.edit_sim_world = [clock](needlerig::rig::sim::SimWorldConfig& world) {
    world.clock = clock;
    world.mode = SimMode::real_time;
  };
  auto d = make_drivers(config, options);
  t::bring_up(d, config);
  d.daq->activate();
  auto block = t::make_block(*d.daq, config);
  // A block of 1024 samples at 100 kHz is due 10.24 ms after activation.
  CHECK(d.daq->read_block(block, 0ns) == ReadStatus::timeout);
  CHECK(d.daq->read_block(block, 4ms) == ReadStatus::timeout);  // waits 4 ms on the clock
  CHECK(clock->now() == 5s + 4ms);
  CHECK(d.daq->read_block(block, 20ms) == ReadStatus::ok);  // waits until the block is due
  CHECK(clock->now() == 5s + 10'240us);
  CHECK(block.first_sample_index == 0);
  clock->advance(100ms);  // 110.24 ms: blocks 2..10 are due (up to 102.4 ms), block 11 is not
  for (int i = 1; i < 10; ++i) {
    REQUIRE(d.daq->read_block(block, 0ns) == ReadStatus::ok);
    CHECK(block.first_sample_index == static_cast<std::uint64_t>(i) * 1024);
  }
  CHECK(d.daq->read_block(block, 0ns) == ReadStatus::timeout);
  // Two seconds without reading: the 1 s buffer keeps the newest second, the rest is lost.
  clock->advance(2s);
  REQUIRE(d.daq->read_block(block, 0ns) == ReadStatus::overrun);
  const auto due = static_cast<std::uint64_t>((0.11024 + 2.0) * 100'000);
  CHECK(block.first_sample_index == due - 100'000);
  REQUIRE(d.daq->read_block(block, 0ns) == ReadStatus::ok);
}

TEST_CASE("A move advances only as the DAQ is read, and stop() ends it at once", "[sim]") {
  const auto config = t::sim_station();
  auto d = make_drivers(config);
  t::bring_up(d, config);
  d.daq->activate();
  t::home(d, config);
  d.axis->move_to(25.0, 10.0);
  CHECK(d.axis->position_mm() == Approx(0.0).margin(1e-12));  // nobody has read: no time passed
  t::read_until(d, config, 10.0, [&d] { return !d.axis->moving(); });
  CHECK(d.axis->position_mm() == Approx(25.0));

  // Into the phantom (its surface at 30 mm, face stiffness 25 N/mm): the force the load cell
  // sees grows with the travel past the surface, and the rig's loop stops the axis on it.
  CHECK(t::approach(d, config, 0.8, 2.0, 40.0));
  // Stopped at the end of the block in which 0.8 N was seen: 32 um past the surface, plus at most
  // one block (10.24 ms at 2 mm/s: 20 um).
  CHECK(d.axis->position_mm() == Approx(30.0 + 0.8 / 25.0 + 0.010).margin(0.012));
  CHECK(d.sim_world->load_cell_force_n() == Approx(0.8).margin(0.6));

  // Stopped from another thread while the DAQ is read: the axis holds where it was.
  d.axis->move_to(5.0, 10.0);
  std::thread stopper([&] { d.axis->stop(); });
  stopper.join();
  CHECK_FALSE(d.axis->moving());
  const double held_mm = d.axis->position_mm();
  t::read_until(d, config, 0.5, [] { return false; });
  CHECK(d.axis->position_mm() == Approx(held_mm));
}

TEST_CASE("The driver registry makes each role by the name its station file gives", "[sim]") {
  auto config = t::sim_station();
  const auto d = make_drivers(config);
  CHECK(d.daq != nullptr);
  CHECK(d.axis != nullptr);
  CHECK(d.pen != nullptr);
  // The simulated roles share one world, whose operator turns the dial, and its seed is recorded.
  CHECK(d.dial != nullptr);
  CHECK(d.seed == sim_world_config(config).seed);
  // A configuration built in code with a name no factory has: refused, naming the role and the
  // names the registry knows.
  config.axis_driver = "galil";
  CHECK_THROWS_WITH(make_drivers(config),
                    Catch::Contains("no driver named 'galil' (known: sim, zaber)"));
  CHECK_THROWS_WITH(make_drivers(config), Catch::Contains("axis.driver"));
  // A known driver whose settings the station was not loaded with: refused, not made blind.
  config.axis_driver = "zaber";
  CHECK_THROWS_WITH(make_drivers(config),
                    Catch::Contains("not loaded with this driver's settings"));
}
