#include "rig/capture/csv_capture_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace needlerig::rig::capture {
namespace {

// Absolute resolution written for the sensor channels: 1 nm of protrusion, 1 uN of force, 1 uA
// of current, a hundred times finer than the sensors resolve (0.1 um, 0.1 mN).
constexpr int kChannelDecimals = 6;
// Time is written to 1/10000 of a sample period (ceil(log10(fs)) + 4 decimals): at 1 MHz that is
// 0.1 ns, so a time near 100 s still carries 12 significant digits where {:.9g} would round
// neighbouring samples together.
constexpr int kTimeExtraDecimals = 4;
constexpr int kMaxDecimals = 15;
// Values whose scaled magnitude reaches 2^53 are no longer exact integers after scaling: they are
// written in shortest round-trip form instead.
constexpr double kExactIntegerLimit = 9007199254740992.0;
constexpr std::size_t kFlushBytes = 1 << 20;

constexpr std::array<double, kMaxDecimals + 1> kPow10{1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
constexpr std::array<std::uint64_t, kMaxDecimals + 1> kPow10Int{1ULL,
                                                                10ULL,
                                                                100ULL,
                                                                1000ULL,
                                                                10000ULL,
                                                                100000ULL,
                                                                1000000ULL,
                                                                10000000ULL,
                                                                100000000ULL,
                                                                1000000000ULL,
                                                                10000000000ULL,
                                                                100000000000ULL,
                                                                1000000000000ULL,
                                                                10000000000000ULL,
                                                                100000000000000ULL,
                                                                1000000000000000ULL};

/// Appends `value` rounded to `decimals` decimals in plain notation without trailing zeros
/// ("-1.0231", "0.0000123", "12"); non-finite values as "nan", "inf", "-inf" (the reader reports
/// those as findings). decimals < 0 asks for the shortest round-trip form.
void append_number(fmt::memory_buffer& out, double value, int decimals) {
  if (!std::isfinite(value)) {
    out.append(std::string_view(std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf")));
    return;
  }
  const double scaled = decimals >= 0 ? std::round(value * kPow10[decimals]) : 0.0;
  if (decimals < 0 || !(std::abs(scaled) < kExactIntegerLimit)) {
    fmt::format_to(std::back_inserter(out), "{}", value);
    return;
  }
  const auto magnitude = static_cast<std::uint64_t>(std::abs(scaled));
  if (magnitude == 0) {
    out.push_back('0');
    return;
  }
  if (scaled < 0) out.push_back('-');
  const std::uint64_t divisor = kPow10Int[decimals];
  const fmt::format_int integer_part(magnitude / divisor);
  out.append(integer_part.data(), integer_part.data() + integer_part.size());
  std::uint64_t fraction = magnitude % divisor;
  if (fraction == 0) return;
  int digits = decimals;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  out.push_back('.');
  const fmt::format_int fraction_text(fraction);
  for (auto pad = digits - static_cast<int>(fraction_text.size()); pad > 0; --pad) {
    out.push_back('0');
  }
  out.append(fraction_text.data(), fraction_text.data() + fraction_text.size());
}

int time_decimals(double sample_rate_hz) {
  if (!(sample_rate_hz > 0.0) || !std::isfinite(sample_rate_hz)) return -1;
  const int decimals = static_cast<int>(std::ceil(std::log10(sample_rate_hz))) + kTimeExtraDecimals;
  return decimals < 0 ? 0 : (decimals > kMaxDecimals ? -1 : decimals);
}

/// A metadata key or value that would change the file's structure cannot be written faithfully.
void check_metadata_text(std::string_view key, std::string_view value) {
  const auto bad = [](std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
  };
  if (key.empty() || bad(key) || bad(value) || key.find(':') != std::string_view::npos ||
      key.find_first_not_of(" \t") == std::string_view::npos) {
    throw std::invalid_argument(
        fmt::format("metadata entry '{}' cannot be written as a '# key: value' line", key));
  }
}

/// The capture's rate, else the one its metadata states; 0 when neither is known.
double known_sample_rate_hz(const analysis::Capture& capture) {
  if (capture.sample_rate_hz > 0.0) return capture.sample_rate_hz;
  const auto& stated = capture.metadata.sample_rate_hz;
  return stated && *stated > 0.0 ? *stated : 0.0;
}

void write_metadata(const analysis::Capture& capture, fmt::memory_buffer& out) {
  const auto& metadata = capture.metadata;
  const double sample_rate_hz = known_sample_rate_hz(capture);
  // A capture without a known rate gets no rate line rather than an unreadable "0": the reader
  // then takes the rate from the time steps, as the contract says.
  if (sample_rate_hz > 0.0 && std::isfinite(sample_rate_hz)) {
    fmt::format_to(std::back_inserter(out), "# sample_rate_hz: {}\n", sample_rate_hz);
  }
  // Typed fields set by code but missing from the verbatim entries are written too, so that they
  // read back.
  if (metadata.depth_setting_mm && !metadata.entries.contains("depth_setting_mm")) {
    fmt::format_to(std::back_inserter(out), "# depth_setting_mm: {}\n", *metadata.depth_setting_mm);
  }
  if (metadata.needle_count && !metadata.entries.contains("needle_count")) {
    fmt::format_to(std::back_inserter(out), "# needle_count: {}\n", *metadata.needle_count);
  }
  for (const auto& [key, value] : metadata.entries) {
    if (key == "sample_rate_hz") continue;  // written above from the capture's own rate
    check_metadata_text(key, value);
    fmt::format_to(std::back_inserter(out), "# {}: {}\n", key, value);
  }
}

}  // namespace

void write_csv_capture(const analysis::Capture& capture, std::ostream& output) {
  const Eigen::Index n = capture.time_s.size();
  const bool with_force = capture.force_n.size() != 0;
  const bool with_current = capture.motor_current_a.size() != 0;
  if (capture.protrusion_mm.size() != n || (with_force && capture.force_n.size() != n) ||
      (with_current && capture.motor_current_a.size() != n)) {
    throw std::invalid_argument(
        fmt::format("capture '{}': columns of different lengths", capture.source));
  }

  fmt::memory_buffer out;
  write_metadata(capture, out);
  out.append(std::string_view("time_s,protrusion_mm"));
  if (with_force) out.append(std::string_view(",force_N"));
  if (with_current) out.append(std::string_view(",motor_current_A"));
  out.push_back('\n');

  const int time_digits = time_decimals(known_sample_rate_hz(capture));
  for (Eigen::Index i = 0; i < n; ++i) {
    append_number(out, capture.time_s[i], time_digits);
    out.push_back(',');
    append_number(out, capture.protrusion_mm[i], kChannelDecimals);
    if (with_force) {
      out.push_back(',');
      append_number(out, capture.force_n[i], kChannelDecimals);
    }
    if (with_current) {
      out.push_back(',');
      append_number(out, capture.motor_current_a[i], kChannelDecimals);
    }
    out.push_back('\n');
    if (out.size() >= kFlushBytes) {
      output.write(out.data(), static_cast<std::streamsize>(out.size()));
      out.clear();
    }
  }
  output.write(out.data(), static_cast<std::streamsize>(out.size()));
}

void write_csv_capture(const analysis::Capture& capture, const std::filesystem::path& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error(fmt::format("{}: cannot open for writing", path.string()));
  write_csv_capture(capture, file);
  file.flush();
  if (!file) throw std::runtime_error(fmt::format("{}: write failed", path.string()));
}

}  // namespace needlerig::rig::capture
