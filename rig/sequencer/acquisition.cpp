#include "rig/sequencer/acquisition.hpp"

#include <optional>

namespace needlerig::rig::sequencer {
namespace {

core::SampleBlock make_block(const AcquisitionSettings& settings) {
  core::SampleBlock block;
  block.channel_count = settings.channel_count;
  block.codes.resize(settings.block_samples * settings.channel_count);
  return block;
}

}  // namespace

Acquisition::Acquisition(core::StreamSource& source, const AcquisitionSettings& settings)
    : source_(source),
      settings_(settings),
      lockstep_(!source.free_running()),
      pool_(settings.pool_blocks, make_block(settings)),
      scratch_(make_block(settings)),
      free_(settings.pool_blocks),
      // Room for every pooled block plus status messages, so that only a consumer that stopped
      // taking messages altogether can make one not fit.
      messages_(settings.pool_blocks * 2 + 64) {
  for (std::uint32_t i = 0; i < pool_.size(); ++i) free_.push(i);
}

Acquisition::~Acquisition() { stop(); }

void Acquisition::start() {
  thread_ = std::thread([this] { run(); });
}

void Acquisition::stop() {
  stop_.store(true, std::memory_order_release);
  demanded_.fetch_add(1, std::memory_order_acq_rel);  // a lockstep wait ends
  demanded_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Acquisition::release(std::uint32_t index) { free_.push(index); }

void Acquisition::demand() {
  if (!lockstep_) return;
  demanded_.fetch_add(1, std::memory_order_acq_rel);
  demanded_.notify_all();
}

bool Acquisition::publish(const AcquisitionMessage& message) noexcept {
  const bool pushed = messages_.push(message);
  if (!pushed) lost_messages_.fetch_add(1, std::memory_order_acq_rel);
  published_.fetch_add(1, std::memory_order_release);
  published_.notify_one();
  return pushed;
}

bool Acquisition::next(AcquisitionMessage& message) {
  for (;;) {
    const auto seen = published_.load(std::memory_order_acquire);
    if (messages_.pop(message)) return true;
    if (finished_.load(std::memory_order_acquire)) return messages_.pop(message);
    published_.wait(seen, std::memory_order_acquire);
  }
}

void Acquisition::wait_for_demand(std::uint64_t served) noexcept {
  for (;;) {
    const auto demanded = demanded_.load(std::memory_order_acquire);
    if (demanded > served || stop_.load(std::memory_order_acquire)) return;
    demanded_.wait(demanded, std::memory_order_acquire);
  }
}

void Acquisition::run() noexcept {
  using Kind = AcquisitionMessage::Kind;
  std::optional<std::uint32_t> held;  // a free pooled block taken but not yet filled
  std::size_t timeouts = 0;
  std::uint64_t served = 0;  // lockstep: reads done on demand
  try {
    while (!stop_.load(std::memory_order_acquire)) {
      if (lockstep_) {
        wait_for_demand(served);
        if (stop_.load(std::memory_order_acquire)) break;
        ++served;
      }
      if (!held) {
        std::uint32_t index = 0;
        if (free_.pop(index)) held = index;
      }
      core::SampleBlock& block = held ? pool_[*held] : scratch_;
      const auto status = source_.read_block(block, settings_.read_timeout);
      if (status == core::ReadStatus::timeout) {
        if (++timeouts >= settings_.max_consecutive_timeouts) {
          publish({Kind::no_data, 0, 0, 0});
          break;
        }
        publish({Kind::timeout, 0, 0, 0});
        continue;
      }
      timeouts = 0;
      if (status == core::ReadStatus::disconnected) {
        publish({Kind::disconnected, 0, 0, 0});
        break;
      }
      if (status == core::ReadStatus::overrun) {
        publish({Kind::overrun, 0, block.first_sample_index, 0});
      }
      if (!held) {
        publish({Kind::queue_full, 0, block.first_sample_index, block.sample_count});
        continue;
      }
      // A block that did not fit is kept for the next read (its samples are lost, and counted).
      if (publish({Kind::block, *held, block.first_sample_index, block.sample_count})) held.reset();
    }
  } catch (...) {
    publish({Kind::failure, 0, 0, 0});
  }
  finished_.store(true, std::memory_order_release);
  published_.fetch_add(1, std::memory_order_release);
  published_.notify_one();
}

}  // namespace needlerig::rig::sequencer
