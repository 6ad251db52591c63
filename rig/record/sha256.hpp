#pragma once
// SHA-256 (libsodium's crypto_hash_sha256) of files and bytes, as lowercase hex: the identity of
// every file a run record names (inputs it read, captures and renderings it wrote).

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct crypto_hash_sha256_state;  // libsodium's, kept out of this header

namespace needlerig::rig::record {

/// SHA-256 of bytes fed in pieces (a file as it is written, without reading it back).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view bytes);
  /// Lowercase hex of the digest of everything fed; the hasher is spent afterwards.
  std::string finish_hex();

 private:
  std::unique_ptr<crypto_hash_sha256_state> state_;
};

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Lowercase hex SHA-256 of the file's bytes, read in blocks (captures can be hundreds of MB).
/// Throws std::runtime_error naming the path when it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace needlerig::rig::record
