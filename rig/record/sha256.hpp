#pragma once
// SHA-256 (libsodium's crypto_hash_sha256) of files and bytes, as lowercase hex: the identity of
// every file a run record names (inputs it read, captures and renderings it wrote).

#include <filesystem>
#include <string>
#include <string_view>

namespace needlerig::rig::record {

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Lowercase hex SHA-256 of the file's bytes, read in blocks (captures can be hundreds of MB).
/// Throws std::runtime_error naming the path when it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace needlerig::rig::record
