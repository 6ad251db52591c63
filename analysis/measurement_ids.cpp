#include "analysis/measurement_ids.hpp"

#include <cassert>

namespace needlerig::analysis {

std::string_view channel_id(Channel channel) {
  switch (channel) {
    case Channel::time:
      return "time_s";
    case Channel::protrusion:
      return "protrusion_mm";
    case Channel::force:
      return "force_N";
    case Channel::motor_current:
      return "motor_current_A";
  }
  return "unknown";
}

const MeasurementInfo& measurement_info(MeasurementId id) {
  const auto& info = kMeasurements[static_cast<std::size_t>(id)];
  assert(info.id == id && "kMeasurements must list ids in enum order");
  return info;
}

std::optional<MeasurementId> measurement_id_from_name(std::string_view name) {
  for (const auto& info : kMeasurements) {
    if (info.name == name) return info.id;
  }
  return std::nullopt;
}

bool reports_uncertainty(MeasurementId id) {
  using Id = MeasurementId;
  switch (id) {
    case Id::stroke_frequency:
    case Id::puncture_rate:
    case Id::period_mean:
    case Id::period_jitter_rms:
    case Id::cycle_to_cycle_jitter_rms:
    case Id::tie_rms:
    case Id::frequency_drift:
    case Id::protrusion_max_mean:
    case Id::protrusion_max_std:
    case Id::depth_error:
    case Id::stroke_amplitude_mean:
    case Id::contact_force:
    case Id::peak_force_mean:
    case Id::insertion_travel_mean:
    case Id::penetration_depth_mean:
    case Id::puncture_ratio:
      return true;
    default:
      return false;
  }
}

}  // namespace needlerig::analysis
