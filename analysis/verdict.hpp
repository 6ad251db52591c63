#pragma once
// Verdicts (spec: verdicts): a measured value against its limits, with an optional guard band.
//
//   value null (not measured soundly)                 -> ERROR
//   value outside [lower, upper]                      -> FAIL
//   value inside, but within the guard band of a limit -> MARGINAL (passes, flagged)
//   otherwise                                         -> PASS
//
// A guard band comes from the plan directly, or from the expanded measurement uncertainty U of the
// measurement (guard band = U: the simple acceptance rule of ISO 14253-1, which keeps a value that
// passes at least U away from a limit before it is called a clean PASS).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace needlerig::analysis {

enum class Verdict : std::uint8_t { pass, marginal, fail, error };

/// "PASS", "MARGINAL", "FAIL", "ERROR".
std::string_view verdict_name(Verdict verdict);

/// Acceptance limits of one measurement, in the measurement's unit. Either bound may be open.
struct Limits {
  std::optional<double> lower;
  std::optional<double> upper;
  double guard_band = 0.0;  // >= 0; inside the limits but closer than this to one: MARGINAL

  /// nominal +/- tolerance.
  static Limits around(double nominal, double tolerance, double guard_band = 0.0) {
    return Limits{nominal - tolerance, nominal + tolerance, guard_band};
  }
};

Verdict judge(std::optional<double> value, const Limits& limits);

/// The run's verdict from its measurements' verdicts: ERROR if any errored (or the run was
/// aborted), else FAIL if any failed, else PASS. MARGINAL measurements pass.
Verdict combine_verdicts(std::span<const Verdict> verdicts, bool aborted = false);

}  // namespace needlerig::analysis
