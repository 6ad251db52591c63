#include "rig/drivers/stream_tcp_source.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "rig/core/driver_error.hpp"
#include "rig/drivers/channel_codes.hpp"
#include "rig/stream/stream_control.hpp"
#include "rig/transport/tcp_stream.hpp"

namespace needlerig::rig::drivers {

namespace {
using core::DriverError;
using core::LifecycleState;
using core::ReadStatus;
constexpr std::size_t kMaxLine = 64 * 1024;
// After STOP a streaming server sends the end frame within a block or two.
constexpr auto kStopDeadline = std::chrono::milliseconds(500);
}  // namespace

StreamTcpSource::StreamTcpSource(StreamTcpSettings settings) : settings_(std::move(settings)) {}

StreamTcpSource::~StreamTcpSource() {
  if (state_ == LifecycleState::active) {
    try {
      deactivate();
    } catch (const std::exception&) {
      // the connection goes with the driver
    }
  }
}

std::string StreamTcpSource::control(const std::string& line) {
  const auto deadline = transport::deadline_in(settings_.timeout);
  connection_->write(line + "\n", deadline);
  return connection_->read_until('\n', kMaxLine, deadline);
}

void StreamTcpSource::configure(const core::StreamConfig& config) {
  if (state_ == LifecycleState::active) {
    throw DriverError("daq", "configure() while active: deactivate first");
  }
  const std::string peer = fmt::format("tcp {}:{}", settings_.host, settings_.port);
  try {
    connection_ = transport::TcpStream::connect(settings_.host, settings_.port,
                                                transport::deadline_in(settings_.timeout));
    const stream::Hello hello = stream::parse_hello(
        connection_->read_until('\n', kMaxLine, transport::deadline_in(settings_.timeout)));
    device_ = hello.device;
    if (hello.channels.size() != config.channels.size()) {
      throw DriverError("daq", fmt::format("{} streams {} channels; the station's DAQ node has {}",
                                           peer, hello.channels.size(), config.channels.size()));
    }
    channels_.clear();
    for (std::size_t i = 0; i < hello.channels.size(); ++i) {
      const core::ChannelCalibration& c = config.channels[i];
      if (hello.channels[i].id != c.id) {
        throw DriverError("daq", fmt::format("{} streams '{}' as channel {}; the station's DAQ "
                                             "node has '{}' there",
                                             peer, hello.channels[i].id, i + 1, c.id));
      }
      channels_.push_back(channel_info(c));
    }
    if (config.block_samples > hello.max_block_samples ||
        config.sample_rate_hz > hello.max_sample_rate_hz) {
      throw DriverError("daq", fmt::format("{} takes at most {} samples a block at {:g} Hz", peer,
                                           hello.max_block_samples, hello.max_sample_rate_hz));
    }
    if (const auto error = stream::parse_reply(
            control(stream::configure_line({config.sample_rate_hz, config.block_samples})))) {
      throw DriverError("daq", fmt::format("{} refused the configuration: {}", peer, *error));
    }
  } catch (const transport::TransportError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("daq", e.what());
  } catch (const stream::StreamControlError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("daq", peer + ": " + e.what());
  }
  config_ = config;
  payload_.assign(max_payload_bytes() + stream::kTrailerBytes, 0);
  state_ = LifecycleState::inactive;
}

void StreamTcpSource::activate() {
  core::require_state(state_, LifecycleState::inactive, "daq", "activate()");
  try {
    connection_->write("START\n", transport::deadline_in(settings_.timeout));
  } catch (const transport::TransportError& e) {
    state_ = LifecycleState::fault;
    throw DriverError("daq", e.what());
  }
  pending_.reset();
  next_sequence_ = 0;
  loss_pending_ = false;
  state_ = LifecycleState::active;
}

void StreamTcpSource::deactivate() {
  if (state_ != LifecycleState::active) return;
  state_ = LifecycleState::inactive;
  // STOP, then frames up to the end frame: the connection is ready for the next START.
  try {
    const auto deadline = transport::deadline_in(std::min(settings_.timeout, kStopDeadline));
    connection_->write("STOP\n", deadline);
    for (;;) {
      if (!pending_) {
        connection_->read_into(header_bytes_, deadline);
        pending_ = stream::decode_header(header_bytes_, max_payload_bytes());
      }
      connection_->read_into(
          std::span(payload_.data(), pending_->payload_bytes + stream::kTrailerBytes), deadline);
      const bool end = (pending_->flags & stream::kFlagEnd) != 0;
      pending_.reset();
      if (end) return;
    }
  } catch (const std::exception& e) {
    state_ = LifecycleState::fault;
    throw DriverError("daq", std::string("stopping the stream: ") + e.what());
  }
}

core::ReadStatus StreamTcpSource::fail_disconnected(const std::string& reason) {
  fault_.note(reason);
  state_ = LifecycleState::fault;
  return ReadStatus::disconnected;
}

core::ReadStatus StreamTcpSource::read_block(core::SampleBlock& block,
                                             std::chrono::nanoseconds timeout) {
  if (state_ != LifecycleState::active) return ReadStatus::disconnected;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout);
  try {
    for (;;) {
      if (!pending_) {
        connection_->read_into(header_bytes_, deadline);
        pending_ = stream::decode_header(header_bytes_, max_payload_bytes());
      }
      const stream::FrameHeader h = *pending_;
      // Payload and CRC in one read: a timeout consumes neither, and the next call resumes.
      connection_->read_into(std::span(payload_.data(), h.payload_bytes + stream::kTrailerBytes),
                             deadline);
      pending_.reset();
      ++frames_;
      if (stream::read_u32_le(payload_.data() + h.payload_bytes) !=
          stream::frame_crc(header_bytes_, std::span(payload_.data(), h.payload_bytes))) {
        ++crc_failures_;
        loss_pending_ = true;
        ++next_sequence_;
        continue;
      }
      if ((h.flags & stream::kFlagEnd) != 0 || h.channel_count != channels_.size() ||
          block.codes.size() < std::size_t{h.sample_count} * h.channel_count) {
        // not the stream this driver configured
        return fail_disconnected(
            fmt::format("{}: a frame of another stream (end, channels or "
                        "size)",
                        stream_health().peer));
      }
      if (h.sequence != next_sequence_) {
        dropped_ += h.sequence > next_sequence_ ? h.sequence - next_sequence_ : 1;
        loss_pending_ = true;
      }
      next_sequence_ = h.sequence + 1;
      if ((h.flags & stream::kFlagOverrun) != 0) {
        ++device_overruns_;
        loss_pending_ = true;
      }
      block.first_sample_index = h.first_sample_index;
      block.first_sample_time_ns = h.daq_time_ns;
      block.sample_count = h.sample_count;
      block.channel_count = h.channel_count;
      stream::decode_codes(std::span(payload_.data(), h.payload_bytes), block.codes);
      const bool lost = loss_pending_;
      loss_pending_ = false;
      return lost ? ReadStatus::overrun : ReadStatus::ok;
    }
  } catch (const transport::TransportError& e) {
    if (e.kind() == transport::TransportErrorKind::timeout) return ReadStatus::timeout;
    return fail_disconnected(e.what());
  } catch (const std::exception& e) {
    // lost framing (no magic, a bad header): cannot resync
    return fail_disconnected(stream_health().peer + ": " + e.what());
  }
}

core::InstrumentHealth StreamTcpSource::health() const {
  const StreamHealth s = stream_health();
  core::InstrumentHealth h;
  h.identity = s.device;
  h.peer = s.peer;
  h.dropouts = s.dropped_frames + s.crc_failures + s.device_overruns;
  h.fault = fault_.text();
  return h;
}

StreamHealth StreamTcpSource::stream_health() const {
  return {fmt::format("tcp {}:{}", settings_.host, settings_.port),
          device_,
          frames_.load(),
          dropped_.load(),
          crc_failures_.load(),
          device_overruns_.load()};
}

}  // namespace needlerig::rig::drivers
