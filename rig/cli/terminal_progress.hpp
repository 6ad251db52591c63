#pragma once
// Prints a run's progress on the terminal: one line per step as it ends, the events as they
// happen, and during a capture a short live line (rewritten in place on a terminal, throttled to
// whole tenths of the capture elsewhere).

#include <cstdio>
#include <string>

#include "rig/sequencer/progress_listener.hpp"

namespace needlerig::rig::cli {

class TerminalProgress final : public sequencer::ProgressListener {
 public:
  TerminalProgress(std::FILE* out, bool live);

  void step_started(std::size_t index, std::size_t count, const plan::PlanStep& step) override;
  void step_finished(std::size_t index, const record::StepOutcome& outcome) override;
  void capture_progress(const std::string& name, double captured_s, double duration_s) override;
  void capture_judged(const record::CaptureResult& result) override;
  void event(const record::RunEvent& event) override;

 private:
  void end_live_line();

  std::FILE* out_;
  bool live_;
  bool live_line_open_ = false;
  int last_tenth_ = -1;
  std::size_t count_ = 0;
  std::string current_;
};

}  // namespace needlerig::rig::cli
