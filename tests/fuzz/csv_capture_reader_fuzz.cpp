// Fuzzes the CSV capture reader through its stream interface. Any input must give either a capture
// or a CaptureFormatError: any other exception, a crash, a hang or a sanitizer report is a bug.
// Small blocks and a small line limit make every input cross block boundaries and the limit.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "rig/capture/csv_capture_reader.hpp"

using needlerig::rig::capture::CaptureFormatError;
using needlerig::rig::capture::CsvReadOptions;
using needlerig::rig::capture::read_csv_capture;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks the block size and the thread count, so the fuzzer explores both; the
  // rest is the file.
  if (size == 0) return 0;
  const unsigned selector = data[0];
  CsvReadOptions options;
  options.block_bytes = 1 + (selector & 0x3F);
  options.parse_threads = 1 + ((selector >> 6) & 1);
  options.max_line_bytes = (selector & 0x80) ? 64 : 512;
  std::istringstream input(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  try {
    const auto capture = read_csv_capture(input, "fuzz", options);
    // Invariants of a capture that was read.
    const auto n = capture.time_s.size();
    if (n == 0 || capture.protrusion_mm.size() != n ||
        (capture.force_n.size() != 0 && capture.force_n.size() != n) ||
        (capture.motor_current_a.size() != 0 && capture.motor_current_a.size() != n) ||
        capture.first_data_line < 2) {
      std::abort();
    }
    for (const auto& finding : capture.import_findings) {
      if (!finding.first_line || *finding.first_line < capture.first_data_line ||
          finding.count == 0) {
        std::abort();
      }
    }
  } catch (const CaptureFormatError&) {
    // Refused input: the expected outcome for most fuzz inputs.
  }
  return 0;
}
