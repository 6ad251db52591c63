#include "rig/drivers/channel_codes.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace needlerig::rig::drivers {

namespace {
/// The code of `physical`, rounded inward (up at the range's bottom, down at its top), so that a
/// code at the end is one the sensor can really produce.
std::int32_t code_at(double physical, const core::ChannelCalibration& c, bool up) {
  const double code = (physical - c.offset) / c.scale;
  const double rounded = up ? std::ceil(code) : std::floor(code);
  return static_cast<std::int32_t>(std::clamp(rounded, double{INT32_MIN}, double{INT32_MAX}));
}
}  // namespace

core::ChannelInfo channel_info(const core::ChannelCalibration& c) {
  return {c.id,
          c.unit,
          c.scale,
          c.offset,
          code_at(c.range_min, c, true),
          code_at(c.range_max, c, false)};
}

}  // namespace needlerig::rig::drivers
