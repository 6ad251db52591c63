#include "rig/sequencer/run_stream.hpp"

#include <algorithm>

#include "rig/core/driver_error.hpp"

namespace needlerig::rig::sequencer {

RunStream::RunStream(core::StreamSource& source, const AcquisitionSettings& settings)
    : source_(source), settings_(settings) {}

RunStream::~RunStream() { stop(); }

void RunStream::start() {
  if (source_.state() == core::LifecycleState::inactive) source_.activate();
  if (source_.state() != core::LifecycleState::active) {
    throw core::DriverError("daq", std::string("cannot stream: the source is ") +
                                       std::string(core::lifecycle_state_name(source_.state())));
  }
  channels_ = source_.channels();
  sample_rate_hz_ = source_.sample_rate_hz();
  lockstep_ = !source_.free_running();
  force_channel_.reset();
  for (std::size_t c = 0; c < channels_.size(); ++c) {
    if (channels_[c].id == "force_N") force_channel_ = c;
  }
  settings_.channel_count = channels_.size();
  acquisition_ = std::make_unique<Acquisition>(source_, settings_);
  acquisition_->start();
}

std::string RunStream::stop() noexcept {
  if (acquisition_) {
    held_.reset();
    acquisition_->stop();
    acquisition_.reset();
  }
  if (source_.state() != core::LifecycleState::active) return "";
  try {
    source_.deactivate();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void RunStream::give_back() {
  if (held_) acquisition_->release(*held_);
  held_.reset();
}

std::string RunStream::end_message() const {
  const std::string fault = source_.health().fault;
  return fault.empty() ? end_reason_ : end_reason_ + " (" + fault + ")";
}

RunStream::Pull RunStream::pull() {
  give_back();
  if (!acquisition_) {
    if (end_reason_.empty()) end_reason_ = "failed";
    return Pull::ended;
  }
  using Kind = AcquisitionMessage::Kind;
  AcquisitionMessage message;
  acquisition_->demand();
  for (;;) {
    if (!acquisition_->next(message)) {
      if (end_reason_.empty()) end_reason_ = "failed";
      return Pull::ended;
    }
    switch (message.kind) {
      case Kind::block:
        held_ = message.block_index;
        current_ = &acquisition_->block(message.block_index);
        position_ = current_->first_sample_index + current_->sample_count;
        after_overrun_ = overrun_pending_;
        overrun_pending_ = false;
        return Pull::block;
      case Kind::overrun:
        if (problems_.overruns++ == 0) problems_.first_overrun_index = message.first_sample_index;
        overrun_pending_ = true;
        continue;
      case Kind::queue_full:
        if (problems_.dropped_blocks++ == 0) {
          problems_.first_dropped_index = message.first_sample_index;
        }
        problems_.dropped_samples += message.sample_count;
        lost_first_ = message.first_sample_index;
        lost_count_ = message.sample_count;
        position_ = lost_first_ + lost_count_;
        return Pull::lost;
      case Kind::timeout:
        return Pull::quiet;
      case Kind::disconnected:
        end_reason_ = "disconnected";
        return Pull::ended;
      case Kind::no_data:
        end_reason_ = "delivered no data";
        return Pull::ended;
      case Kind::failure:
        end_reason_ = "failed";
        return Pull::ended;
    }
  }
}

void RunStream::discard_pending() {
  // Whatever is queued now was read before this call; the queue is looked at without blocking.
  // A lockstep source reads its next block only once the held one is given back, that is after
  // the caller's command: nothing it delivers is stale (and looking at its queue would race with
  // its reading).
  if (!acquisition_ || lockstep_) return;
  while (acquisition_->has_pending()) {
    const Pull pulled = pull();
    give_back();
    if (pulled == Pull::ended) return;
  }
  overrun_pending_ = false;
}

StreamProblems RunStream::take_problems() {
  StreamProblems out = problems_;
  if (acquisition_) out.lost_messages = acquisition_->lost_messages() - lost_messages_seen_;
  if (acquisition_) lost_messages_seen_ = acquisition_->lost_messages();
  problems_ = StreamProblems{};
  return out;
}

std::optional<double> RunStream::max_force_n(const core::SampleBlock& block) const {
  if (!force_channel_) return std::nullopt;
  const std::size_t c = *force_channel_;
  const core::ChannelInfo& info = channels_[c];
  std::int32_t lowest = INT32_MAX;
  std::int32_t highest = INT32_MIN;
  for (std::size_t s = 0; s < block.sample_count; ++s) {
    lowest = std::min(lowest, block.code(s, c));
    highest = std::max(highest, block.code(s, c));
  }
  if (block.sample_count == 0) return std::nullopt;
  // The calibration may count down (a negative scale): the largest force is at either end.
  return std::max(info.offset + info.scale * static_cast<double>(lowest),
                  info.offset + info.scale * static_cast<double>(highest));
}

}  // namespace needlerig::rig::sequencer
