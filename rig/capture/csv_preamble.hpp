#pragma once
// The lines before the samples: "# key: value" metadata lines and the header line of column
// names (spec: capture interchange).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/capture.hpp"
#include "rig/capture/csv_chunk_parser.hpp"

namespace needlerig::rig::capture::csv {

/// Collects metadata lines into a CaptureMetadata. Throws CaptureFormatError naming the line when
/// a typed key (sample_rate_hz, depth_setting_mm, needle_count) is not a number, or a key repeats.
class MetadataCollector {
 public:
  explicit MetadataCollector(const std::string& source) : source_(source) {}

  /// `line` starts with '#'. Lines without a ':' are comments and are skipped.
  void add_line(std::string_view line, std::size_t line_number);
  analysis::CaptureMetadata take() { return std::move(metadata_); }

 private:
  void set_typed_field(const std::string& key, const std::string& value, std::size_t line_number);

  const std::string& source_;
  analysis::CaptureMetadata metadata_;
  std::map<std::string, std::size_t> key_lines_;
};

/// Parses the header line into the role of every column. Throws CaptureFormatError naming the
/// line for a duplicate column name or a missing `time_s` / `protrusion_mm` column.
ChunkLayout parse_header_line(std::string_view line, std::size_t line_number,
                              const std::string& source);

}  // namespace needlerig::rig::capture::csv
