#pragma once
// One capture step: a window of the run's stream recorded, then analysed and judged by the plan.
// Every data problem (overrun, full queue, disconnect, no data, a role in fault, an operator
// interrupt) is reported as an event and makes the capture's verdict ERROR.

#include <functional>
#include <optional>
#include <string>

#include "rig/core/pen_driver.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"
#include "rig/sequencer/operator_action.hpp"
#include "rig/sequencer/run_stream.hpp"
#include "rig/sequencer/settle_stalls.hpp"

namespace needlerig::rig::sequencer {

class CaptureRecorder;

/// The pen settings the capture is taken at (from the steps before it).
struct PenSettings {
  std::optional<double> depth_setting_mm;
  std::optional<int> speed_level;
  std::optional<double> frequency_hz;
};

struct CaptureOutcome {
  record::CaptureResult result;
  analysis::Capture capture;
  /// The source is lost or failed: the plan cannot go on. Empty when the run can continue.
  std::string fatal;
  bool interrupted = false;  // the operator terminated or aborted during the capture
};

class CaptureRunner {
 public:
  using EventFn = std::function<void(const std::string& kind, const std::string& message)>;
  using ProgressFn = std::function<void(double captured_s)>;

  CaptureRunner(RunStream& stream, core::PenDriver& pen, const OperatorAction& action);

  /// Records the next `step.duration_s` of the stream (from its next block) and judges it.
  /// `settle`: the stalls of the settle before it, which count with this capture.
  CaptureOutcome run(const plan::CaptureStep& step, std::size_t plan_line,
                     const plan::TestPlan& plan, const PenSettings& pen_settings,
                     const SettleStalls& settle, const EventFn& event, const ProgressFn& progress);

 private:
  /// Reads the pen's supply current into `readings`: false when the pen cannot say (no current
  /// in its status, or its line failed), and it is not asked again this capture.
  bool read_supply_current(const CaptureRecorder& recorder,
                           std::vector<record::SupplyCurrentReading>& readings);

  RunStream& stream_;
  core::PenDriver& pen_;
  const OperatorAction& action_;
};

}  // namespace needlerig::rig::sequencer
