#include "rig/cli/terminal_progress.hpp"

#include <fmt/format.h>

#include <cmath>

#include "rig/plan/step_description.hpp"

namespace needlerig::rig::cli {
namespace {

std::string_view status_name(record::StepStatus status) {
  switch (status) {
    case record::StepStatus::done:
      return "done";
    case record::StepStatus::failed:
      return "FAILED";
    case record::StepStatus::skipped:
      return "skipped";
  }
  return "?";
}

}  // namespace

TerminalProgress::TerminalProgress(std::FILE* out, bool live) : out_(out), live_(live) {}

void TerminalProgress::end_live_line() {
  if (live_line_open_) fmt::print(out_, "\n");
  live_line_open_ = false;
}

void TerminalProgress::step_started(std::size_t, std::size_t count, const plan::PlanStep& step) {
  count_ = count;
  current_ = plan::describe_step(step.action);
  last_tenth_ = -1;
}

void TerminalProgress::step_finished(std::size_t index, const record::StepOutcome& outcome) {
  end_live_line();
  fmt::print(out_, "[{:>2}/{}] {:<58} {:>7} {:6.2f} s{}{}\n", index + 1, count_, current_,
             status_name(outcome.status), outcome.duration_s, outcome.message.empty() ? "" : "  ",
             outcome.message);
  std::fflush(out_);
}

void TerminalProgress::capture_progress(const std::string& name, double captured_s,
                                        double duration_s) {
  const int tenth = static_cast<int>(std::floor(10.0 * captured_s / duration_s));
  if (!live_ && tenth == last_tenth_) return;
  if (live_) {
    fmt::print(out_, "\r        capturing '{}': {:.2f} / {:.2f} s", name, captured_s, duration_s);
    live_line_open_ = true;
  } else if (tenth != last_tenth_ && tenth % 5 == 0) {
    fmt::print(out_, "        capturing '{}': {:.2f} / {:.2f} s\n", name, captured_s, duration_s);
  }
  last_tenth_ = tenth;
  std::fflush(out_);
}

void TerminalProgress::capture_judged(const record::CaptureResult& result) {
  end_live_line();
  fmt::print(out_, "        capture '{}': {}\n", result.step_name,
             analysis::verdict_name(result.verdict));
}

void TerminalProgress::event(const record::RunEvent& event) {
  end_live_line();
  fmt::print(out_, "        ! {:.3f} s {}: {}\n", event.time_s, event.kind, event.message);
  std::fflush(out_);
}

}  // namespace needlerig::rig::cli
