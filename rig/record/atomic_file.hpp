#pragma once
// Writing a file so that it is either absent or complete, never half-written: the content goes to
// a temporary file beside it, which is flushed to disk and then renamed over the final name (rename
// is atomic within a directory on POSIX file systems). A crash or a full disk leaves at most a
// stray "*.tmp" file, never a truncated record.

#include <filesystem>
#include <functional>
#include <string_view>

namespace needlerig::rig::record {

/// Calls `write(temporary_path)` to produce the file, then syncs it and renames it to `path`.
/// `write` must throw when it fails; the temporary file is removed then and the error passed on.
/// Throws std::runtime_error naming `path` when the sync or the rename fails.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path&)>& write);

/// The same for bytes already in memory.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace needlerig::rig::record
