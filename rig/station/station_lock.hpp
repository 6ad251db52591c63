#pragma once
// One run at a time on a station with real instruments: a second run would command the same pen
// and stage. The lock is an advisory flock(2) on a file named after the station, held for the
// whole run and released by the kernel however the process ends (no stale lock after a crash).
// Simulated stations are not locked: each run has its own simulated world, and CI runs them side
// by side.
//
// The lock files live in $NEEDLERIG_LOCK_DIR, else /run/lock (Debian's world-writable tmpfs for
// lock files), as needlerig-station-<name>.lock; the holder's pid is written into it, for the
// message a second run gets.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

/// The station is in use by another run, or its lock file cannot be had.
class StationBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StationLock {
 public:
  /// Takes the station's lock, or throws StationBusy naming the station and the holder's pid.
  static StationLock acquire(const std::string& station_name);
  /// The lock a run on `config` needs: none when every role is simulated.
  static std::optional<StationLock> acquire_for(const StationConfig& config);

  StationLock(StationLock&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
    other.fd_ = -1;
  }
  StationLock& operator=(StationLock&& other) noexcept {
    std::swap(path_, other.path_);
    std::swap(fd_, other.fd_);
    return *this;
  }
  StationLock(const StationLock&) = delete;
  ~StationLock();

  const std::filesystem::path& path() const { return path_; }

 private:
  StationLock(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::filesystem::path path_;
  int fd_ = -1;
};

/// True when any role of the station is played by a real (not simulated) driver.
bool has_real_instruments(const StationConfig& config);

}  // namespace needlerig::rig::station
