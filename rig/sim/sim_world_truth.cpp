// SimWorld: the ground truth of a stretch of the stream, from the pen's run (its strokes, mapped
// onto the DAQ's time axis) and the recorded noise-free load-cell output, through the same truth
// evaluation as the synthetic captures (rig/sim/truth).

#include <algorithm>

#include "rig/sim/sim_world.hpp"
#include "rig/sim/truth/truth_measurements.hpp"

namespace needlerig::rig::sim {

SimGroundTruth SimWorld::ground_truth(std::uint64_t first_sample, std::size_t sample_count) const {
  std::lock_guard lock(mutex_);
  SimGroundTruth out;
  out.needle_count = config_.pen.needle_count;
  if (sample_count < 2 || stream_.sample_rate_hz <= 0.0) return out;
  const double rate = stream_.sample_rate_hz;
  const double true_rate = rate * clock_ratio_;
  const double mid_s =
      activation_s_ +
      (static_cast<double>(first_sample) + 0.5 * static_cast<double>(sample_count)) / true_rate;
  const PenRun* run = nullptr;
  for (const auto& r : pen_.runs()) {
    if (r->on_s <= mid_s) run = r.get();
  }
  const double shift_s = static_cast<double>(first_sample) / rate;
  const double end_s = static_cast<double>(sample_count - 1) / rate;
  const auto daq_time = [&](double t_s) { return (t_s - activation_s_) * clock_ratio_ - shift_s; };

  std::vector<StrokeSpan> strokes;
  double retracted_mm = config_.pen.depth_default_mm + config_.pen.depth_calibration_error_mm -
                        config_.pen.stroke_amplitude_mm;
  double floor_mm = -std::numeric_limits<double>::infinity();
  if (run != nullptr) {
    out.depth_setting_mm = run->depth_setting_mm;
    retracted_mm = run->motion->retracted_mm();
    floor_mm = run->motion->retraction_floor_mm();
    // A contiguous stretch of the run's strokes around the capture (a second either side).
    for (const StrokeSpan& s : run->motion->strokes()) {
      const double start = daq_time(s.start_s);
      const double period = s.period_s * clock_ratio_;
      if (start + period < -1.0 || start > end_s + 1.0) continue;
      strokes.push_back({start, period, s.amplitude_mm, s.puncture_force_n});
    }
  }
  out.schedule = strokes;
  const PenMotion motion(std::move(strokes), StrokeProfile(config_.pen.harmonic_fraction),
                         retracted_mm, floor_mm);

  std::optional<FineGrid> force;
  const auto sub = static_cast<std::uint64_t>(substeps_);
  const std::uint64_t first_fine = first_sample * sub;
  const std::uint64_t last_fine = (first_sample + sample_count - 1) * sub;
  const std::uint64_t kept = std::min<std::uint64_t>(truth_fine_count_, truth_capacity_);
  const std::uint64_t oldest = truth_fine_count_ > kept ? truth_fine_count_ - kept : 0;
  if (kept > 0 && first_fine >= oldest && last_fine < truth_fine_count_) {
    // From as far before the stretch as the ring still holds (up to a second), to its end.
    const std::uint64_t begin =
        std::max(oldest, first_fine - std::min<std::uint64_t>(first_fine, static_cast<std::uint64_t>(rate) * sub));
    FineGrid grid{rate * static_cast<double>(sub), static_cast<std::size_t>(first_fine - begin), {}};
    grid.values.reserve(static_cast<std::size_t>(last_fine + 1 - begin));
    for (std::uint64_t k = begin; k <= last_fine; ++k) {
      grid.values.push_back(truth_force_[k % truth_capacity_]);
    }
    force = std::move(grid);
  }
  out.has_force = force.has_value();
  out.strokes = find_truth_strokes(motion, force ? &*force : nullptr, end_s);
  out.measurements =
      truth_measurements(out.strokes, out.has_force, out.depth_setting_mm, out.needle_count);
  return out;
}

}  // namespace needlerig::rig::sim
