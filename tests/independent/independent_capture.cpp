#include "tests/independent/independent_capture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>

#include "tests/independent/random_stream.hpp"

namespace needlerig::independent {
namespace {

constexpr std::size_t kMinOversampling = 10;
constexpr double kMinPrerollS = 0.02;
constexpr double kMinPrerollStrokes = 3.0;
constexpr double kMaxGridPoints =
    6e7;  // about 2 GB of grid signals: far beyond any sensible capture
// The contract's timebase_mismatch tolerance between the stated rate and the time column.
constexpr double kTimebaseTolerance = 1e-3;
// Mains pickup on the force at least this strong (amplitude of the fundamental) is expected found.
constexpr double kClearForcePickup_n = 0.005;

/// The model's time grid: point g at (g - capture_start) * step_s; sample i at point
/// capture_start + i * oversampling.
struct ModelGrid {
  std::size_t oversampling;
  double step_s;
  std::size_t capture_start;  // grid index of the capture's first sample
  std::size_t sample_count;
  std::size_t point_count;
  double time_s(std::size_t g) const {
    return (static_cast<double>(g) - static_cast<double>(capture_start)) * step_s;
  }
};

ModelGrid make_grid(const IndependentCaptureConfig& c) {
  if (!(c.duration_s > 0.0) || !(c.sample_rate_hz >= 1000.0) || !(c.max_grid_step_s > 0.0) ||
      std::abs(c.stated_rate_error) >= 0.5 || c.needle_count <= 0) {
    throw std::invalid_argument(
        "capture: needs a positive duration and grid step, a sample rate of at least 1 kHz, a "
        "stated rate error below 50 % and a positive needle count");
  }
  const double sample_period_s = 1.0 / c.sample_rate_hz;
  ModelGrid grid{};
  grid.oversampling = std::max(
      kMinOversampling, static_cast<std::size_t>(std::ceil(sample_period_s / c.max_grid_step_s)));
  grid.step_s = sample_period_s / static_cast<double>(grid.oversampling);
  const double preroll_s =
      std::max(kMinPrerollS, kMinPrerollStrokes / c.pen.timing.base_frequency_hz);
  const auto preroll_samples = static_cast<std::size_t>(std::ceil(preroll_s * c.sample_rate_hz));
  grid.sample_count = static_cast<std::size_t>(std::llround(c.duration_s * c.sample_rate_hz));
  if (grid.sample_count < 2) throw std::invalid_argument("capture: fewer than two samples");
  grid.capture_start = preroll_samples * grid.oversampling;
  grid.point_count = (preroll_samples + grid.sample_count - 1) * grid.oversampling + 1;
  if (static_cast<double>(grid.point_count) > kMaxGridPoints) {
    throw std::invalid_argument("capture: too long for the model's time grid at this rate");
  }
  return grid;
}

/// The grid values at the sample instants.
std::vector<double> at_samples(const std::vector<double>& grid_values, const ModelGrid& grid) {
  std::vector<double> samples(grid.sample_count);
  for (std::size_t i = 0; i < grid.sample_count; ++i) {
    samples[i] = grid_values[grid.capture_start + i * grid.oversampling];
  }
  return samples;
}

/// Leaves the capture's part of a grid signal (the truth's input: t = 0 at the first sample).
void drop_preroll(std::vector<double>& grid_values, const ModelGrid& grid) {
  if (grid_values.empty()) return;
  grid_values.erase(grid_values.begin(),
                    grid_values.begin() + static_cast<std::ptrdiff_t>(grid.capture_start));
}

bool reaches_full_scale(const std::vector<double>& samples, const ChannelReadingConfig& c) {
  const double top = convert(c.full_scale_max, c.adc_step, c.full_scale_min, c.full_scale_max);
  const double bottom = convert(c.full_scale_min, c.adc_step, c.full_scale_min, c.full_scale_max);
  return std::any_of(samples.begin(), samples.end(), [&](double s) {
    return (std::isfinite(top) && s >= top) || (std::isfinite(bottom) && s <= bottom);
  });
}

analysis::CaptureMetadata make_metadata(const IndependentCaptureConfig& c, double stated_rate_hz) {
  analysis::CaptureMetadata m;
  m.sample_rate_hz = stated_rate_hz;
  m.depth_setting_mm = c.depth_setting_mm;
  m.needle_count = c.needle_count;
  // Twelve significant digits: a stated rate of 1.01 * 25 kHz reads 25250, not 25250.000000000004.
  m.entries["sample_rate_hz"] = fmt::format("{:.12g}", stated_rate_hz);
  m.entries["depth_setting_mm"] = fmt::format("{}", c.depth_setting_mm);
  m.entries["needle_count"] = fmt::format("{}", c.needle_count);
  m.entries["pen_running"] = c.pen_running ? "true" : "false";
  m.entries["pen_model"] = "independent-model";
  m.entries["pen_serial"] = c.name;
  m.entries["nominal_frequency_hz"] = fmt::format("{}", c.pen.timing.base_frequency_hz);
  m.entries["seed"] = fmt::format("{}", c.seed);
  return m;
}

Eigen::VectorXd to_eigen(const std::vector<double>& values, const std::vector<std::size_t>& rows) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) out(static_cast<Eigen::Index>(r)) = values[rows[r]];
  return out;
}

}  // namespace

std::map<std::string, double> IndependentCapture::truth_by_name() const {
  std::map<std::string, double> named;
  for (const auto& [id, value] : truth)
    named[std::string(analysis::measurement_info(id).name)] = value;
  named["stall_count"] = stall_count;
  return named;
}

IndependentCapture make_independent_capture(const IndependentCaptureConfig& c) {
  const ModelGrid grid = make_grid(c);
  const double stated_rate_hz = c.sample_rate_hz * (1.0 + c.stated_rate_error);

  // The true signals on the grid, then what the sensors output for them without noise (in
  // scopes: at a high rate the grid signals are the model's largest memory).
  std::vector<double> underlying_protrusion;
  std::vector<double> underlying_force;
  {
    const PenSignal pen(c.pen, grid.time_s(0), grid.time_s(grid.point_count - 1), c.seed);
    std::vector<double> needle_mm(grid.point_count);
    for (std::size_t g = 0; g < grid.point_count; ++g) {
      needle_mm[g] = pen.protrusion_mm(grid.time_s(g));
    }
    if (c.with_force) {
      underlying_force = underlying_output(
          c.sensors.load_cell, c.sensors.force_zero_drift_n_per_s,
          tissue_force_n(c.tissue, needle_mm, grid.time_s(0), grid.step_s, c.seed), grid.time_s(0),
          grid.step_s);
    }
    underlying_protrusion = underlying_output(c.sensors.laser, c.sensors.protrusion_drift_mm_per_s,
                                              needle_mm, grid.time_s(0), grid.step_s);
  }
  const auto protrusion_at_samples = at_samples(underlying_protrusion, grid);
  const auto force_at_samples =
      c.with_force ? at_samples(underlying_force, grid) : std::vector<double>{};

  TruthSettings settings;
  settings.thresholds = c.thresholds;
  settings.depth_setting_mm = c.depth_setting_mm;
  settings.needle_count = c.needle_count;
  settings.pen_running = c.pen_running;
  drop_preroll(underlying_protrusion, grid);
  drop_preroll(underlying_force, grid);
  ContractTruth truth = evaluate_contract_truth(
      {grid.step_s, std::move(underlying_protrusion), std::move(underlying_force)}, settings);

  // The readings at the sample instants, then the rows the dropouts leave.
  RandomStream protrusion_rng(c.seed, RandomComponent::protrusion_noise);
  const auto protrusion_read =
      read_channel(c.sensors.protrusion, c.sensors.mains_frequency_hz, protrusion_at_samples,
                   c.sample_rate_hz, protrusion_rng);
  std::vector<double> force_read;
  if (c.with_force) {
    RandomStream force_rng(c.seed, RandomComponent::force_noise);
    force_read = read_channel(c.sensors.force, c.sensors.mains_frequency_hz, force_at_samples,
                              c.sample_rate_hz, force_rng);
  }
  std::vector<double> times(grid.sample_count);
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < grid.sample_count; ++i) {
    times[i] = static_cast<double>(i) / c.sample_rate_hz;
    const bool dropped = std::any_of(c.sensors.dropouts.begin(), c.sensors.dropouts.end(),
                                     [&](const TimeSpan& d) { return d.contains(times[i]); });
    if (!dropped) rows.push_back(i);
  }

  IndependentCapture out{};
  out.capture.source = fmt::format("independent model: {} (seed {})", c.name, c.seed);
  out.capture.metadata = make_metadata(c, stated_rate_hz);
  out.capture.sample_rate_hz = stated_rate_hz;
  out.capture.time_s = to_eigen(times, rows);
  out.capture.protrusion_mm = to_eigen(protrusion_read, rows);
  out.underlying_protrusion_mm = to_eigen(protrusion_at_samples, rows);
  if (c.with_force) {
    out.capture.force_n = to_eigen(force_read, rows);
    out.underlying_force_n = to_eigen(force_at_samples, rows);
  }
  out.truth = std::move(truth.values);
  out.stall_count = truth.stall_count;
  out.levels = truth.levels;
  out.reference_instants_s = std::move(truth.reference_instants_s);
  out.stalls = std::move(truth.stalls);
  out.strokes = std::move(truth.strokes);
  out.strokes_left_out = std::move(truth.strokes_left_out);

  if (rows.size() < grid.sample_count) out.expected_findings.insert("dropout");
  if (!c.sensors.protrusion.stuck.empty() || (c.with_force && !c.sensors.force.stuck.empty())) {
    out.expected_findings.insert("stuck");
  }
  if (reaches_full_scale(protrusion_read, c.sensors.protrusion) ||
      (c.with_force && reaches_full_scale(force_read, c.sensors.force))) {
    out.expected_findings.insert("saturation");
  }
  if (std::abs(c.stated_rate_error) > kTimebaseTolerance) {
    out.expected_findings.insert("timebase_mismatch");
  }
  // Mains pickup on the load cell this strong stands out of every force spectrum the model
  // makes (its lines lie between the pen's harmonics); weaker pickup may or may not be found.
  if (c.with_force && c.sensors.force.mains_amplitude >= kClearForcePickup_n) {
    out.expected_findings.insert("mains_pickup");
  }
  return out;
}

}  // namespace needlerig::independent
