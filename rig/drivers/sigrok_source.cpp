#include "rig/drivers/sigrok_source.hpp"

#include <fmt/format.h>
#include <libsigrok/libsigrok.h>

#include <algorithm>
#include <climits>
#include <cmath>

#include "rig/core/driver_error.hpp"
#include "rig/drivers/channel_codes.hpp"

namespace needlerig::rig::drivers {

namespace {
using core::DriverError;
using core::LifecycleState;
using core::ReadStatus;

std::string text_or_empty(const char* text) { return text != nullptr ? text : ""; }

/// Joins the non-empty parts with spaces.
std::string joined(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!part.empty()) out += (out.empty() ? "" : " ") + part;
  }
  return out;
}
}  // namespace

SigrokSource::SigrokSource(SigrokSettings settings) : settings_(std::move(settings)) {}

SigrokSource::~SigrokSource() { close_device(); }

void SigrokSource::configure(const core::StreamConfig& config) {
  if (state_ == LifecycleState::active) {
    throw DriverError("daq", "configure() while active: deactivate first");
  }
  close_device();
  const std::string name = "sigrok " + settings_.driver;
  const auto check = [&name](int rc, const char* doing) {
    if (rc != SR_OK)
      throw DriverError("daq", fmt::format("{}: {}: {}", name, doing, sr_strerror(rc)));
  };
  try {
    if (settings_.channels.size() != config.channels.size()) {
      throw DriverError("daq",
                        fmt::format("{}: {} device channels named for the DAQ node's {}", name,
                                    settings_.channels.size(), config.channels.size()));
    }
    const double rate = config.sample_rate_hz;
    if (!(rate >= 1.0 && rate == std::floor(rate))) {
      throw DriverError("daq",
                        fmt::format("{}: sigrok takes whole rates in Hz, not {:g}", name, rate));
    }
    check(sr_init(&context_), "initialising libsigrok");
    std::vector<std::string> known;
    for (sr_dev_driver** d = sr_driver_list(context_); d != nullptr && *d != nullptr; ++d) {
      known.emplace_back((*d)->name);
      if (settings_.driver == (*d)->name) sigrok_driver_ = *d;
    }
    if (sigrok_driver_ == nullptr) {
      throw DriverError("daq", fmt::format("libsigrok has no driver '{}' ({} drivers; sigrok-cli "
                                           "-L lists them)",
                                           settings_.driver, known.size()));
    }
    check(sr_driver_init(context_, sigrok_driver_), "initialising the driver");
    sr_config conn{SR_CONF_CONN, nullptr};
    GSList* options = nullptr;
    if (!settings_.conn.empty()) {
      conn.data = g_variant_ref_sink(g_variant_new_string(settings_.conn.c_str()));
      options = g_slist_append(options, &conn);
    }
    GSList* found = sr_driver_scan(sigrok_driver_, options);
    g_slist_free(options);
    if (conn.data != nullptr) g_variant_unref(conn.data);
    if (found == nullptr) {
      throw DriverError("daq", fmt::format("{}: no device found{}", name,
                                           settings_.conn.empty() ? "" : " at " + settings_.conn));
    }
    // The first device found; the others stay the driver's (freed with the context).
    sr_dev_inst* device = static_cast<sr_dev_inst*>(found->data);
    g_slist_free(found);
    check(sr_dev_open(device), "opening the device");
    device_ = device;
    identity_ = joined({text_or_empty(sr_dev_inst_vendor_get(device_)),
                        text_or_empty(sr_dev_inst_model_get(device_)),
                        text_or_empty(sr_dev_inst_version_get(device_))});

    // Only the channels the station names are acquired, in the DAQ node's order.
    device_channels_.assign(settings_.channels.size(), nullptr);
    for (GSList* l = sr_dev_inst_channels_get(device_); l != nullptr; l = l->next) {
      auto* channel = static_cast<sr_channel*>(l->data);
      const auto at = std::find(settings_.channels.begin(), settings_.channels.end(),
                                text_or_empty(channel->name));
      const bool wanted = at != settings_.channels.end() && channel->type == SR_CHANNEL_ANALOG;
      check(sr_dev_channel_enable(channel, wanted ? TRUE : FALSE), "choosing its channels");
      if (wanted)
        device_channels_[static_cast<std::size_t>(at - settings_.channels.begin())] = channel;
    }
    for (std::size_t i = 0; i < device_channels_.size(); ++i) {
      if (device_channels_[i] == nullptr) {
        throw DriverError("daq", fmt::format("{}: the device has no analog channel '{}' (for "
                                             "the DAQ node's '{}')",
                                             name, settings_.channels[i], config.channels[i].id));
      }
    }
    check(sr_config_set(device_, nullptr, SR_CONF_SAMPLERATE,
                        g_variant_new_uint64(static_cast<std::uint64_t>(rate))),
          "setting the sample rate");
    GVariant* value = nullptr;
    check(sr_config_get(sigrok_driver_, device_, nullptr, SR_CONF_SAMPLERATE, &value),
          "reading the sample rate back");
    const auto actual = static_cast<double>(g_variant_get_uint64(value));
    g_variant_unref(value);
    if (actual != rate) {
      throw DriverError(
          "daq", fmt::format("{} runs at {:g} Hz when asked for {:g} Hz", name, actual, rate));
    }
  } catch (const DriverError&) {
    close_device();
    state_ = LifecycleState::fault;
    throw;
  }
  config_ = config;
  channels_.clear();
  for (const core::ChannelCalibration& c : config.channels) channels_.push_back(channel_info(c));
  ring_samples_ = std::max(4 * config.block_samples,
                           static_cast<std::size_t>(settings_.buffer_s * config.sample_rate_hz));
  ring_.assign(ring_samples_ * channels_.size(), 0);
  pending_.assign(channels_.size(), {});
  state_ = LifecycleState::inactive;
}

void SigrokSource::activate() {
  core::require_state(state_, LifecycleState::inactive, "daq", "activate()");
  {
    std::lock_guard lock(mutex_);
    for (auto& p : pending_) p.clear();
    read_index_ = write_index_ = device_index_ = 0;
    dropping_ = loss_pending_ = session_ended_ = false;
  }
  const auto fail = [this](int rc, const char* doing) {
    if (rc == SR_OK) return;
    state_ = LifecycleState::fault;
    throw DriverError("daq",
                      fmt::format("sigrok {}: {}: {}", settings_.driver, doing, sr_strerror(rc)));
  };
  fail(sr_session_new(context_, &session_), "creating a session");
  fail(sr_session_dev_add(session_, device_), "adding the device to the session");
  fail(sr_session_datafeed_callback_add(session_, &SigrokSource::on_packet, this),
       "taking its data");
  fail(sr_session_start(session_), "starting the acquisition");
  state_ = LifecycleState::active;
  session_thread_ = std::thread([this] {
    sr_session_run(session_);
    {
      std::lock_guard lock(mutex_);
      session_ended_ = true;
    }
    ready_.notify_all();
  });
}

void SigrokSource::deactivate() {
  if (state_ == LifecycleState::active) state_ = LifecycleState::inactive;
  // Also after a fault: a session whose device stopped delivering is ended and its thread joined.
  end_session();
}

void SigrokSource::end_session() noexcept {
  if (session_ != nullptr) sr_session_stop(session_);
  if (session_thread_.joinable()) session_thread_.join();
  if (session_ != nullptr) sr_session_destroy(session_);
  session_ = nullptr;
}

void SigrokSource::close_device() noexcept {
  end_session();
  if (device_ != nullptr) sr_dev_close(device_);
  device_ = nullptr;
  if (context_ != nullptr) sr_exit(context_);
  context_ = nullptr;
  sigrok_driver_ = nullptr;
}

void SigrokSource::on_packet(const sr_dev_inst* /*device*/, const sr_datafeed_packet* packet,
                             void* self) {
  if (packet->type == SR_DF_ANALOG) static_cast<SigrokSource*>(self)->take_analog(packet->payload);
}

void SigrokSource::take_analog(const void* payload) {
  const auto* analog = static_cast<const sr_datafeed_analog*>(payload);
  const std::size_t in_packet = g_slist_length(analog->meaning->channels);
  scratch_.resize(std::size_t{analog->num_samples} * in_packet);
  const bool converted = sr_analog_to_float(analog, scratch_.data()) == SR_OK;
  {
    std::lock_guard lock(mutex_);
    if (session_ended_) return;  // after a packet that could not be read, nothing more is taken
    if (!converted) {
      // Samples that cannot be read: the stream cannot go on whole. What the ring holds is
      // still handed on; then the role is in fault.
      fault_.note(
          fmt::format("sigrok {}: a packet its analog conversion refused", settings_.driver));
      session_ended_ = true;
    } else {
      std::size_t k = 0;
      for (GSList* l = analog->meaning->channels; l != nullptr; l = l->next, ++k) {
        const auto at = std::find(device_channels_.begin(), device_channels_.end(),
                                  static_cast<const sr_channel*>(l->data));
        if (at == device_channels_.end()) continue;
        const auto c = static_cast<std::size_t>(at - device_channels_.begin());
        for (std::size_t s = 0; s < analog->num_samples; ++s) {
          const double code = std::round(scratch_[s * in_packet + k] / settings_.code_resolution);
          // Overrange (or NaN) reads as the converter's end: saturated, never a plausible value.
          pending_[c].push_back(std::isnan(code)
                                    ? channels_[c].code_max
                                    : static_cast<std::int32_t>(
                                          std::clamp(code, double{INT32_MIN}, double{INT32_MAX})));
        }
      }
      interleave_locked();
    }
  }
  ready_.notify_all();
}

void SigrokSource::interleave_locked() {
  std::size_t complete = SIZE_MAX;
  for (const auto& p : pending_) complete = std::min(complete, p.size());
  const std::size_t channels = pending_.size();
  for (std::size_t s = 0; s < complete; ++s, ++device_index_) {
    if (dropping_ && read_index_ == write_index_) {
      // The rig has taken everything before the gap: the stream goes on from here.
      read_index_ = write_index_ = device_index_;
      dropping_ = false;
      loss_pending_ = true;
    }
    if (dropping_ || write_index_ - read_index_ == ring_samples_) {
      if (!dropping_) ++overflows_;
      dropping_ = true;
      continue;
    }
    const std::size_t at = (write_index_ % ring_samples_) * channels;
    for (std::size_t c = 0; c < channels; ++c) ring_[at + c] = pending_[c][s];
    ++write_index_;
  }
  for (auto& p : pending_) p.erase(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(complete));
}

core::ReadStatus SigrokSource::read_block(core::SampleBlock& block,
                                          std::chrono::nanoseconds timeout) {
  if (state_ != LifecycleState::active) return ReadStatus::disconnected;
  const std::size_t channels = channels_.size();
  const std::size_t want = std::min(config_.block_samples, block.codes.size() / channels);
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout,
                  [&] { return write_index_ - read_index_ >= want || session_ended_; });
  const std::uint64_t available = write_index_ - read_index_;
  if (available == 0) {
    if (!session_ended_) return ReadStatus::timeout;
    fault_.note(fmt::format("sigrok {}: the acquisition ended (the device stopped delivering)",
                            settings_.driver));
    state_ = LifecycleState::fault;
    return ReadStatus::disconnected;
  }
  const std::size_t n = std::min<std::size_t>(available, want);
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t at = ((read_index_ + s) % ring_samples_) * channels;
    std::copy_n(ring_.begin() + static_cast<std::ptrdiff_t>(at), channels,
                block.codes.begin() + static_cast<std::ptrdiff_t>(s * channels));
  }
  block.first_sample_index = read_index_;
  block.first_sample_time_ns = static_cast<std::int64_t>(
      std::llround(static_cast<double>(read_index_) * 1e9 / config_.sample_rate_hz));
  block.sample_count = n;
  block.channel_count = channels;
  read_index_ += n;
  const bool lost = loss_pending_;
  loss_pending_ = false;
  return lost ? ReadStatus::overrun : ReadStatus::ok;
}

core::InstrumentHealth SigrokSource::health() const {
  core::InstrumentHealth h;
  h.identity = identity_;
  h.peer = settings_.conn.empty() ? "sigrok " + settings_.driver
                                  : "sigrok " + settings_.driver + " " + settings_.conn;
  h.dropouts = overflows_.load();
  h.fault = fault_.text();
  return h;
}

}  // namespace needlerig::rig::drivers
