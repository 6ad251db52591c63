#pragma once
// Exit codes shared by every needlerig subcommand, so that scripts and CI can rely on them.

namespace needlerig::rig::cli {

/// The command did its job (for `analyze`: the capture was analysed, whatever the values).
inline constexpr int kExitOk = 0;
/// A verdict of FAIL (`analyze --plan`, `run`): the pen was measured and is out of its limits.
inline constexpr int kExitFail = 1;
/// Usage error or unusable input: bad options, a file that is not a capture, or a capture from
/// which no measurement at all could be made; and a verdict of ERROR (not measured soundly).
inline constexpr int kExitUsage = 2;

}  // namespace needlerig::rig::cli
