#pragma once
// The simulated pen's physics: a motor whose stroke rate follows the speed setting (first-order
// spin-up), drifts as it warms and jitters (AR(1) and periodic, from StrokeVariation and the pen
// model), the cam stroke profile, the depth dial, the needles in the phantom (PhantomForce), and
// the defects of a fault plan. Not thread-safe: SimWorld calls it under its lock.
//
// Each power-on starts a run: its own stroke schedule (PenMotion) and puncture events
// (PhantomForce), kept for the ground truth. Strokes are appended just ahead of the simulated
// time; power-off lets the running stroke finish and schedules no more.

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "rig/sim/pen_model.hpp"
#include "rig/sim/phantom_model.hpp"
#include "rig/sim/physics/pen_motion.hpp"
#include "rig/sim/physics/phantom_force.hpp"
#include "rig/sim/physics/stroke_variation.hpp"
#include "rig/sim/standard_normal.hpp"

namespace needlerig::rig::sim {

/// Defects of a fault plan that hold for a whole run (neutral values: a sound pen).
struct PenDefects {
  double retraction_floor_mm = -std::numeric_limits<double>::infinity();
  double puncture_factor = 1.0;
  double bent_needle_fraction = 0.0;
  double depth_offset_mm = 0.0;
  double frequency_factor = 1.0;
  double extra_jitter_rms_s = 0.0;
};

struct PenRun {
  double on_s = 0.0;  // world time of power-on
  double off_s = std::numeric_limits<double>::infinity();
  double depth_setting_mm = 0.0;
  std::unique_ptr<PenMotion> motion;
  std::unique_ptr<PhantomForce> force;
  std::unique_ptr<StrokeVariation> variation;
  double next_start_s = 0.0;
  std::size_t hint = 0;
};

class SimPen {
 public:
  SimPen(const PenModel& pen, const PhantomModel& phantom, std::uint64_t seed);

  void set_defects(const PenDefects& defects) { defects_ = defects; }
  /// Stall windows [start, start + duration) in seconds after each power-on.
  void set_stalls(std::vector<std::pair<double, double>> stalls) { stalls_ = std::move(stalls); }

  void power_on(double t_s, double depth_setting_mm, double target_hz);
  void power_off(double t_s);
  void set_target_frequency(double t_s, double target_hz);
  bool powered() const { return powered_; }

  /// Rotor stroke rate (Hz) at t_s: 0 when off or stalled.
  double stroke_rate_hz(double t_s) const;
  bool stalled(double t_s) const;
  double supply_current_a(double t_s) const;

  /// Schedules the strokes that start up to end_s, with the phantom surface at surface_mm in
  /// protrusion coordinates (0: face on the phantom, > 0: a gap).
  void schedule_until(double end_s, double surface_mm);
  /// Needle protrusion and needle force on the phantom (above the face preload) at t_s; calls
  /// in time order are O(1).
  void sample(double t_s, double& protrusion_mm, double& needle_force_n);

  const std::vector<std::unique_ptr<PenRun>>& runs() const { return runs_; }
  const PenModel& model() const { return pen_; }

 private:
  double rotor_hz(double t_s) const;  // spin-up / speed-change transient, before stalls
  /// The end (world time) of the stall of the current run that t_s lies in, if any.
  std::optional<double> stall_end_s(double t_s) const;
  double nominal_period_s(double t_s) const;

  PenModel pen_;
  PhantomForceParams needle_params_;  // the phantom's per-needle figures x needle count
  double puncture_force_n_;
  double puncture_scatter_n_;
  PenDefects defects_;
  std::vector<std::pair<double, double>> stalls_;
  std::mt19937_64 stroke_rng_;
  std::mt19937_64 motor_rng_;
  StandardNormal gauss_;
  std::vector<std::unique_ptr<PenRun>> runs_;
  bool powered_ = false;
  double target_hz_ = 0.0;
  double change_s_ = 0.0;  // last speed change (or power-on)
  double change_from_hz_ = 0.0;
  double rest_mm_;  // protrusion before the first run
};

}  // namespace needlerig::rig::sim
