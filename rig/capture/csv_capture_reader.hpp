#pragma once
// Reads a capture in the CSV interchange form of the measurement contract. Streams: the text is
// read in fixed-size blocks and never held whole in memory; only the parsed columns are kept.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>

#include "analysis/capture.hpp"

namespace needlerig::rig::capture {

/// Input that cannot be read as a capture at all (empty, no header, no protrusion column, a line
/// longer than the limit, an unreadable file). `what()` reads "SOURCE:LINE: message".
class CaptureFormatError : public std::runtime_error {
 public:
  CaptureFormatError(std::string source, std::size_t line, const std::string& message);
  const std::string& source() const { return source_; }
  std::size_t line() const { return line_; }  // 0 when the problem is not on one line

 private:
  std::string source_;
  std::size_t line_;
};

struct CsvReadOptions {
  std::size_t max_line_bytes = 64 * 1024;  // a longer line is refused, not buffered
  std::size_t block_bytes = 4 * 1024 * 1024;
  unsigned parse_threads = 0;  // 0: as many as the machine has
};

/// Reads a capture file. Problems with individual samples (text or nan in a number, a truncated
/// last line) become import findings with their line numbers; problems that leave nothing to
/// analyse throw CaptureFormatError.
analysis::Capture read_csv_capture(const std::filesystem::path& path,
                                   const CsvReadOptions& options = {});

/// The same from a stream; `source_name` names it in messages and in Capture::source.
analysis::Capture read_csv_capture(std::istream& input, const std::string& source_name,
                                   const CsvReadOptions& options = {});

}  // namespace needlerig::rig::capture
