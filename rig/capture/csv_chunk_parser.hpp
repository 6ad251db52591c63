#pragma once
// Parses a chunk of whole sample lines of a CSV capture into columns the caller provides. Called
// by the reader's parse workers, many chunks at once; a chunk knows nothing of the lines before
// it, so every line position here is relative to the chunk and the reader maps it to file lines
// when it appends chunks in order. Hot path: no throwing, no allocation per sample.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/capture/csv_text_buffer.hpp"

namespace needlerig::rig::capture::csv {

/// What a column holds; the first four match analysis::Channel.
enum class ColumnRole : std::uint8_t { time, protrusion, force, motor_current, ignored };
inline constexpr std::size_t kChannelCount = 4;

struct ChunkLayout {
  std::vector<ColumnRole> roles;              // one per header column
  std::array<bool, kChannelCount> present{};  // channels the header has
  std::size_t max_line_bytes = 64 * 1024;
};

/// Sample-level problems of one kind on one channel within a chunk.
struct FindingTally {
  std::size_t count = 0;
  std::size_t first_row = 0;  // row of the first occurrence (chunk-relative while in a chunk)
  std::string detail;         // about the first occurrence
};

enum class TallyKind : std::uint8_t { non_finite, unparsable_number };
inline constexpr std::size_t kTallyKinds = 2;
using FindingTallies = std::array<std::array<FindingTally, kChannelCount>, kTallyKinds>;

/// Lines at the end of a chunk that are only acceptable at the end of the file: blank lines, or a
/// line with too few fields (a file cut off mid-write) followed by nothing but blank lines.
struct ChunkTail {
  std::size_t line_offset = 0;  // of the first such line
  std::size_t fields = 0;       // fields on it (0: blank)
};

struct ChunkError {
  std::size_t line_offset = 0;
  std::string message;
};

struct ChunkResult {
  // Where the chunk's samples go, set by the caller before parsing: row r of a present channel is
  // written to out[channel][r], so each needs room for one row per line of the text. The reader
  // points these straight into the capture's final columns (at the chunk's first row), so the
  // samples are written once instead of parsed into per-chunk buffers and copied again.
  std::array<double*, kChannelCount> out{};
  std::size_t rows = 0;   // samples; row r is on chunk line r (lines before the tail are samples)
  std::size_t lines = 0;  // all lines of the chunk
  FindingTallies tallies;
  std::optional<ChunkTail> tail;
  std::optional<ChunkError> error;  // parsing stopped here
};

/// Parses `text`, which holds whole lines and ends with '\n', into result.out. (A
/// TextBuffer, because the parser reads up to 8 bytes at a time and relies on its padding.)
void parse_chunk(const TextBuffer& text, const ChunkLayout& layout, ChunkResult& result);

/// The message for a line with `fields` fields where the header has `expected`.
std::string field_count_message(std::size_t fields, std::size_t expected);

}  // namespace needlerig::rig::capture::csv
