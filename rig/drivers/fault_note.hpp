#pragma once
// Why a driver's role went to fault, kept for the run's messages and record: written by the
// thread that found the failure (a DAQ's acquisition thread), read by the sequencer's.

#include <mutex>
#include <string>

namespace needlerig::rig::drivers {

class FaultNote {
 public:
  /// Keeps the first reason: what came after it is a consequence.
  void note(const std::string& reason) {
    std::lock_guard lock(mutex_);
    if (text_.empty()) text_ = reason;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    text_.clear();
  }
  std::string text() const {
    std::lock_guard lock(mutex_);
    return text_;
  }

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

}  // namespace needlerig::rig::drivers
