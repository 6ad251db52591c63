#pragma once
// The simulator's ground truth for a stretch of its stream, served so that a test can hold a run
// made over the instruments' protocols to the accuracy table: `TRUTH <first_sample> <count>` (the
// stream's sample indices since START, as a run record's capture gives them) answers one line of
// JSON, every contract measurement's true value (null where undefined). The world keeps its truth
// for the station's `sim.truth_record_s` of stream. Not an instrument: an engineering aid.

#include <optional>
#include <string>
#include <string_view>

#include "rig/sim/sim_world.hpp"

namespace needlerig::rig::simserver {

/// The reply to one line of the truth port.
std::optional<std::string> truth_reply(const sim::SimWorld& world, std::string_view line);

}  // namespace needlerig::rig::simserver
