#include "rig/cli/run_capture_files.hpp"

#include "rig/outputs/run_outputs.hpp"

namespace needlerig::rig::cli {

std::optional<record::FileRef> RunCaptureFiles::store(const analysis::Capture& capture,
                                                      const record::CaptureResult& result) {
  // Kept first: the report plots it even when its file cannot be written.
  captures_.push_back(capture);
  return outputs::write_capture_file(dir_, captures_.size() - 1, result.step_name, capture);
}

}  // namespace needlerig::rig::cli
