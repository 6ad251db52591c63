#include "tests/support/synthetic_csv.hpp"

#include "rig/capture/csv_capture_writer.hpp"

namespace needlerig::testing {

void write_synthetic_csv(const SyntheticPenConfig& config, const std::filesystem::path& path) {
  rig::capture::write_csv_capture(make_synthetic_capture(config).capture, path);
}

}  // namespace needlerig::testing
