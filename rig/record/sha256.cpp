#include "rig/record/sha256.hpp"

#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace needlerig::rig::record {
namespace {

// sodium_init() is idempotent and thread-safe; it picks the fastest implementation at run time.
void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string to_hex(const std::array<unsigned char, crypto_hash_sha256_BYTES>& digest) {
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return to_hex(digest);
}

std::string sha256_file(const std::filesystem::path& path) {
  ensure_sodium();
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    throw std::runtime_error(path.string() + ": cannot be read: " + std::strerror(errno));
  }
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> block(1 << 20);
  while (input) {
    input.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = input.gcount();
    if (got > 0) {
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(block.data()),
                                static_cast<unsigned long long>(got));
    }
  }
  if (input.bad()) throw std::runtime_error(path.string() + ": read error while hashing");
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return to_hex(digest);
}

}  // namespace needlerig::rig::record
