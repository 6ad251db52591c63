#pragma once
// Writes a capture in the CSV interchange form of the measurement contract, so that the rig's own
// captures and captures made elsewhere are read back the same way.

#include <filesystem>
#include <ostream>

#include "analysis/capture.hpp"

namespace needlerig::rig::capture {

/// Writes the metadata lines ("# key: value": every entry of capture.metadata.entries, with
/// sample_rate_hz always present), the header line and one line per sample. Numbers are written
/// with enough digits to read back the same doubles' meaning at the sensor's resolution.
void write_csv_capture(const analysis::Capture& capture, std::ostream& output);

/// The same to a file; throws std::runtime_error naming the path when it cannot be written.
void write_csv_capture(const analysis::Capture& capture, const std::filesystem::path& path);

}  // namespace needlerig::rig::capture
