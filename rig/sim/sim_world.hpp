#pragma once
// One seeded simulated world: the pen (motor, cam, needles), the phantom on its load cell, the
// stage axis, the laser displacement sensor, the DAQ and its clock. The three simulated drivers
// (SimStreamSource, SimMotionAxis, SimPenDriver) are thin adapters over one SimWorld they share;
// the world keeps what the pen really did, for the ground truth.
//
// How world time advances (the "true" time of the physics, in seconds since the world was made):
//   * Only as the DAQ is read: each read_block() steps the physics over its samples, moving the
//     stage and running the pen. Nothing else advances it: a pen switched on or a move started
//     while nobody reads makes no progress (the rig reads its stream from before homing to its
//     last safe stop, rig/core/stream_source.hpp).
//   * Fast mode: time advances as fast as the CPU computes it, and the DAQ is not free-running:
//     the rig reads it in lockstep, so the world never runs ahead of the rig's commands and a
//     seeded run is the same run every time. Real-time mode: a block is delivered when the
//     injectable SimClock reaches its last sample (read_block waits at most its timeout, then
//     answers timeout), and a reader that falls behind by more than daq_buffer_s loses the
//     oldest samples (overrun), as a real DAQ's buffer would.
//   Every wait is on the SimClock: with a ManualClock (which jumps to a deadline when waited on)
//   no test sleeps.
//
// The DAQ clock: sample k is taken at world time t_activate + k / (rate (1 + ppm 1e-6)) and
// stamped k / rate (the DAQ does not know its own error). The ground truth is given on the DAQ's
// time axis, so it compares directly with what an analysis of the samples finds.
//
// Threads: every public member may be called from any thread; one mutex guards the world.
// read_block does not allocate (except the pen's stroke list growing past a minute of strokes)
// and never throws.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "rig/core/driver_error.hpp"
#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/sim/physics/axis_trajectory.hpp"
#include "rig/sim/physics/face_contact.hpp"
#include "rig/sim/physics/second_order_low_pass.hpp"
#include "rig/sim/physics/sensor_reading.hpp"
#include "rig/sim/sim_pen.hpp"
#include "rig/sim/sim_world_config.hpp"
#include "rig/sim/truth/truth_strokes.hpp"

namespace needlerig::rig::sim {

/// What the pen really did over a stretch of the stream, on the DAQ's time axis (t = 0 at the
/// stretch's first sample, as an analysis of those samples counts time).
struct SimGroundTruth {
  StrokeTruthSet strokes;  // levels, t_n, per-stroke extremes, punctures
  std::map<analysis::MeasurementId, double> measurements;  // every id; NaN where undefined
  std::vector<StrokeSpan> schedule;                        // the strokes, on the DAQ time axis
  double depth_setting_mm = 0.0;
  int needle_count = 0;
  bool has_force = false;  // false when the truth recording did not cover the stretch
};

class SimWorld {
 public:
  explicit SimWorld(SimWorldConfig config);
  SimWorld(const SimWorld&) = delete;
  SimWorld& operator=(const SimWorld&) = delete;

  /// The settings the world was made with (its seed and pacing, for the run record).
  const SimWorldConfig& config() const { return config_; }

  // --- DAQ (SimStreamSource) ---
  void daq_configure(const core::StreamConfig& config);
  void daq_activate();
  void daq_deactivate();
  core::LifecycleState daq_state() const;
  const std::vector<core::ChannelInfo>& daq_channels() const { return channel_infos_; }
  double daq_rate_hz() const;
  core::ReadStatus daq_read(core::SampleBlock& block, std::chrono::nanoseconds timeout) noexcept;
  /// Fast mode: samples exist only as they are read (rig/core/stream_source.hpp).
  bool daq_free_running() const { return config_.mode == SimMode::real_time; }

  // --- Axis (SimMotionAxis) ---
  void axis_configure(const core::AxisConfig& config);
  void axis_activate();
  void axis_deactivate();
  core::LifecycleState axis_state() const;
  void axis_home();
  void axis_move_to(double position_mm, double speed_mm_per_s);
  void axis_stop() noexcept;
  bool axis_moving() const;
  double axis_position_mm() const;
  bool axis_homed() const;

  // --- Pen (SimPenDriver) ---
  void pen_configure(const core::PenIdentity& identity);
  void pen_activate();
  void pen_deactivate();
  core::LifecycleState pen_state() const;
  const core::PenIdentity& pen_identity() const { return pen_identity_; }
  core::PenCapabilities pen_capabilities() const;
  void pen_set_speed_level(int level);
  void pen_set_frequency_hz(double frequency_hz);
  void pen_set_depth_mm(double depth_mm);
  void pen_power_on();
  void pen_power_off() noexcept;
  core::PenStatus pen_status() const;

  // --- The operator and the test ---
  /// The operator turns the pen's depth dial (pens without an electrical depth setting).
  void turn_depth_dial_mm(double depth_mm);
  double time_s() const;
  /// Noise-free force on the load cell (N) now: the load cell's output before noise and ADC.
  double load_cell_force_n() const;
  /// The truth of `sample_count` samples of the stream from `first_sample` (of the current
  /// activation), over the pen's run in progress at the stretch's middle.
  SimGroundTruth ground_truth(std::uint64_t first_sample, std::size_t sample_count) const;

 private:
  struct ChannelState {
    SensorReadingModel reading;
    double offset = 0.0;
    double scale = 1.0;
    std::int32_t code_min = 0;
    std::int32_t code_max = 0;
    int source = 0;  // 0 protrusion, 1 force, 2 current
    std::int32_t last_code = 0;
  };
  struct ChannelFaults {  // per channel: the faults of the plan that act on its codes
    std::vector<const Fault*> stuck;
    std::vector<const Fault*> saturation;
  };

  // Time and physics (caller holds mutex_).
  void set_rate_locked(double rate_hz);
  double tick_time_s(std::uint64_t tick) const;
  void schedule_locked(double end_s);
  void step_tick_locked();
  void record_truth_force_locked(double load_cell_n);
  void advance_without_samples_locked(std::uint64_t ticks);
  void write_sample_locked(std::int32_t* codes, std::uint64_t sample);
  std::optional<std::uint64_t> fault_origin_sample(const Fault& f) const;
  bool fault_at_sample(const Fault& f, std::uint64_t k) const;
  std::uint64_t disconnect_sample_locked() const;
  void reanchor_locked();
  std::chrono::nanoseconds clock_deadline_locked(double world_s) const;
  void start_move_locked(double target_mm, double speed_mm_per_s);
  void require_axis_idle_locked(const char* what) const;
  void require_pen_active_locked(const char* what) const;
  double overforce_n_locked(double daq_time_s) const;
  std::uint64_t sample_at_daq_time(double t_s) const;

  SimWorldConfig config_;
  mutable std::mutex mutex_;
  std::shared_ptr<SimClock> clock_;

  // World time: tick_ counts DAQ sample periods (true time) since the last rate change.
  double rate_hz_ = 0.0;
  double clock_ratio_ = 1.0;  // DAQ seconds per true second
  int substeps_ = 1;
  double fine_step_s_ = 0.0;
  double base_s_ = 0.0;
  std::uint64_t tick_ = 0;
  std::chrono::nanoseconds anchor_clock_{0};
  double anchor_s_ = 0.0;

  // Physics.
  SimPen pen_;
  FaceContact face_;
  SecondOrderLowPass load_cell_;
  SecondOrderLowPass laser_;
  AxisTrajectory axis_;
  double protrusion_mm_ = 0.0;  // noise-free pen protrusion now
  double force_n_ = 0.0;        // noise-free force on the load cell now (before its dynamics)
  std::mt19937_64 noise_rng_;
  StandardNormal gauss_;

  // DAQ.
  core::LifecycleState daq_state_ = core::LifecycleState::unconfigured;
  core::StreamConfig stream_;
  std::vector<core::ChannelInfo> channel_infos_;
  std::vector<ChannelState> channels_;
  std::vector<ChannelFaults> channel_faults_;
  std::vector<const Fault*> dropouts_;
  std::vector<const Fault*> overforces_;
  std::vector<const Fault*> disconnects_;
  // The stream's sample at the pen's latest power-on (faults `from: power_on` count from it).
  std::optional<std::uint64_t> power_on_sample_;
  std::uint64_t next_sample_ = 0;  // index of the next sample of this activation
  std::uint64_t activation_tick_ = 0;
  double activation_s_ = 0.0;
  bool samples_lost_ = false;
  double full_scale_force_n_ = 20.0;
  // The noise-free load-cell output at the last fine steps since activation: a ring of
  // truth_capacity_ holding fine step k at truth_force_[k % truth_capacity_].
  std::vector<double> truth_force_;
  std::size_t truth_capacity_ = 0;
  std::uint64_t truth_fine_count_ = 0;

  // Axis.
  core::LifecycleState axis_state_ = core::LifecycleState::unconfigured;
  core::AxisConfig axis_config_;
  bool homed_ = false;
  bool moving_ = false;
  bool homing_ = false;  // the move under way is the homing move

  // Pen.
  core::LifecycleState pen_state_ = core::LifecycleState::unconfigured;
  core::PenIdentity pen_identity_;
  double pen_target_hz_ = 0.0;
  double pen_depth_mm_ = 0.0;
  std::optional<int> pen_level_;
};

}  // namespace needlerig::rig::sim
