#include "rig/station/station_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace needlerig::rig::station {
namespace fs = std::filesystem;

namespace {

fs::path lock_directory() {
  const char* dir = std::getenv("NEEDLERIG_LOCK_DIR");
  return dir != nullptr && *dir != '\0' ? fs::path(dir) : fs::path("/run/lock");
}

/// The station's name as a file name: letters, digits, '-', '_' and '.' kept, the rest '_'.
std::string file_name_for(const std::string& station_name) {
  std::string safe;
  for (const char c : station_name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    safe += keep ? c : '_';
  }
  return "needlerig-station-" + safe + ".lock";
}

std::string holder_of(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return "another process";
  std::string pid(text, static_cast<std::size_t>(n));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return "process " + pid;
}

}  // namespace

StationLock StationLock::acquire(const std::string& station_name) {
  const fs::path path = lock_directory() / file_name_for(station_name);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw StationBusy("station '" + station_name + "': its lock file " + path.string() +
                      " cannot be opened: " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string holder = error == EWOULDBLOCK ? holder_of(fd) : std::string();
    ::close(fd);
    throw StationBusy(error == EWOULDBLOCK
                          ? "station '" + station_name + "' is in use by another run (" + holder +
                                ", lock " + path.string() + ")"
                          : "station '" + station_name + "': cannot lock " + path.string() + ": " +
                                std::strerror(error));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return StationLock(path, fd);
}

std::optional<StationLock> StationLock::acquire_for(const StationConfig& config) {
  if (!has_real_instruments(config)) return std::nullopt;
  return acquire(config.name);
}

StationLock::~StationLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

bool has_real_instruments(const StationConfig& config) {
  return config.daq_driver != "sim" || config.axis_driver != "sim" || config.pen_driver != "sim";
}

}  // namespace needlerig::rig::station
