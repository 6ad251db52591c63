#include "rig/drivers/scpi_burst_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <thread>

#include "rig/core/driver_error.hpp"
#include "rig/drivers/channel_codes.hpp"
#include "rig/stream/stream_frame.hpp"
#include "rig/transport/tcp_stream.hpp"

namespace needlerig::rig::drivers {

namespace {
using core::DriverError;
using core::LifecycleState;
using core::ReadStatus;
constexpr std::size_t kCodeBytes = 4;

/// The ids of ACQ:CHAN? ("id,id,..."), in order.
std::vector<std::string> channel_ids(const std::string& list) {
  std::vector<std::string> ids;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    ids.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return ids;
}
}  // namespace

ScpiBurstSource::ScpiBurstSource(ScpiBurstSettings settings) : settings_(std::move(settings)) {}

ScpiBurstSource::~ScpiBurstSource() {
  if (state_ == LifecycleState::active) {
    try {
      deactivate();
    } catch (const std::exception&) {
      // the connection goes with the driver
    }
  }
}

std::string ScpiBurstSource::peer() const {
  return fmt::format("tcp {}:{}", settings_.host, settings_.port);
}

void ScpiBurstSource::configure(const core::StreamConfig& config) {
  if (state_ == LifecycleState::active) {
    throw DriverError("daq", "configure() while active: deactivate first");
  }
  try {
    client_.reset();
    connection_.reset();  // an instrument may take one client only: the old line goes first
    connection_ = transport::TcpStream::connect(settings_.host, settings_.port,
                                                transport::deadline_in(settings_.timeout));
    scpi::ScpiOptions options;
    options.timeout = settings_.timeout;
    options.max_block_bytes = settings_.burst_samples * config.channels.size() * kCodeBytes;
    client_ = std::make_unique<scpi::ScpiClient>(*connection_, options);
    const scpi::Identity id = client_->identify();
    identity_ = fmt::format("{},{},{},{}", id.manufacturer, id.model, id.serial, id.firmware);
    client_->reset();
    const std::vector<std::string> ids =
        channel_ids(scpi::parse_string(client_->query("ACQ:CHAN?")));
    if (ids.size() != config.channels.size()) {
      throw DriverError("daq", fmt::format("{} captures {} channels; the station's DAQ node has {}",
                                           peer(), ids.size(), config.channels.size()));
    }
    channels_.clear();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] != config.channels[i].id) {
        throw DriverError("daq", fmt::format("{} captures '{}' as channel {}; the station's DAQ "
                                             "node has '{}' there",
                                             peer(), ids[i], i + 1, config.channels[i].id));
      }
      channels_.push_back(channel_info(config.channels[i]));
    }
    client_->command(fmt::format("ACQ:SRAT {:.10g}", config.sample_rate_hz));
    client_->command(fmt::format("ACQ:POIN {}", settings_.burst_samples));
    client_->command("TRIG:SOUR BUS");
    // A device rounds a rate to one its clock can divide to: the rig's time axis is the rate it
    // really runs at, so anything else is refused rather than silently scaling every timing.
    const double rate = client_->query_number("ACQ:SRAT?");
    if (!(std::abs(rate - config.sample_rate_hz) <= 1e-9 * config.sample_rate_hz)) {
      throw DriverError("daq", fmt::format("{} runs at {:g} Hz when asked for {:g} Hz", peer(),
                                           rate, config.sample_rate_hz));
    }
    // Likewise a burst length it rounded: the blocks it sends would not be the ones expected.
    const double points = client_->query_number("ACQ:POIN?");
    if (points != static_cast<double>(settings_.burst_samples)) {
      throw DriverError("daq", fmt::format("{} captures bursts of {:g} samples when asked for {}",
                                           peer(), points, settings_.burst_samples));
    }
  } catch (const std::exception& e) {  // DriverError, TransportError, ScpiError, ScpiReplyError
    state_ = LifecycleState::fault;
    client_.reset();
    connection_.reset();
    if (dynamic_cast<const DriverError*>(&e) != nullptr) throw;
    throw DriverError("daq", fmt::format("burst DAQ {}: {}", peer(), e.what()));
  }
  config_ = config;
  burst_bytes_.assign(settings_.burst_samples * channels_.size() * kCodeBytes, 0);
  state_ = LifecycleState::inactive;
}

void ScpiBurstSource::activate() {
  core::require_state(state_, LifecycleState::inactive, "daq", "activate()");
  try {
    client_->command("INIT");
    client_->command("*TRG");
  } catch (const std::exception& e) {
    state_ = LifecycleState::fault;
    throw DriverError("daq", fmt::format("burst DAQ {}, starting it: {}", peer(), e.what()));
  }
  burst_samples_ = 0;
  burst_offset_ = 0;
  next_index_ = 0;
  loss_pending_ = false;
  state_ = LifecycleState::active;
}

void ScpiBurstSource::deactivate() {
  if (state_ != LifecycleState::active) return;
  state_ = LifecycleState::inactive;
  try {
    client_->command("ABOR");
  } catch (const std::exception& e) {
    state_ = LifecycleState::fault;
    throw DriverError("daq", fmt::format("burst DAQ {}, stopping it: {}", peer(), e.what()));
  }
}

bool ScpiBurstSource::fetch_burst() {
  const double ready = client_->query_number("FETC:COUN?");
  if (!std::isfinite(ready)) throw std::runtime_error("FETC:COUN? answered no count");
  if (ready < 1.0) return false;
  const double start = client_->query_number("FETC:STAR?");
  const std::size_t bytes = client_->query_block_into("FETC:DATA?", burst_bytes_);
  const std::size_t frame_bytes = channels_.size() * kCodeBytes;
  if (bytes == 0 || bytes % frame_bytes != 0 || !(start >= 0.0) || start != std::floor(start)) {
    throw std::runtime_error(
        fmt::format("a burst of {} bytes starting at sample {:g}: not "
                    "whole samples of {} channels",
                    bytes, start, channels_.size()));
  }
  const auto first = static_cast<std::uint64_t>(start);
  if (first < next_index_) {
    throw std::runtime_error(
        fmt::format("a burst starting at sample {}, before the end of the "
                    "last one (sample {})",
                    first, next_index_));
  }
  if (first > next_index_) {
    // The bursts the device lost in between (its memory was full), whole or in part.
    bursts_lost_ += (first - next_index_ + settings_.burst_samples - 1) / settings_.burst_samples;
    loss_pending_ = true;
  }
  burst_first_index_ = first;
  burst_samples_ = bytes / frame_bytes;
  burst_offset_ = 0;
  next_index_ = first + burst_samples_;
  return true;
}

core::ReadStatus ScpiBurstSource::read_block(core::SampleBlock& block,
                                             std::chrono::nanoseconds timeout) {
  if (state_ != LifecycleState::active) return ReadStatus::disconnected;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout);
  try {
    while (burst_offset_ == burst_samples_) {
      if (fetch_burst()) break;
      if (std::chrono::steady_clock::now() + settings_.poll_interval > deadline) {
        return ReadStatus::timeout;
      }
      std::this_thread::sleep_for(settings_.poll_interval);
    }
  } catch (const std::exception& e) {  // refused, garbage, out of step: the capture cannot go on
    if (transport::is_timeout(e)) ++timeouts_;
    // Transport errors and SCPI errors name the peer already: then only once.
    const std::string what = e.what();
    fault_.note(what.rfind(peer(), 0) == 0 ? "burst DAQ " + what
                                           : fmt::format("burst DAQ {}: {}", peer(), what));
    state_ = LifecycleState::fault;
    return ReadStatus::disconnected;
  }
  const std::size_t channels = channels_.size();
  const std::size_t n = std::min(
      {burst_samples_ - burst_offset_, config_.block_samples, block.codes.size() / channels});
  block.first_sample_index = burst_first_index_ + burst_offset_;
  block.first_sample_time_ns = static_cast<std::int64_t>(
      std::llround(static_cast<double>(block.first_sample_index) * 1e9 / config_.sample_rate_hz));
  block.sample_count = n;
  block.channel_count = channels;
  const std::size_t frame_bytes = channels * kCodeBytes;
  stream::decode_codes(
      std::span(burst_bytes_).subspan(burst_offset_ * frame_bytes, n * frame_bytes),
      std::span(block.codes).first(n * channels));
  burst_offset_ += n;
  const bool lost = loss_pending_;
  loss_pending_ = false;
  return lost ? ReadStatus::overrun : ReadStatus::ok;
}

core::InstrumentHealth ScpiBurstSource::health() const {
  core::InstrumentHealth h;
  h.identity = identity_;
  h.peer = peer();
  h.timeouts = static_cast<int>(timeouts_.load());
  h.dropouts = bursts_lost_.load();
  h.fault = fault_.text();
  return h;
}

}  // namespace needlerig::rig::drivers
