#pragma once
// How a run reports while it goes: the CLI prints it, tests collect it. Called on the sequencer's
// thread only (never from the acquisition thread), so a listener needs no locking.

#include <cstddef>
#include <string>

#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::sequencer {

class ProgressListener {
 public:
  virtual ~ProgressListener() = default;
  virtual void step_started(std::size_t /*index*/, std::size_t /*count*/,
                            const plan::PlanStep& /*step*/) {}
  virtual void step_finished(std::size_t /*index*/, const record::StepOutcome& /*outcome*/) {}
  /// During a capture, after every block: seconds of samples recorded so far.
  virtual void capture_progress(const std::string& /*name*/, double /*captured_s*/,
                                double /*duration_s*/) {}
  virtual void capture_judged(const record::CaptureResult& /*result*/) {}
  virtual void event(const record::RunEvent& /*event*/) {}
};

}  // namespace needlerig::rig::sequencer
