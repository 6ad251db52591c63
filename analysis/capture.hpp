#pragma once
// A capture: uniformly sampled signals of one pen at one depth setting and one speed, with the
// metadata that came with them. The analysis reads captures only through SignalSet views.

#include <Eigen/Core>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/data_finding.hpp"

namespace needlerig::analysis {

/// Read-only views of a capture's columns (no copies). `force_n` has size 0 when the capture has
/// no force channel. All views have the same length otherwise.
struct SignalSet {
  double sample_rate_hz;
  Eigen::Map<const Eigen::VectorXd> time_s;
  Eigen::Map<const Eigen::VectorXd> protrusion_mm;
  Eigen::Map<const Eigen::VectorXd> force_n;
  /// Size 0: no current channel. No measurement reads it; its data quality is still reported.
  Eigen::Map<const Eigen::VectorXd> motor_current_a{nullptr, 0};
};

/// The metadata lines of a capture ("# key: value"), kept verbatim, with typed views of the keys
/// the analysis uses.
struct CaptureMetadata {
  std::map<std::string, std::string> entries;
  std::optional<double> sample_rate_hz;
  std::optional<double> depth_setting_mm;
  std::optional<int> needle_count;
};

struct Capture {
  std::string source;  // file path, or a short description for in-memory captures
  CaptureMetadata metadata;
  /// The capture's sample rate: `sample_rate_hz` from the metadata where given, else the median
  /// step of `time_s` (spec: capture interchange).
  double sample_rate_hz = 0.0;
  /// 1-based line number in `source` of sample 0; 0 when the capture did not come from a file.
  /// Sample i is on line first_data_line + i.
  std::size_t first_data_line = 0;

  Eigen::VectorXd time_s;
  Eigen::VectorXd protrusion_mm;
  Eigen::VectorXd force_n;          // size 0: no force channel
  Eigen::VectorXd motor_current_a;  // size 0: no current channel

  /// Problems found while reading the source (unparsable numbers, a truncated last line), with
  /// their line numbers. The analysis adds its own findings on the samples (not again a non_finite
  /// finding on the samples these cover).
  std::vector<DataFinding> import_findings;

  std::size_t sample_count() const { return static_cast<std::size_t>(time_s.size()); }
  bool has_force() const { return force_n.size() != 0; }

  SignalSet signals() const {
    return SignalSet{sample_rate_hz,
                     {time_s.data(), time_s.size()},
                     {protrusion_mm.data(), protrusion_mm.size()},
                     {force_n.data(), force_n.size()},
                     {motor_current_a.data(), motor_current_a.size()}};
  }
};

}  // namespace needlerig::analysis
