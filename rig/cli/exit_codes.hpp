#pragma once
// Exit codes shared by every needlerig subcommand, so that scripts and CI can tell a bad pen from a
// bad rig from a misconfiguration:
//
//   0  PASS (MARGINAL included), or for `analyze` without --plan: the capture was analysed
//   1  FAIL: the pen was measured and is out of its limits
//   2  ERROR: the rig or the data failed (a sensor fault, a disconnect, an abort, a capture from
//      which nothing could be measured); a run record is kept where a run started
//   3  refused: a usage error, or a plan, station, capture file or output that cannot be used;
//      nothing moved and nothing was recorded

#include "analysis/verdict.hpp"

namespace needlerig::rig::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFail = 1;
inline constexpr int kExitError = 2;
inline constexpr int kExitRefused = 3;

/// The exit code of a judged run or capture: PASS and MARGINAL 0, FAIL 1, ERROR 2.
constexpr int exit_code_for(analysis::Verdict verdict) {
  switch (verdict) {
    case analysis::Verdict::pass:
    case analysis::Verdict::marginal:
      return kExitOk;
    case analysis::Verdict::fail:
      return kExitFail;
    case analysis::Verdict::error:
      return kExitError;
  }
  return kExitError;
}

}  // namespace needlerig::rig::cli
