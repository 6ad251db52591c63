#pragma once
// Exit codes shared by every needlerig subcommand, so that scripts and CI can rely on them.

namespace needlerig::rig::cli {

/// The command did its job (for `analyze`: the capture was analysed, whatever the values).
inline constexpr int kExitOk = 0;
/// Usage error or unusable input: bad options, a file that is not a capture, or a capture from
/// which no measurement at all could be made.
inline constexpr int kExitUsage = 2;

}  // namespace needlerig::rig::cli
