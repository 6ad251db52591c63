#pragma once
// Data-quality findings (spec: data quality): problems with the samples, not with the pen.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/measurement_ids.hpp"

namespace needlerig::analysis {

enum class FindingKind : std::uint8_t {
  non_finite,           // NaN or infinity in a sample (an empty or unparsable field on import)
  dropout,              // a time step longer than the dropout threshold: samples are missing
  time_not_increasing,  // time_s repeats or goes backwards
  saturation,           // samples at the sensor's full scale or outside its range
  stuck,                // a sensor constant for longer than the stuck threshold while the pen runs
  unparsable_number,    // import: text where a number belongs
  truncated_line,       // import: the last line has fewer fields than the header (cut off)
  timebase_mismatch,    // the stated sample rate and the time stamps' median step disagree
  mains_pickup,         // lines at the mains frequency's harmonics, taken out before measuring
};

std::string_view finding_kind_name(FindingKind kind);
std::optional<FindingKind> finding_kind_from_name(std::string_view name);

/// True for the findings that make the measurements on their channel unsound (ERROR). A truncated
/// last line only loses that line's sample, so it is reported but does not spoil the capture.
bool finding_spoils_channel(FindingKind kind);

struct DataFinding {
  FindingKind kind;
  Channel channel;
  std::size_t count = 0;                  // samples (or lines) affected
  std::size_t first_index = 0;            // sample index of the first occurrence
  double first_time_s = 0.0;              // capture time of the first occurrence
  std::optional<std::size_t> first_line;  // line in the source file, where known
  std::string detail;                     // human-readable specifics ("'abc' is not a number")
};

}  // namespace needlerig::analysis
