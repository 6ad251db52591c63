#pragma once
// Exit codes shared by every needlerig subcommand, so that scripts and CI can rely on them.

#include "analysis/verdict.hpp"

namespace needlerig::rig::cli {

/// The command did its job (for `analyze`: the capture was analysed, whatever the values).
inline constexpr int kExitOk = 0;
/// A verdict of FAIL (`analyze --plan`, `run`): the pen was measured and is out of its limits.
inline constexpr int kExitFail = 1;
/// Usage error or unusable input: bad options, a file that is not a capture, or a capture from
/// which no measurement at all could be made; and a verdict of ERROR (not measured soundly).
inline constexpr int kExitUsage = 2;

/// The exit code of a judged run or capture: PASS and MARGINAL 0, FAIL 1, ERROR 2.
constexpr int exit_code_for(analysis::Verdict verdict) {
  switch (verdict) {
    case analysis::Verdict::pass:
    case analysis::Verdict::marginal:
      return kExitOk;
    case analysis::Verdict::fail:
      return kExitFail;
    case analysis::Verdict::error:
      return kExitUsage;
  }
  return kExitUsage;
}

}  // namespace needlerig::rig::cli
