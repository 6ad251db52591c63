#pragma once
// Where the raw captures of a run go (the CLI writes them as CSV next to the record). Called on
// the sequencer's thread once per capture step, after the capture was judged.

#include <optional>

#include "analysis/capture.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::sequencer {

class CaptureSink {
 public:
  virtual ~CaptureSink() = default;
  /// Stores the capture; returns the file it went to (for the record), or nullopt. Throws when it
  /// cannot be stored: the capture is then ERROR and the run stops.
  virtual std::optional<record::FileRef> store(const analysis::Capture& capture,
                                               const record::CaptureResult& result) = 0;
};

}  // namespace needlerig::rig::sequencer
