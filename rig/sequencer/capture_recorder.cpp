#include "rig/sequencer/capture_recorder.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace needlerig::rig::sequencer {
namespace {

std::optional<std::size_t> find_channel(const std::vector<core::ChannelInfo>& channels,
                                        std::string_view id) {
  for (std::size_t c = 0; c < channels.size(); ++c) {
    if (channels[c].id == id) return c;
  }
  return std::nullopt;
}

double physical(const core::ChannelInfo& channel, std::int32_t code) {
  return channel.offset + channel.scale * static_cast<double>(code);
}

}  // namespace

CaptureRecorder::CaptureRecorder(const std::vector<core::ChannelInfo>& channels,
                                 double sample_rate_hz, std::uint64_t sample_count)
    : channels_(channels),
      sample_rate_hz_(sample_rate_hz),
      sample_count_(sample_count),
      protrusion_(find_channel(channels, "protrusion_mm")),
      force_(find_channel(channels, "force_N")),
      current_(find_channel(channels, "motor_current_A")) {
  if (!protrusion_) throw std::invalid_argument("the stream source has no protrusion_mm channel");
  if (!(sample_rate_hz > 0.0)) throw std::invalid_argument("the stream source has no sample rate");
  const auto n = static_cast<Eigen::Index>(sample_count);
  capture_.time_s.resize(n);
  capture_.protrusion_mm.resize(n);
  if (force_) capture_.force_n.resize(n);
  if (current_) capture_.motor_current_a.resize(n);
}

void CaptureRecorder::add_block(const core::SampleBlock& block, bool after_overrun) {
  if (!first_index_) {
    first_index_ = block.first_sample_index;
    next_index_ = block.first_sample_index;
  }
  if (block.first_sample_index < next_index_) return;  // a repeated block: nothing new
  if (after_overrun && block.first_sample_index == next_index_) {
    add_lost_finding(block.first_sample_index, 0,
                     "the DAQ reported an overrun: samples were lost before this one");
  }
  const std::uint64_t end_index = *first_index_ + sample_count_;
  for (std::size_t s = 0; s < block.sample_count; ++s) {
    const std::uint64_t index = block.first_sample_index + s;
    if (index >= end_index || recorded_ >= sample_count_) break;
    const auto k = static_cast<Eigen::Index>(recorded_);
    capture_.time_s[k] = static_cast<double>(index - *first_index_) / sample_rate_hz_;
    capture_.protrusion_mm[k] = physical(channels_[*protrusion_], block.code(s, *protrusion_));
    if (force_) capture_.force_n[k] = physical(channels_[*force_], block.code(s, *force_));
    if (current_) {
      capture_.motor_current_a[k] = physical(channels_[*current_], block.code(s, *current_));
    }
    ++recorded_;
  }
  next_index_ = block.first_sample_index + block.sample_count;
}

void CaptureRecorder::note_lost(std::uint64_t first_sample_index, std::size_t count,
                                const std::string& detail) {
  add_lost_finding(first_sample_index, count, detail);
}

void CaptureRecorder::add_lost_finding(std::uint64_t sample_index, std::size_t count,
                                       const std::string& detail) {
  const std::uint64_t base = first_index_.value_or(sample_index);
  const std::uint64_t offset = sample_index >= base ? sample_index - base : 0;
  std::vector<analysis::Channel> affected{analysis::Channel::protrusion};
  if (force_) affected.push_back(analysis::Channel::force);
  for (const auto channel : affected) {
    analysis::DataFinding finding{};
    finding.kind = analysis::FindingKind::dropout;
    finding.channel = channel;
    finding.count = std::max<std::size_t>(count, 1);
    finding.first_index = std::min<std::size_t>(static_cast<std::size_t>(offset), recorded_);
    finding.first_time_s = static_cast<double>(offset) / sample_rate_hz_;
    finding.detail = detail;
    capture_.import_findings.push_back(finding);
  }
}

std::uint64_t CaptureRecorder::covered_samples() const {
  if (!first_index_) return 0;
  return std::min(next_index_ - *first_index_, sample_count_);
}

double CaptureRecorder::recorded_s() const {
  return static_cast<double>(recorded_) / sample_rate_hz_;
}

std::optional<analysis::SensorRange> CaptureRecorder::range(
    std::optional<std::size_t> channel) const {
  if (!channel) return std::nullopt;
  const auto& info = channels_[*channel];
  const double a = physical(info, info.code_min);
  const double b = physical(info, info.code_max);
  return analysis::SensorRange{std::min(a, b), std::max(a, b)};
}

analysis::Capture CaptureRecorder::finish(std::string source, analysis::CaptureMetadata metadata) {
  const auto n = static_cast<Eigen::Index>(recorded_);
  capture_.time_s.conservativeResize(n);
  capture_.protrusion_mm.conservativeResize(n);
  if (force_) capture_.force_n.conservativeResize(n);
  if (current_) capture_.motor_current_a.conservativeResize(n);
  capture_.source = std::move(source);
  capture_.sample_rate_hz = sample_rate_hz_;
  metadata.sample_rate_hz = sample_rate_hz_;
  capture_.metadata = std::move(metadata);
  return std::move(capture_);
}

}  // namespace needlerig::rig::sequencer
