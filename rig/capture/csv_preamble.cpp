#include "rig/capture/csv_preamble.hpp"

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

#include "rig/capture/csv_capture_reader.hpp"
#include "rig/capture/csv_text.hpp"

namespace needlerig::rig::capture::csv {
namespace {

/// The whole of `text` as a finite number, else nullopt.
std::optional<double> parse_whole_number(std::string_view text) {
  double value = 0.0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto result = fast_float::from_chars(first, last, value);
  if (first == last || result.ec != std::errc() || result.ptr != last || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> parse_whole_int(std::string_view text) {
  int value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto result = std::from_chars(first, last, value);
  if (first == last || result.ec != std::errc() || result.ptr != last) return std::nullopt;
  return value;
}

}  // namespace

void MetadataCollector::add_line(std::string_view line, std::size_t line_number) {
  line.remove_prefix(1);  // the '#'
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;  // a comment line
  const std::string key(trim(line.substr(0, colon)));
  const std::string value(trim(line.substr(colon + 1)));
  if (key.empty()) {
    throw CaptureFormatError(source_, line_number, "metadata line without a key before ':'");
  }
  const auto [seen, inserted] = key_lines_.emplace(key, line_number);
  if (!inserted) {
    throw CaptureFormatError(
        source_, line_number,
        fmt::format("metadata key '{}' repeats (first on line {})", key, seen->second));
  }
  set_typed_field(key, value, line_number);
  metadata_.entries.emplace(key, value);
}

void MetadataCollector::set_typed_field(const std::string& key, const std::string& value,
                                        std::size_t line_number) {
  if (key == "sample_rate_hz") {
    const auto rate = parse_whole_number(value);
    if (!rate || *rate <= 0.0) {
      throw CaptureFormatError(
          source_, line_number,
          fmt::format("sample_rate_hz {} is not a positive number", quote_excerpt(value)));
    }
    metadata_.sample_rate_hz = rate;
  } else if (key == "depth_setting_mm") {
    const auto depth = parse_whole_number(value);
    if (!depth) {
      throw CaptureFormatError(
          source_, line_number,
          fmt::format("depth_setting_mm {} is not a number", quote_excerpt(value)));
    }
    metadata_.depth_setting_mm = depth;
  } else if (key == "needle_count") {
    const auto count = parse_whole_int(value);
    if (!count || *count <= 0) {
      throw CaptureFormatError(
          source_, line_number,
          fmt::format("needle_count {} is not a positive whole number", quote_excerpt(value)));
    }
    metadata_.needle_count = count;
  }
}

ChunkLayout parse_header_line(std::string_view line, std::size_t line_number,
                              const std::string& source) {
  ChunkLayout layout;
  std::vector<std::string_view> names;
  while (true) {
    const auto comma = line.find(',');
    names.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  std::map<std::string_view, std::size_t> first_column;  // a map: headers may be long
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto [seen, inserted] = first_column.emplace(names[i], i + 1);
    if (!inserted) {
      throw CaptureFormatError(source, line_number,
                               fmt::format("column name {} appears twice (columns {} and {})",
                                           quote_excerpt(names[i]), seen->second, i + 1));
    }
    ColumnRole role = ColumnRole::ignored;
    for (std::size_t c = 0; c < kChannelCount; ++c) {
      if (names[i] == analysis::channel_id(static_cast<analysis::Channel>(c))) {
        role = static_cast<ColumnRole>(c);
        layout.present[c] = true;
      }
    }
    layout.roles.push_back(role);
  }
  std::vector<std::string_view> missing;
  if (!layout.present[static_cast<std::size_t>(ColumnRole::time)]) missing.push_back("time_s");
  if (!layout.present[static_cast<std::size_t>(ColumnRole::protrusion)]) {
    missing.push_back("protrusion_mm");
  }
  if (!missing.empty()) {
    constexpr std::size_t kListed = 12;
    std::vector<std::string> found;
    for (std::size_t i = 0; i < names.size() && i < kListed; ++i) {
      found.push_back(quote_excerpt(names[i]));
    }
    if (names.size() > kListed) found.push_back(fmt::format("... {} in all", names.size()));
    throw CaptureFormatError(source, line_number,
                             fmt::format("header has no {} column (columns found: {})",
                                         fmt::join(missing, " or "), fmt::join(found, ", ")));
  }
  return layout;
}

}  // namespace needlerig::rig::capture::csv
