#pragma once
// A station's channel calibration as the codes a DAQ delivers: the scale and offset that turn a
// code into a physical value, and the codes at the ends of the sensor's range (beyond them the
// channel reads as saturated).

#include "rig/core/sample_block.hpp"
#include "rig/core/stream_source.hpp"

namespace needlerig::rig::drivers {

core::ChannelInfo channel_info(const core::ChannelCalibration& calibration);

}  // namespace needlerig::rig::drivers
