#pragma once
// The measurement ids of the contract (spec: measurements), each with its fixed unit and the
// channels it is computed from. The channel set decides which data-quality findings make a
// measurement unsound.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace needlerig::analysis {

enum class Channel : std::uint8_t { time, protrusion, force, motor_current };

/// The contract's column name of a channel: "time_s", "protrusion_mm", "force_N",
/// "motor_current_A".
std::string_view channel_id(Channel channel);

enum class MeasurementId : std::uint8_t {
  stroke_count,
  stroke_frequency,
  puncture_rate,
  period_mean,
  period_jitter_rms,
  period_jitter_pp,
  cycle_to_cycle_jitter_rms,
  tie_rms,
  frequency_drift,
  protrusion_max_mean,
  protrusion_max_std,
  protrusion_max_min,
  protrusion_max_max,
  depth_error,
  retraction_worst,
  stroke_amplitude_mean,
  contact_force,
  peak_force_mean,
  peak_force_max,
  insertion_travel_mean,
  penetration_depth_mean,
  penetration_depth_min,
  puncture_ratio,
  stall_count,
};

/// Whether the engine gives the measurement a standard uncertainty u (docs/measurements.md,
/// uncertainty): not the counts, the extremes over strokes, the spread of the depths, and the
/// insertion and penetration figures, whose u is not estimated yet.
bool reports_uncertainty(MeasurementId id);

/// Bit set of channels a measurement reads.
using ChannelMask = std::uint8_t;
constexpr ChannelMask channel_bit(Channel channel) {
  return static_cast<ChannelMask>(1U << static_cast<unsigned>(channel));
}

struct MeasurementInfo {
  MeasurementId id;
  std::string_view name;  // the id as it appears in records, JUnit and plans
  std::string_view unit;  // fixed unit, no prefixes
  ChannelMask channels;   // channels the value is computed from
  /// Scales with the capture's time base (a rate that disagrees with its time stamps spoils it).
  bool timing = false;
};

inline constexpr ChannelMask kTiming =
    channel_bit(Channel::time) | channel_bit(Channel::protrusion);
inline constexpr ChannelMask kForce = kTiming | channel_bit(Channel::force);

/// Every measurement of the contract, in the order records and tables list them.
inline constexpr std::array<MeasurementInfo, 24> kMeasurements{{
    {MeasurementId::stroke_count, "stroke_count", "1", kTiming},
    {MeasurementId::stroke_frequency, "stroke_frequency", "Hz", kTiming, true},
    {MeasurementId::puncture_rate, "puncture_rate", "1/s", kTiming, true},
    {MeasurementId::period_mean, "period_mean", "s", kTiming, true},
    {MeasurementId::period_jitter_rms, "period_jitter_rms", "s", kTiming, true},
    {MeasurementId::period_jitter_pp, "period_jitter_pp", "s", kTiming, true},
    {MeasurementId::cycle_to_cycle_jitter_rms, "cycle_to_cycle_jitter_rms", "s", kTiming, true},
    {MeasurementId::tie_rms, "tie_rms", "s", kTiming, true},
    {MeasurementId::frequency_drift, "frequency_drift", "Hz/s", kTiming, true},
    {MeasurementId::protrusion_max_mean, "protrusion_max_mean", "mm", kTiming},
    {MeasurementId::protrusion_max_std, "protrusion_max_std", "mm", kTiming},
    {MeasurementId::protrusion_max_min, "protrusion_max_min", "mm", kTiming},
    {MeasurementId::protrusion_max_max, "protrusion_max_max", "mm", kTiming},
    {MeasurementId::depth_error, "depth_error", "mm", kTiming},
    {MeasurementId::retraction_worst, "retraction_worst", "mm", kTiming},
    {MeasurementId::stroke_amplitude_mean, "stroke_amplitude_mean", "mm", kTiming},
    {MeasurementId::contact_force, "contact_force", "N", kForce},
    {MeasurementId::peak_force_mean, "peak_force_mean", "N", kForce},
    {MeasurementId::peak_force_max, "peak_force_max", "N", kForce},
    {MeasurementId::insertion_travel_mean, "insertion_travel_mean", "mm", kForce},
    {MeasurementId::penetration_depth_mean, "penetration_depth_mean", "mm", kForce},
    {MeasurementId::penetration_depth_min, "penetration_depth_min", "mm", kForce},
    {MeasurementId::puncture_ratio, "puncture_ratio", "1", kForce},
    // A stall is a gap in the strokes measured in stroke periods: it does not scale with the
    // time base.
    {MeasurementId::stall_count, "stall_count", "1", kTiming},
}};

const MeasurementInfo& measurement_info(MeasurementId id);

/// Looks an id up by its record name ("depth_error"); nullopt for an unknown name.
std::optional<MeasurementId> measurement_id_from_name(std::string_view name);

}  // namespace needlerig::analysis
