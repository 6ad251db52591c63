#include "rig/record/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace needlerig::rig::record {
namespace {

std::runtime_error io_error(const std::filesystem::path& path, std::string_view what) {
  return std::runtime_error(path.string() + ": " + std::string(what) + ": " + std::strerror(errno));
}

// fsync of a file or a directory by path; a record that the operator saw as written must survive
// a power cut right after.
void sync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw io_error(path, "cannot be opened to sync");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw io_error(path, "cannot be synced to disk");
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path&)>& write) {
  auto temporary = path;
  temporary += ".tmp";
  try {
    write(temporary);
    sync_path(temporary, O_RDONLY);
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw std::runtime_error(path.string() + ": cannot be put in place: " + ec.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  auto directory = path.parent_path();
  sync_path(directory.empty() ? std::filesystem::path(".") : directory, O_RDONLY | O_DIRECTORY);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  write_file_atomically(path, [bytes](const std::filesystem::path& temporary) {
    std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
    if (!output) throw io_error(temporary, "cannot be created");
    output.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    output.close();
    if (!output) throw io_error(temporary, "cannot be written");
  });
}

}  // namespace needlerig::rig::record
