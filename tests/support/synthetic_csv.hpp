#pragma once
// A synthetic capture written in the CSV interchange form, for tests of the reader, the CLI and
// anything that starts from a file.

#include <filesystem>

#include "tests/support/synthetic_capture.hpp"

namespace needlerig::testing {

/// Generates the capture of `config` and writes it with the rig's CSV writer (metadata lines,
/// header, samples). Throws std::invalid_argument for a bad config and std::runtime_error when
/// the file cannot be written.
void write_synthetic_csv(const SyntheticPenConfig& config, const std::filesystem::path& path);

}  // namespace needlerig::testing
