#pragma once
// Prints a run's progress on the terminal: a line per step as it starts and as it ends (on a
// terminal the same line, completed in place), the events as they
// happen, and during a capture a short live line (rewritten in place on a terminal, throttled to
// whole tenths of the capture elsewhere).

#include <cstdio>
#include <string>

#include "rig/sequencer/progress_listener.hpp"

namespace needlerig::rig::cli {

class TerminalProgress final : public sequencer::ProgressListener {
 public:
  /// `live`: out is a terminal (lines completed in place); `colour`: verdicts in colour.
  TerminalProgress(std::FILE* out, bool live, bool colour);

  void step_started(std::size_t index, std::size_t count, const plan::PlanStep& step) override;
  void step_finished(std::size_t index, const record::StepOutcome& outcome) override;
  void capture_progress(const std::string& name, double captured_s, double duration_s) override;
  void capture_judged(const record::CaptureResult& result) override;
  void event(const record::RunEvent& event) override;

 private:
  void end_live_line();

  std::FILE* out_;
  bool live_;
  bool colour_;
  bool live_line_open_ = false;  // the cursor is at the end of a line without its newline
  bool step_line_open_ = false;  // ... and that line is the current step's start line
  int last_tenth_ = -1;
  std::size_t count_ = 0;
  std::string current_;
};

}  // namespace needlerig::rig::cli
