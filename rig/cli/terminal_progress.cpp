#include "rig/cli/terminal_progress.hpp"

#include <fmt/format.h>

#include <cmath>

#include "rig/cli/terminal_text.hpp"
#include "rig/cli/verdict_colour.hpp"
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

TerminalProgress::TerminalProgress(std::FILE* out, bool live, bool colour)
    : out_(out), live_(live), colour_(colour) {}

void TerminalProgress::end_live_line() {
  if (live_line_open_) fmt::print(out_, "\n");
  live_line_open_ = false;
  step_line_open_ = false;
}

void TerminalProgress::step_started(std::size_t index, std::size_t count,
                                    const plan::PlanStep& step) {
  end_live_line();
  count_ = count;
  current_ = terminal_safe_line(plan::describe_step(step.action));
  last_tenth_ = -1;
  // A step can take long (an approach at 2 mm/s, a settle): say at once what the rig is doing.
  // On a terminal the line is completed in place when the step ends; in a log it stays.
  fmt::print(out_, "[{:>2}/{}] {:<58} ...", index + 1, count_, current_);
  if (live_) {
    live_line_open_ = true;
    step_line_open_ = true;
  } else {
    fmt::print(out_, "\n");
  }
  std::fflush(out_);
}

void TerminalProgress::step_finished(std::size_t index, const record::StepOutcome& outcome) {
  if (step_line_open_ && live_line_open_) {
    fmt::print(out_, "\r");
    live_line_open_ = false;
  }
  step_line_open_ = false;
  end_live_line();
  const auto status = fmt::format("{:>7}", status_name(outcome.status));
  fmt::print(out_, "[{:>2}/{}] {:<58} {} {:6.2f} s{}{}\n", index + 1, count_, current_,
             outcome.status == record::StepStatus::failed
                 ? in_verdict_colour(status, analysis::Verdict::error, colour_)
                 : status,
             outcome.duration_s, outcome.message.empty() ? "" : "  ",
             terminal_safe_line(outcome.message));
  std::fflush(out_);
}

void TerminalProgress::capture_progress(const std::string& name, double captured_s,
                                        double duration_s) {
  const int tenth = static_cast<int>(std::floor(10.0 * captured_s / duration_s));
  if (!live_ && tenth == last_tenth_) return;
  if (live_) {
    fmt::print(out_, "\r        capturing '{}': {:.2f} / {:.2f} s", terminal_safe_line(name),
               captured_s, duration_s);
    live_line_open_ = true;
  } else if (tenth != last_tenth_ && tenth % 5 == 0) {
    fmt::print(out_, "        capturing '{}': {:.2f} / {:.2f} s\n", terminal_safe_line(name),
               captured_s, duration_s);
  }
  last_tenth_ = tenth;
  std::fflush(out_);
}

void TerminalProgress::capture_judged(const record::CaptureResult& result) {
  end_live_line();
  fmt::print(out_, "        capture '{}': {}\n", terminal_safe_line(result.step_name),
             in_verdict_colour(analysis::verdict_name(result.verdict), result.verdict, colour_));
}

void TerminalProgress::event(const record::RunEvent& event) {
  end_live_line();
  fmt::print(out_, "        ! {:.3f} s {}: {}\n", event.time_s, event.kind,
             terminal_safe_line(event.message));
  std::fflush(out_);
}

}  // namespace needlerig::rig::cli
