// Sequencer: the axis' steps as loops over the run's stream. The axis is commanded, then the
// stream is read block by block until the axis has arrived (or the approach's force is reached),
// the operator asks to stop, the stream ends, or the move's deadline passes: the rig sees every
// block of every move, and no move can hang a station.

#include <fmt/format.h>

#include <cmath>

#include "rig/core/driver_error.hpp"
#include "rig/sequencer/sequencer.hpp"

namespace needlerig::rig::sequencer {
namespace {

constexpr const char* kInterrupted = "interrupted by the operator";
constexpr double kCreepFromPreload = 0.5;    // the approach creeps from half the preload on
constexpr double kCreepSpeedFraction = 0.1;  // at a tenth of its speed

}  // namespace

Sequencer::WaitEnd Sequencer::wait_on_stream(
    double limit_s, const std::function<bool(const core::SampleBlock*)>& done,
    OperatorRequest stops_at) {
  const double rate_hz = stream_->sample_rate_hz();
  const double limit_samples = limit_s * rate_hz;
  double waited_samples = 0.0;
  for (;;) {
    if (note_request() >= stops_at) return WaitEnd::interrupted;
    const auto pulled = stream_->pull();
    if (pulled == RunStream::Pull::ended) return WaitEnd::stream_ended;
    const core::SampleBlock* block = nullptr;
    if (pulled == RunStream::Pull::block) block = &stream_->block();
    if (pulled == RunStream::Pull::lost)
      waited_samples += static_cast<double>(stream_->lost_count());
    if (block != nullptr) waited_samples += static_cast<double>(block->sample_count);
    // A quiet read counts its timeout: stream time cannot be known without samples.
    if (pulled == RunStream::Pull::quiet) {
      waited_samples += std::chrono::duration<double>(options_.read_timeout).count() * rate_hz;
    }
    if (done(block)) {
      // An axis the watcher stopped for the operator holds still too: that is the interrupt,
      // not an arrival.
      return note_request() >= stops_at ? WaitEnd::interrupted : WaitEnd::done;
    }
    if (waited_samples > limit_samples) return WaitEnd::deadline;
  }
}

void Sequencer::wait_until_still() {
  if (!stream_ || !roles_.axis.moving()) return;
  const auto still = [this](const core::SampleBlock*) { return !roles_.axis.moving(); };
  // Not interruptible: this is how the stop the operator asked for completes.
  const double rate_hz = stream_->sample_rate_hz();
  double waited_s = 0.0;
  while (waited_s < options_.move_slack_s) {
    const auto pulled = stream_->pull();
    if (pulled == RunStream::Pull::ended) return;
    if (pulled == RunStream::Pull::block) {
      waited_s += static_cast<double>(stream_->block().sample_count) / rate_hz;
    } else {
      waited_s += std::chrono::duration<double>(options_.read_timeout).count();
    }
    if (still(nullptr)) return;
  }
}

Sequencer::StepResult Sequencer::failed_wait(WaitEnd end, const std::string& what) {
  roles_.axis.stop();
  switch (end) {
    case WaitEnd::interrupted:
      wait_until_still();
      return {record::StepStatus::failed, kInterrupted};
    case WaitEnd::stream_ended: {
      const auto message = fmt::format("the stream source {} during {}: the move was stopped",
                                       stream_->end_message(), what);
      add_event(stream_->end_reason() == "disconnected" ? "disconnect" : "fault", message);
      return {record::StepStatus::failed, message};
    }
    case WaitEnd::deadline: {
      wait_until_still();
      const auto message = fmt::format("{} did not end in time: the axis was stopped", what);
      add_event("fault", message);
      return {record::StepStatus::failed, message};
    }
    case WaitEnd::done:
      break;
  }
  return {record::StepStatus::done, ""};
}

Sequencer::StepResult Sequencer::home() {
  auto& axis = roles_.axis;
  stream_->discard_pending();
  axis.home();
  const auto end = wait_on_stream(options_.home_timeout_s,
                                  [&axis](const core::SampleBlock*) { return !axis.moving(); });
  if (end != WaitEnd::done) return failed_wait(end, "homing");
  if (!axis.homed()) return {record::StepStatus::failed, "the axis stopped before it was homed"};
  return {record::StepStatus::done, ""};
}

Sequencer::StepResult Sequencer::approach(const plan::ApproachStep& step) {
  auto& axis = roles_.axis;
  if (!stream_->has_force()) {
    return {record::StepStatus::failed,
            "an approach needs the force_N channel, which the DAQ "
            "does not record"};
  }
  stream_->discard_pending();
  // The rig closes the loop on the force it measures, a block at a time: the stage stops at the
  // end of the block in which the preload was seen. To keep that overshoot small the approach
  // slows to a creep once the force is half way to the preload (a block of 10 ms at 2 mm/s is
  // 20 um of travel: on a stiff phantom a large part of the preload).
  double speed = step.speed_mm_per_s;
  bool creeping = false;
  bool reached = false;
  double force_n = 0.0;
  for (;;) {
    const double start_mm = axis.position_mm();
    axis.move_to(step.limit_mm, speed);
    bool slow_down = false;
    const double expected_s = std::abs(step.limit_mm - start_mm) / speed;
    const auto end = wait_on_stream(
        1.5 * expected_s + options_.move_slack_s, [&](const core::SampleBlock* block) {
          if (block != nullptr && !reached && !slow_down) {
            const auto force = stream_->max_force_n(*block);
            if (force && *force >= step.preload_n) {
              axis.stop();
              reached = true;
              force_n = *force;
            } else if (force && !creeping && *force >= kCreepFromPreload * step.preload_n) {
              axis.stop();
              slow_down = true;
            }
          }
          return !axis.moving();
        });
    if (end != WaitEnd::done) return failed_wait(end, "the approach");
    if (!slow_down) break;
    creeping = true;
    speed = step.speed_mm_per_s * kCreepSpeedFraction;
  }
  if (!reached) {
    return {record::StepStatus::failed,
            fmt::format("the preload of {:.2f} N was not reached before {:.1f} mm: is the "
                        "phantom in place?",
                        step.preload_n, step.limit_mm)};
  }
  return {record::StepStatus::done,
          fmt::format("preload reached at {:.3f} mm ({:.3f} N)", axis.position_mm(), force_n)};
}

Sequencer::StepResult Sequencer::move_axis(double position_mm, double speed_mm_per_s,
                                           const char* what, OperatorRequest stops_at) {
  auto& axis = roles_.axis;
  const double expected_s = std::abs(position_mm - axis.position_mm()) / speed_mm_per_s;
  axis.move_to(position_mm, speed_mm_per_s);
  const auto end = wait_on_stream(
      1.5 * expected_s + options_.move_slack_s,
      [&axis](const core::SampleBlock*) { return !axis.moving(); }, stops_at);
  if (end != WaitEnd::done) return failed_wait(end, what);
  return {record::StepStatus::done, ""};
}

}  // namespace needlerig::rig::sequencer
