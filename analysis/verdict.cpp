#include "analysis/verdict.hpp"

#include <algorithm>

namespace needlerig::analysis {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "PASS";
    case Verdict::marginal:
      return "MARGINAL";
    case Verdict::fail:
      return "FAIL";
    case Verdict::error:
      return "ERROR";
  }
  return "ERROR";
}

Verdict judge(std::optional<double> value, const Limits& limits) {
  if (!value) return Verdict::error;
  const double x = *value;
  if ((limits.lower && x < *limits.lower) || (limits.upper && x > *limits.upper)) {
    return Verdict::fail;
  }
  const double band = limits.guard_band;
  if ((limits.lower && x < *limits.lower + band) || (limits.upper && x > *limits.upper - band)) {
    return Verdict::marginal;
  }
  return Verdict::pass;
}

Verdict combine_verdicts(std::span<const Verdict> verdicts, bool aborted) {
  const auto any = [&](Verdict v) { return std::ranges::find(verdicts, v) != verdicts.end(); };
  if (aborted || any(Verdict::error)) return Verdict::error;
  if (any(Verdict::fail)) return Verdict::fail;
  return Verdict::pass;
}

}  // namespace needlerig::analysis
