#pragma once
// One driver's own settings from a station file, read by that driver's registration when the
// file is loaded (so that a malformed key is refused with its line before anything moves) and
// handed back to it when the drivers are made. Each driver derives its own.

namespace needlerig::rig::station {

struct DriverSettings {
  virtual ~DriverSettings() = default;
};

}  // namespace needlerig::rig::station
