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

Sha256::Sha256() : state_(std::make_unique<crypto_hash_sha256_state>()) {
  ensure_sodium();
  crypto_hash_sha256_init(state_.get());
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view bytes) {
  crypto_hash_sha256_update(state_.get(), reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Sha256::finish_hex() {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(state_.get(), digest.data());
  return to_hex(digest);
}

std::string sha256_hex(std::string_view bytes) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return to_hex(digest);
}

std::string sha256_file(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    throw std::runtime_error(path.string() + ": cannot be read: " + std::strerror(errno));
  }
  Sha256 hash;
  std::vector<char> block(1 << 20);
  while (input) {
    input.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = input.gcount();
    if (got > 0) hash.update(std::string_view(block.data(), static_cast<std::size_t>(got)));
  }
  if (input.bad()) throw std::runtime_error(path.string() + ": read error while hashing");
  return hash.finish_hex();
}

}  // namespace needlerig::rig::record
