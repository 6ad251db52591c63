// Every fault kind of a fault plan shows in the blocks or the status as documented
// (fixtures/faults/README.md), and the pen defects in the world's ground truth.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "rig/sim/fault_plan.hpp"
#include "rig/station/sim_drivers.hpp"
#include "tests/unit/sim_test_support.hpp"

namespace {

using needlerig::analysis::MeasurementId;
using needlerig::rig::core::LifecycleState;
using needlerig::rig::core::ReadStatus;
using needlerig::rig::sim::load_fault_plan;
using needlerig::rig::station::DriverOptions;
using needlerig::rig::station::Drivers;
namespace t = needlerig::testing;

/// A station running the pen on the phantom at 1 N preload, the DAQ active, with a fault plan.
Drivers running_station(const std::string& plan, const needlerig::rig::station::StationConfig& c) {
  DriverOptions options;
  if (!plan.empty()) {
    options.edit_sim_world = [faults = load_fault_plan(t::fixture("faults/" + plan))](
                                 needlerig::rig::sim::SimWorldConfig& world) {
      world.faults = faults;
    };
  }
  return t::running_station(c, options);
}

bool all_equal(const std::vector<double>& v, std::size_t from, std::size_t to) {
  return std::all_of(v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(to),
                     [&](double x) { return x == v[from]; });
}

double truth(const Drivers& d, MeasurementId id) {
  // 0.5 s after a 0.3 s spin-up.
  return d.sim_world->ground_truth(30'000, 50'000).measurements.at(id);
}

}  // namespace

TEST_CASE("sensor_dropout: the block after the gap reports overrun and its index jumps", "[sim]") {
  const auto config = t::sim_station();
  auto d = running_station("sensor_dropout.yaml", config);
  const auto c = t::collect(*d.daq, 90'000, config);
  // Samples [70 000, 71 000) are lost (0.7 s after power-on, the stream's sample 0 here); every
  // other index is there once, in order.
  std::size_t jumps = 0;
  for (std::size_t i = 1; i < c.index.size(); ++i) {
    if (c.index[i] != c.index[i - 1] + 1) {
      ++jumps;
      CHECK(c.index[i - 1] == 69'999);
      CHECK(c.index[i] == 71'000);
    }
  }
  CHECK(jumps == 1);
  CHECK(std::count(c.statuses.begin(), c.statuses.end(), ReadStatus::overrun) == 1);
}

TEST_CASE("stuck_sensor: the channel repeats one code for the fault's duration", "[sim]") {
  const auto config = t::sim_station();
  auto d = running_station("stuck_sensor.yaml", config);
  const auto c = t::collect(*d.daq, 100'000, config);
  CHECK(all_equal(c.force_n, 79'999, 90'000));
  CHECK_FALSE(all_equal(c.force_n, 90'000, 91'000));        // over after 0.1 s
  CHECK_FALSE(all_equal(c.force_n, 78'000, 79'999));        // alive before
  CHECK_FALSE(all_equal(c.protrusion_mm, 80'000, 90'000));  // the other channels are not stuck
}

TEST_CASE("saturation: the channel reads the end of its full scale", "[sim]") {
  const auto config = t::sim_station();
  auto d = running_station("saturation.yaml", config);
  const auto c = t::collect(*d.daq, 90'000, config);
  const double full_scale = 5.0;  // +-5 mm in the station file
  for (std::size_t k = 75'000; k < 80'000; ++k) REQUIRE(c.protrusion_mm[k] == Approx(full_scale));
  CHECK(*std::max_element(c.protrusion_mm.begin(), c.protrusion_mm.begin() + 74'999) < 2.0);
  CHECK(*std::max_element(c.protrusion_mm.begin() + 80'000, c.protrusion_mm.end()) < 2.0);
}

TEST_CASE("disconnect: the DAQ goes to fault and reads answer disconnected", "[sim]") {
  const auto config = t::sim_station();
  auto d = running_station("disconnect.yaml", config);
  const auto c = t::collect(*d.daq, 200'000, config);
  CHECK(c.index.size() == 90'000);
  CHECK(c.statuses.back() == ReadStatus::disconnected);
  CHECK(d.daq->state() == LifecycleState::fault);
  // A fresh configure is the way out of the fault.
  d.daq->configure(config.stream);
  CHECK(d.daq->state() == LifecycleState::inactive);
}

TEST_CASE("stalled_motor: no strokes and the stall current while stalled", "[sim]") {
  const auto config = t::sim_station();
  auto d = running_station("stalled_motor.yaml", config);
  const auto c = t::collect(*d.daq, 110'000, config);
  // Strokes end by 0.81 s (the one running at 0.8 s finishes) and restart at 0.9 s.
  const auto range = [&](std::size_t a, std::size_t b) {
    const auto [lo, hi] = std::minmax_element(c.protrusion_mm.begin() + static_cast<long>(a),
                                              c.protrusion_mm.begin() + static_cast<long>(b));
    return *hi - *lo;
  };
  CHECK(range(81'500, 89'900) < 0.05);  // resting: noise only
  CHECK(range(70'000, 79'000) > 2.5);
  CHECK(range(91'000, 100'000) > 2.5);
  CHECK(c.current_a[85'000] == Approx(0.9).margin(0.02));
  CHECK(c.current_a[75'000] == Approx(0.08 + 0.0015 * 116.67).margin(0.03));
}

TEST_CASE("overforce: a force spike beyond the load cell's range saturates the channel", "[sim]") {
  const auto config = t::sim_station();
  auto d = running_station("overforce.yaml", config);
  const auto c = t::collect(*d.daq, 90'000, config);
  const double top = 20.0;
  const auto saturated = std::count(c.force_n.begin(), c.force_n.end(), top);
  CHECK(saturated > 100);  // 2 ms at 100 kHz, through the load cell's ringing
  CHECK(*std::max_element(c.force_n.begin(), c.force_n.begin() + 85'000) < 5.0);
}

TEST_CASE("Pen defects show in what the pen really does", "[sim]") {
  const auto config = t::sim_station();
  auto good = running_station("", config);
  t::collect(*good.daq, 80'000, config);
  using Id = MeasurementId;

  SECTION("needle_not_retracting: P_min above the face") {
    auto d = running_station("needle_not_retracting.yaml", config);
    t::collect(*d.daq, 80'000, config);
    CHECK(truth(good, Id::retraction_worst) < -1.5);
    CHECK(truth(d, Id::retraction_worst) == Approx(0.2).margin(1e-6));
  }
  SECTION("blunt_needles: higher peak force") {
    auto d = running_station("blunt_needles.yaml", config);
    t::collect(*d.daq, 80'000, config);
    CHECK(truth(d, Id::peak_force_mean) > 1.8 * truth(good, Id::peak_force_mean));
  }
  SECTION("bent_needle: more force after the puncture, a shallower drop") {
    auto d = running_station("bent_needle.yaml", config);
    t::collect(*d.daq, 80'000, config);
    CHECK(truth(d, Id::peak_force_mean) > truth(good, Id::peak_force_mean) + 0.05);
    CHECK(truth(d, Id::penetration_depth_mean) != Approx(truth(good, Id::penetration_depth_mean)));
  }
  SECTION("depth_miscalibration: the depth error moves by the offset") {
    auto d = running_station("depth_miscalibration.yaml", config);
    t::collect(*d.daq, 80'000, config);
    CHECK(truth(d, Id::depth_error) - truth(good, Id::depth_error) == Approx(0.25).margin(0.01));
  }
  SECTION("weak_motor: the stroke rate falls by its factor") {
    auto d = running_station("weak_motor.yaml", config);
    t::collect(*d.daq, 80'000, config);
    CHECK(truth(d, Id::stroke_frequency) / truth(good, Id::stroke_frequency) ==
          Approx(0.85).epsilon(0.002));
  }
  SECTION("rough_motor: the period jitter rises") {
    // 300 us RMS of extra jitter against ~16 us of a good pen, over ~230 strokes.
    auto d = running_station("rough_motor.yaml", config);
    t::collect(*d.daq, 230'000, config);
    t::collect(*good.daq, 150'000, config);
    const auto jitter = [](const Drivers& x) {
      return x.sim_world->ground_truth(30'000, 200'000).measurements.at(Id::period_jitter_rms);
    };
    CHECK(jitter(good) < 30e-6);
    CHECK(jitter(d) > 100e-6);
  }
}
