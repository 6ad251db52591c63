#include "rig/simserver/sim_burst_daq.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace needlerig::rig::simserver {

namespace {
using scpi::header_matches;
using scpi::ScpiCommandError;
constexpr int kTriggerIgnored = -211;
constexpr int kSettingsConflict = -221;
constexpr int kDataStale = -230;
constexpr int kHardwareError = -240;
constexpr double kMaxRateHz = 2e6;
constexpr std::size_t kSourceBlockSamples = 4096;

bool keyword_is(const scpi::ProgramUnit& unit, std::string_view pattern) {
  if (unit.arguments.size() != 1) {
    throw ScpiCommandError(
        unit.arguments.empty() ? scpi::kMissingParameter : scpi::kParameterNotAllowed,
        "One keyword expected");
  }
  return header_matches(pattern, unit.arguments[0]);
}
}  // namespace

SimBurstDaq::SimBurstDaq(core::StreamSource& source, core::StreamConfig initial)
    : scpi::ScpiInstrument({"needlerig", "SIM-BURST-DAQ", "SIM-0003", "1.0"}),
      source_(source),
      config_(std::move(initial)),
      initial_rate_hz_(config_.sample_rate_hz) {}

std::optional<std::string> SimBurstDaq::execute(const scpi::ProgramUnit& unit) {
  const auto settle = [this] {
    if (armed_ || running_) throw ScpiCommandError(kSettingsConflict, "Settings conflict; armed");
  };
  if (header_matches("ACQuire:SRATe", unit.header)) {
    // Every digit: a controller checks that the rate it set is the one the converter runs at.
    if (unit.query) return fmt::format("{:+.16E}", config_.sample_rate_hz);
    const double rate = scpi::numeric_argument(unit);
    if (!(rate >= 1.0 && rate <= kMaxRateHz)) {
      throw ScpiCommandError(scpi::kDataOutOfRange, "Data out of range");
    }
    settle();
    config_.sample_rate_hz = rate;
    return std::nullopt;
  }
  if (header_matches("ACQuire:POINts", unit.header)) {
    if (unit.query) return std::to_string(points_);
    const double points = scpi::numeric_argument(unit);
    if (!(points >= 1.0 && points <= static_cast<double>(kMemorySamples) / 2 &&
          points == static_cast<double>(static_cast<std::size_t>(points)))) {
      throw ScpiCommandError(scpi::kDataOutOfRange, "Data out of range");
    }
    settle();
    points_ = static_cast<std::size_t>(points);
    return std::nullopt;
  }
  if (unit.query && header_matches("ACQuire:CHANnels", unit.header)) {
    std::string ids;
    for (const core::ChannelCalibration& c : config_.channels) {
      ids += (ids.empty() ? "" : ",") + c.id;
    }
    return "\"" + ids + "\"";
  }
  if (unit.query && header_matches("ACQuire:OVERruns", unit.header)) {
    return std::to_string(overruns_);
  }
  if (header_matches("TRIGger:SOURce", unit.header)) {
    if (unit.query) return bus_trigger_ ? "BUS" : "IMM";
    settle();
    if (keyword_is(unit, "BUS")) {
      bus_trigger_ = true;
    } else if (keyword_is(unit, "IMMediate")) {
      bus_trigger_ = false;
    } else {
      throw ScpiCommandError(scpi::kDataOutOfRange, "Illegal parameter value");
    }
    return std::nullopt;
  }
  if (!unit.query && header_matches("INITiate[:IMMediate]", unit.header)) {
    settle();
    if (bus_trigger_) {
      armed_ = true;
    } else {
      start();
    }
    return std::nullopt;
  }
  if (!unit.query && header_matches("ABORt", unit.header)) {
    abort();
    return std::nullopt;
  }
  if (unit.query && header_matches("FETCh:COUNt", unit.header)) {
    pull();
    return std::to_string(memory_.size());
  }
  if (unit.query && header_matches("FETCh:STARt", unit.header)) {
    if (memory_.empty()) throw ScpiCommandError(kDataStale, "Data corrupt or stale; no burst");
    return std::to_string(memory_.front().first_sample_index);
  }
  if (unit.query && header_matches("FETCh:DATA", unit.header)) return fetch_data();
  throw ScpiCommandError(scpi::kUndefinedHeader, "Undefined header");
}

void SimBurstDaq::reset() {
  abort();
  config_.sample_rate_hz = initial_rate_hz_;
  points_ = 10'000;
  bus_trigger_ = false;
  overruns_ = 0;
}

void SimBurstDaq::trigger() {
  if (!armed_) throw ScpiCommandError(kTriggerIgnored, "Trigger ignored; not armed");
  armed_ = false;
  start();
}

void SimBurstDaq::start() {
  core::StreamConfig config = config_;
  config.block_samples = std::min(points_, kSourceBlockSamples);
  try {
    source_.configure(config);
    source_.activate();
  } catch (const std::exception& e) {
    throw ScpiCommandError(kHardwareError, std::string("Hardware error; ") + e.what());
  }
  scratch_.codes.assign(config.block_samples * channel_count(), 0);
  memory_.clear();
  building_ = {};
  overruns_ = 0;
  running_ = true;
}

void SimBurstDaq::abort() {
  armed_ = false;
  if (running_) {
    running_ = false;
    try {
      source_.deactivate();
    } catch (const std::exception&) {
      // a source in fault is off already
    }
  }
  memory_.clear();
  building_ = {};
}

void SimBurstDaq::pull() {
  if (!running_) return;
  const bool lockstep = !source_.free_running();
  while (!(lockstep && !memory_.empty())) {
    const core::ReadStatus status = source_.read_block(scratch_, std::chrono::nanoseconds(0));
    if (status == core::ReadStatus::timeout) return;
    if (status == core::ReadStatus::disconnected) {
      running_ = false;
      throw ScpiCommandError(kHardwareError, "Hardware error; the converter stopped");
    }
    if (status == core::ReadStatus::overrun && !building_.codes.empty()) {
      building_ = {};  // samples were lost inside the burst: the burst is lost
      ++overruns_;
    }
    append(scratch_);
  }
}

void SimBurstDaq::append(const core::SampleBlock& block) {
  const std::size_t channels = channel_count();
  std::size_t taken = 0;
  while (taken < block.sample_count) {
    if (building_.codes.empty()) building_.first_sample_index = block.first_sample_index + taken;
    const std::size_t room = points_ - building_.codes.size() / channels;
    const std::size_t n = std::min(room, block.sample_count - taken);
    const auto first = block.codes.begin() + static_cast<std::ptrdiff_t>(taken * channels);
    building_.codes.insert(building_.codes.end(), first,
                           first + static_cast<std::ptrdiff_t>(n * channels));
    taken += n;
    if (building_.codes.size() == points_ * channels) {
      if ((memory_.size() + 1) * points_ <= kMemorySamples) {
        memory_.push_back(std::move(building_));
      } else {
        ++overruns_;  // the memory is full: the burst is lost
      }
      building_ = {};
    }
  }
}

std::string SimBurstDaq::fetch_data() {
  if (memory_.empty()) throw ScpiCommandError(kDataStale, "Data corrupt or stale; no burst");
  const Burst& burst = memory_.front();
  const std::size_t bytes = burst.codes.size() * sizeof(std::int32_t);
  const std::string length = std::to_string(bytes);
  std::string reply = fmt::format("#{}{}", length.size(), length);
  const std::size_t data_at = reply.size();
  reply.resize(data_at + bytes);
  for (std::size_t i = 0; i < burst.codes.size(); ++i) {
    const auto code = static_cast<std::uint32_t>(burst.codes[i]);
    for (std::size_t b = 0; b < 4; ++b) {
      reply[data_at + 4 * i + b] = static_cast<char>((code >> (8 * b)) & 0xffu);
    }
  }
  memory_.pop_front();
  return reply;
}

}  // namespace needlerig::rig::simserver
