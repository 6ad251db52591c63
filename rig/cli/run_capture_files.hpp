#pragma once
// Where `needlerig run` keeps its captures: each goes into the run directory as CSV the moment it
// has been judged (nothing measured waits for the end of the run, or is lost with it), and its
// samples stay in memory for the report's plots (the plan's captures were checked against the
// station's memory budget before the run).

#include <vector>

#include "analysis/capture.hpp"
#include "rig/record/run_directory.hpp"
#include "rig/sequencer/capture_sink.hpp"

namespace needlerig::rig::cli {

class RunCaptureFiles final : public sequencer::CaptureSink {
 public:
  explicit RunCaptureFiles(record::RunDirectory& dir) : dir_(dir) {}

  /// Writes captures/<nn>-<step>.csv; throws std::runtime_error naming the file when it fails.
  std::optional<record::FileRef> store(const analysis::Capture& capture,
                                       const record::CaptureResult& result) override;

  /// The samples of every capture stored, in order.
  const std::vector<analysis::Capture>& captures() const { return captures_; }

 private:
  record::RunDirectory& dir_;
  std::vector<analysis::Capture> captures_;
};

}  // namespace needlerig::rig::cli
