#include "rig/sim/sim_world.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "rig/sim/sim_random.hpp"

namespace needlerig::rig::sim {

namespace {
// The physics runs on at least a 100 kHz grid: the puncture drop (15-40 us: two to four steps),
// the laser's bandwidth and the load cell's kHz resonance are resolved; the filters are exact for
// any step, so a finer grid (fine_steps_per_sample) only refines the piecewise-linear input.
constexpr double kMinFineRateHz = 100'000.0;

std::int32_t clamp_code(double code, std::int32_t lo, std::int32_t hi) {
  if (!(code > static_cast<double>(lo))) return lo;  // NaN reads as the low end
  if (code >= static_cast<double>(hi)) return hi;
  return static_cast<std::int32_t>(code);
}

int source_of(const std::string& id) {
  if (id == "protrusion_mm") return 0;
  if (id == "force_N") return 1;
  return 2;
}
bool same_channel_ids(const std::vector<core::ChannelCalibration>& a,
                      const std::vector<core::ChannelCalibration>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const auto& x, const auto& y) { return x.id == y.id; });
}
}  // namespace

std::vector<core::ChannelCalibration> default_sim_channels() {
  return {{"protrusion_mm", "mm", 1e-4, 0.0, -5.0, 5.0}, {"force_N", "N", 2e-4, 0.0, -20.0, 20.0}};
}

SimWorld::SimWorld(SimWorldConfig config)
    : config_(std::move(config)),
      clock_(config_.clock ? config_.clock : std::make_shared<SteadySimClock>()),
      pen_(config_.pen, config_.phantom, config_.seed),
      face_(config_.phantom.face_stiffness_n_per_mm, config_.phantom.relaxation_fraction,
            config_.phantom.relaxation_time_s, 1e-5),
      load_cell_(config_.sensors.load_cell_resonance_hz, config_.sensors.load_cell_damping, 1e-5),
      laser_(config_.sensors.laser_bandwidth_hz, config_.sensors.laser_damping, 1e-5),
      axis_(config_.axis_start_mm),
      noise_rng_(seeded_stream(config_.seed, 21)) {
  if (config_.channels.empty()) config_.channels = default_sim_channels();
  clock_ratio_ = 1.0 + config_.clock_error_ppm * 1e-6;
  pen_depth_mm_ = config_.pen.depth_default_mm;
  pen_target_hz_ = config_.pen.default_frequency_hz();
  if (config_.pen.speed_levels() > 0) pen_level_ = 1;

  PenDefects defects;
  const FaultPlan& plan = config_.faults;
  if (const Fault* f = plan.defect(FaultKind::needle_not_retracting))
    defects.retraction_floor_mm = f->value;
  if (const Fault* f = plan.defect(FaultKind::blunt_needles)) defects.puncture_factor = f->value;
  if (const Fault* f = plan.defect(FaultKind::bent_needle)) defects.bent_needle_fraction = f->value;
  if (const Fault* f = plan.defect(FaultKind::depth_miscalibration))
    defects.depth_offset_mm = f->value;
  if (const Fault* f = plan.defect(FaultKind::weak_motor)) defects.frequency_factor = f->value;
  if (const Fault* f = plan.defect(FaultKind::rough_motor)) defects.extra_jitter_rms_s = f->value;
  pen_.set_defects(defects);
  std::vector<std::pair<double, double>> stalls;
  for (const Fault& f : plan.faults) {
    switch (f.kind) {
      case FaultKind::stalled_motor:
        stalls.emplace_back(f.at_s, f.duration_s);
        break;
      case FaultKind::sensor_dropout:
        dropouts_.push_back(&f);
        break;
      case FaultKind::overforce:
        overforces_.push_back(&f);
        break;
      case FaultKind::disconnect:
        disconnects_.push_back(&f);
        break;
      default:
        break;
    }
  }
  pen_.set_stalls(std::move(stalls));

  channel_faults_.resize(config_.channels.size());
  for (std::size_t c = 0; c < config_.channels.size(); ++c) {
    const core::ChannelCalibration& ch = config_.channels[c];
    ChannelState s;
    s.source = source_of(ch.id);
    s.scale = ch.scale;
    s.offset = ch.offset;
    s.code_min = clamp_code(std::ceil((ch.range_min - ch.offset) / ch.scale), INT32_MIN + 1, 0);
    s.code_max = clamp_code(std::floor((ch.range_max - ch.offset) / ch.scale), 0, INT32_MAX - 1);
    const double noise = s.source == 0   ? config_.sensors.laser_noise_rms_mm
                         : s.source == 1 ? config_.sensors.load_cell_noise_rms_n
                                         : config_.sensors.current_noise_rms_a;
    s.reading = SensorReadingModel{noise, ch.scale, std::nullopt};
    channels_.push_back(s);
    channel_infos_.push_back({ch.id, ch.unit, ch.scale, ch.offset, s.code_min, s.code_max});
    if (s.source == 1)
      full_scale_force_n_ = std::max(std::abs(ch.range_min), std::abs(ch.range_max));
    for (const Fault& f : plan.faults) {
      if (f.channel != ch.id) continue;
      if (f.kind == FaultKind::stuck_sensor) channel_faults_[c].stuck.push_back(&f);
      if (f.kind == FaultKind::saturation) channel_faults_[c].saturation.push_back(&f);
    }
  }

  std::lock_guard lock(mutex_);
  set_rate_locked(config_.daq_rate_hz);
  double p = 0.0, needle = 0.0;
  pen_.sample(0.0, p, needle);
  protrusion_mm_ = p;
  laser_.reset(p);
  load_cell_.reset(0.0);
}

// ---------------------------------------------------------------------------------------------
// Time and physics

void SimWorld::set_rate_locked(double rate_hz) {
  base_s_ = rate_hz_ > 0.0 ? tick_time_s(tick_) : base_s_;
  tick_ = 0;
  rate_hz_ = rate_hz;
  substeps_ = config_.fine_steps_per_sample > 0
                  ? config_.fine_steps_per_sample
                  : std::max(1, static_cast<int>(std::ceil(kMinFineRateHz / rate_hz - 1e-9)));
  fine_step_s_ = 1.0 / (rate_hz * clock_ratio_ * substeps_);
  // The filters and the face restart at their present outputs with the new step.
  const double lc = load_cell_.output();
  const double laser = laser_.output();
  load_cell_ = SecondOrderLowPass(config_.sensors.load_cell_resonance_hz,
                                  config_.sensors.load_cell_damping, fine_step_s_);
  load_cell_.reset(lc);
  laser_ = SecondOrderLowPass(config_.sensors.laser_bandwidth_hz, config_.sensors.laser_damping,
                              fine_step_s_);
  laser_.reset(laser);
  face_ = FaceContact(config_.phantom.face_stiffness_n_per_mm, config_.phantom.relaxation_fraction,
                      config_.phantom.relaxation_time_s, fine_step_s_);
}

double SimWorld::tick_time_s(std::uint64_t tick) const {
  return base_s_ + static_cast<double>(tick * static_cast<std::uint64_t>(substeps_)) * fine_step_s_;
}

void SimWorld::schedule_locked(double end_s) {
  const double now_s = tick_time_s(tick_);
  const double gap_mm = std::max(0.0, config_.phantom_surface_mm - axis_.position_mm(now_s));
  pen_.schedule_until(end_s, gap_mm);
}

double SimWorld::overforce_n_locked(double daq_time_s) const {
  double extra = 0.0;
  for (const Fault* f : overforces_) {
    const auto origin = fault_origin_sample(*f);
    if (!origin) continue;
    const double since_s = daq_time_s - static_cast<double>(*origin) / stream_.sample_rate_hz;
    if (f->active_at(since_s)) extra += f->force_n.value_or(2.0 * full_scale_force_n_);
  }
  return extra;
}

void SimWorld::step_tick_locked() {
  const bool active = daq_state_ == core::LifecycleState::active;
  const bool record = active && truth_capacity_ > 0;
  const std::uint64_t first_fine = tick_ * static_cast<std::uint64_t>(substeps_);
  double lc = load_cell_.output();
  for (int s = 1; s <= substeps_; ++s) {
    const double t =
        base_s_ + static_cast<double>(first_fine + static_cast<std::uint64_t>(s)) * fine_step_s_;
    const double x_mm = axis_.position_mm(t);
    double p = 0.0, needle_n = 0.0;
    pen_.sample(t, p, needle_n);
    double f = face_.step(x_mm - config_.phantom_surface_mm) + needle_n;
    if (!overforces_.empty() && active) f += overforce_n_locked((t - activation_s_) * clock_ratio_);
    lc = load_cell_.step(f);
    laser_.step(p);
    protrusion_mm_ = p;
    force_n_ = f;
    if (record) record_truth_force_locked(lc);
  }
  ++tick_;
  if (moving_ && axis_.arrive_if_due(tick_time_s(tick_))) {
    moving_ = false;
    if (homing_) {
      homing_ = false;
      homed_ = true;
    }
  }
}

void SimWorld::record_truth_force_locked(double load_cell_n) {
  // Grows to its capacity (allocating as a vector does, a few times a run), then wraps.
  if (truth_force_.size() < truth_capacity_) {
    truth_force_.push_back(load_cell_n);
  } else {
    truth_force_[truth_fine_count_ % truth_capacity_] = load_cell_n;
  }
  ++truth_fine_count_;
}

void SimWorld::advance_without_samples_locked(std::uint64_t ticks) {
  schedule_locked(tick_time_s(tick_ + ticks));
  for (std::uint64_t i = 0; i < ticks; ++i) step_tick_locked();
  if (daq_state_ == core::LifecycleState::active) {
    next_sample_ += ticks;
    samples_lost_ = true;
  }
}

void SimWorld::write_sample_locked(std::int32_t* codes, std::uint64_t sample) {
  for (std::size_t c = 0; c < channels_.size(); ++c) {
    ChannelState& ch = channels_[c];
    const double x = ch.source == 0   ? laser_.output()
                     : ch.source == 1 ? load_cell_.output()
                                      : pen_.supply_current_a(tick_time_s(tick_));
    std::int32_t code =
        clamp_code(sensor_reading_lsbs(ch.reading, x - ch.offset, gauss_, noise_rng_), ch.code_min,
                   ch.code_max);
    const ChannelFaults& faults = channel_faults_[c];
    for (const Fault* f : faults.stuck) {
      if (fault_at_sample(*f, sample)) code = ch.last_code;
    }
    for (const Fault* f : faults.saturation) {
      if (fault_at_sample(*f, sample)) code = f->saturate_high ? ch.code_max : ch.code_min;
    }
    ch.last_code = code;
    codes[c] = code;
  }
}

void SimWorld::reanchor_locked() {
  anchor_clock_ = clock_->now();
  anchor_s_ = tick_time_s(tick_);
}

std::chrono::nanoseconds SimWorld::clock_deadline_locked(double world_s) const {
  return anchor_clock_ + std::chrono::nanoseconds(
                             static_cast<std::int64_t>(std::ceil((world_s - anchor_s_) * 1e9)));
}

double SimWorld::time_s() const {
  std::lock_guard lock(mutex_);
  return tick_time_s(tick_);
}

double SimWorld::load_cell_force_n() const {
  std::lock_guard lock(mutex_);
  return load_cell_.output();
}

// ---------------------------------------------------------------------------------------------
// DAQ

void SimWorld::daq_configure(const core::StreamConfig& config) {
  std::lock_guard lock(mutex_);
  if (daq_state_ == core::LifecycleState::active) {
    throw core::DriverError("daq", "configure() while active: deactivate first");
  }
  if (!(config.sample_rate_hz >= 1'000.0 && config.sample_rate_hz <= 2e6)) {
    throw core::DriverError("daq", "sample rate must be in [1 kHz, 2 MHz]");
  }
  if (config.block_samples == 0 || config.block_samples > 1'000'000) {
    throw core::DriverError("daq", "block_samples must be in [1, 1000000]");
  }
  // The world's channels are fixed when it is made (the station's DAQ node gave them).
  if (!config.channels.empty() && !same_channel_ids(config.channels, config_.channels)) {
    throw core::DriverError("daq", "the simulated DAQ was made with other channels");
  }
  stream_ = config;
  set_rate_locked(config.sample_rate_hz);
  // The last truth_record_s of the stream, a ring over the fine grid (a run streams for minutes).
  const auto capacity = static_cast<std::size_t>(std::max(0.0, config_.truth_record_s) *
                                                 config.sample_rate_hz * substeps_);
  truth_capacity_ = capacity > 0 ? capacity + 1 : 0;
  truth_force_.clear();
  truth_fine_count_ = 0;
  daq_state_ = core::LifecycleState::inactive;
}

void SimWorld::daq_activate() {
  std::lock_guard lock(mutex_);
  if (daq_state_ != core::LifecycleState::inactive) {
    throw core::DriverError("daq", std::string("activate() in state ") +
                                       std::string(core::lifecycle_state_name(daq_state_)));
  }
  daq_state_ = core::LifecycleState::active;
  next_sample_ = 0;
  // A pen already running when the stream starts was switched on at its first sample.
  power_on_sample_ = pen_.powered() ? std::optional<std::uint64_t>(0) : std::nullopt;
  activation_tick_ = tick_;
  activation_s_ = tick_time_s(tick_);
  samples_lost_ = false;
  for (ChannelState& ch : channels_) ch.last_code = 0;
  truth_force_.clear();
  truth_fine_count_ = 0;
  if (truth_capacity_ > 0) record_truth_force_locked(load_cell_.output());
  reanchor_locked();
}

void SimWorld::daq_deactivate() {
  std::lock_guard lock(mutex_);
  if (daq_state_ == core::LifecycleState::active) daq_state_ = core::LifecycleState::inactive;
}

core::LifecycleState SimWorld::daq_state() const {
  std::lock_guard lock(mutex_);
  return daq_state_;
}

double SimWorld::daq_rate_hz() const {
  std::lock_guard lock(mutex_);
  return stream_.sample_rate_hz;
}

std::uint64_t SimWorld::sample_at_daq_time(double t_s) const {
  // First sample at or after t_s (a millionth of a sample of tolerance, as the generator's).
  const double k = std::ceil(t_s * stream_.sample_rate_hz - 1e-6);
  return k <= 0.0 ? 0 : static_cast<std::uint64_t>(k);
}

std::optional<std::uint64_t> SimWorld::fault_origin_sample(const Fault& f) const {
  if (!f.from_power_on) return 0;
  return power_on_sample_;
}

bool SimWorld::fault_at_sample(const Fault& f, std::uint64_t k) const {
  // On the sample clock: [first sample at or after at_s, first at or after at_s + duration_s),
  // counted from the fault's origin (none yet: the fault has not begun).
  const auto origin = fault_origin_sample(f);
  if (!origin || k < *origin) return false;
  const std::uint64_t since = k - *origin;
  if (since < sample_at_daq_time(f.at_s)) return false;
  return std::isinf(f.duration_s) || since < sample_at_daq_time(f.at_s + f.duration_s);
}

std::uint64_t SimWorld::disconnect_sample_locked() const {
  std::uint64_t first = UINT64_MAX;
  for (const Fault* f : disconnects_) {
    if (const auto origin = fault_origin_sample(*f)) {
      first = std::min(first, *origin + sample_at_daq_time(f->at_s));
    }
  }
  return first;
}

core::ReadStatus SimWorld::daq_read(core::SampleBlock& block,
                                    std::chrono::nanoseconds timeout) noexcept {
  std::unique_lock lock(mutex_);
  if (daq_state_ == core::LifecycleState::fault) return core::ReadStatus::disconnected;
  if (daq_state_ != core::LifecycleState::active) return core::ReadStatus::timeout;
  const std::size_t channels = channels_.size();
  const std::size_t max_samples = std::min(stream_.block_samples, block.codes.size() / channels);
  if (max_samples == 0) return core::ReadStatus::timeout;  // the consumer gave no capacity
  const double rate = stream_.sample_rate_hz;
  const double true_rate = rate * clock_ratio_;

  if (config_.mode == SimMode::real_time) {
    const auto now = clock_->now();
    const double elapsed_s = std::chrono::duration<double>(now - anchor_clock_).count();
    const auto due = static_cast<std::uint64_t>(std::max(0.0, std::floor(elapsed_s * true_rate)));
    const auto buffer = static_cast<std::uint64_t>(config_.daq_buffer_s * rate);
    if (due > next_sample_ + buffer) advance_without_samples_locked(due - next_sample_ - buffer);
    if (due < next_sample_ + max_samples) {
      const auto deadline = clock_deadline_locked(
          activation_s_ + static_cast<double>(next_sample_ + max_samples) / true_rate);
      const bool in_time = deadline - now <= timeout;
      lock.unlock();
      clock_->sleep_until(in_time ? deadline : now + timeout);
      lock.lock();
      if (!in_time) return core::ReadStatus::timeout;
      if (daq_state_ == core::LifecycleState::fault) return core::ReadStatus::disconnected;
      if (daq_state_ != core::LifecycleState::active) return core::ReadStatus::timeout;
    }
  }

  const auto dropped = [&](std::uint64_t k) {
    return std::any_of(dropouts_.begin(), dropouts_.end(),
                       [&](const Fault* f) { return fault_at_sample(*f, k); });
  };
  const std::uint64_t disconnect_at = disconnect_sample_locked();

  // Samples lost to a dropout at the start of the block: stepped through, not delivered (at most
  // a block's worth per call, so that a long dropout answers timeouts rather than hanging).
  std::size_t skipped = 0;
  schedule_locked(tick_time_s(tick_ + 2 * max_samples));
  while (!dropouts_.empty() && skipped < max_samples && next_sample_ < disconnect_at &&
         dropped(next_sample_)) {
    step_tick_locked();
    ++next_sample_;
    ++skipped;
    samples_lost_ = true;
  }
  if (skipped > 0 && dropped(next_sample_)) return core::ReadStatus::timeout;

  const std::uint64_t first = next_sample_;
  std::size_t n = 0;
  while (n < max_samples) {
    if (next_sample_ >= disconnect_at) {
      daq_state_ = core::LifecycleState::fault;
      break;
    }
    if (!dropouts_.empty() && dropped(next_sample_)) break;
    write_sample_locked(&block.codes[n * channels], next_sample_);
    step_tick_locked();
    ++next_sample_;
    ++n;
  }
  if (n == 0 && daq_state_ == core::LifecycleState::fault) return core::ReadStatus::disconnected;
  block.first_sample_index = first;
  block.first_sample_time_ns =
      static_cast<std::int64_t>(std::llround(static_cast<double>(first) * 1e9 / rate));
  block.sample_count = n;
  block.channel_count = channels;
  const bool lost = samples_lost_;
  samples_lost_ = false;
  return lost ? core::ReadStatus::overrun : core::ReadStatus::ok;
}

}  // namespace needlerig::rig::sim
