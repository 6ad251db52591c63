#include "rig/station/driver_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <string_view>

#include "rig/config/config_error.hpp"
#include "rig/sim/sim_dial_actuator.hpp"
#include "rig/sim/sim_motion_axis.hpp"
#include "rig/sim/sim_pen_driver.hpp"
#include "rig/sim/sim_stream_source.hpp"
#include "rig/station/scpi_burst_station.hpp"
#include "rig/station/scpi_supply_station.hpp"
#include "rig/station/service_port_station.hpp"
#include "rig/station/sigrok_station.hpp"
#include "rig/station/sim_drivers.hpp"
#include "rig/station/stream_tcp_station.hpp"
#include "rig/station/zaber_station.hpp"

namespace needlerig::rig::station {
namespace {

/// What the factories of one station share while its drivers are made: the station file, the
/// options, and the world its simulated roles share (made by the first of them).
class DriverBuild {
 public:
  DriverBuild(const StationConfig& config, const DriverOptions& options, Drivers& out)
      : config_(config), options_(options), out_(out) {}

  std::shared_ptr<sim::SimWorld> sim_world() {
    if (out_.sim_world) return out_.sim_world;
    out_.sim_world = make_sim_world(config_, options_);
    out_.seed = out_.sim_world->config().seed;
    out_.simulation = out_.sim_world->config().mode == sim::SimMode::fast ? "fast" : "real time";
    // The simulated operator's hand turns the simulated pen's dial.
    out_.dial = std::make_unique<sim::SimDialActuator>(out_.sim_world);
    return out_.sim_world;
  }

  /// The settings the loader read for `driver` (DriverSettings of type Settings).
  template <typename Settings>
  const Settings& settings(const char* driver) const {
    const auto found = config_.driver_settings.find(driver);
    const auto* settings = found == config_.driver_settings.end()
                               ? nullptr
                               : dynamic_cast<const Settings*>(found->second.get());
    if (settings == nullptr) {
      throw config::ConfigError(config_.file.string(), 0, driver,
                                "the station was not loaded with this driver's settings");
    }
    return *settings;
  }

 private:
  const StationConfig& config_;
  const DriverOptions& options_;
  Drivers& out_;
};

template <typename Role>
using Factories = std::map<std::string_view, std::function<std::unique_ptr<Role>(DriverBuild&)>>;

// The drivers a station file can name, per role. Real drivers add their names here.
const Factories<core::StreamSource>& daq_drivers() {
  static const Factories<core::StreamSource> drivers{
      {kSimDriver,
       [](DriverBuild& b) { return std::make_unique<sim::SimStreamSource>(b.sim_world()); }},
      {kStreamTcpDriver,
       [](DriverBuild& b) {
         return std::make_unique<drivers::StreamTcpSource>(
             b.settings<StreamTcpDriverSettings>(kStreamTcpDriver).daq);
       }},
      {kScpiBurstDriver,
       [](DriverBuild& b) {
         return std::make_unique<drivers::ScpiBurstSource>(
             b.settings<ScpiBurstDriverSettings>(kScpiBurstDriver).daq);
       }},
      {kSigrokDriver,
       [](DriverBuild& b) {
         return std::make_unique<drivers::SigrokSource>(
             b.settings<SigrokDriverSettings>(kSigrokDriver).daq);
       }},
  };
  return drivers;
}
const Factories<core::MotionAxis>& axis_drivers() {
  static const Factories<core::MotionAxis> drivers{
      {kSimDriver,
       [](DriverBuild& b) { return std::make_unique<sim::SimMotionAxis>(b.sim_world()); }},
      {kZaberDriver,
       [](DriverBuild& b) {
         return std::make_unique<drivers::ZaberAxis>(
             b.settings<ZaberDriverSettings>(kZaberDriver).axis);
       }},
  };
  return drivers;
}
const Factories<core::PenDriver>& pen_drivers() {
  static const Factories<core::PenDriver> drivers{
      {kSimDriver,
       [](DriverBuild& b) { return std::make_unique<sim::SimPenDriver>(b.sim_world()); }},
      {kScpiSupplyDriver,
       [](DriverBuild& b) {
         return std::make_unique<drivers::ScpiSupplyPen>(
             b.settings<ScpiSupplyDriverSettings>(kScpiSupplyDriver).pen);
       }},
      {kServicePortDriver,
       [](DriverBuild& b) {
         return std::make_unique<drivers::ServicePortPen>(
             b.settings<ServicePortDriverSettings>(kServicePortDriver).pen);
       }},
  };
  return drivers;
}

/// A driver's own keys in a role's node.
struct RoleKeys {
  std::string_view role;
  std::string_view driver;
  std::vector<std::string_view> keys;
};
const std::vector<RoleKeys>& role_keys() {
  static const std::vector<RoleKeys> table{
      {"pen", kSimDriver, {"model"}},  // the simulated pen's model file
      {"pen", kScpiSupplyDriver, scpi_supply_keys()},
      {"pen", kServicePortDriver, service_port_keys()},
      {"daq", kStreamTcpDriver, stream_tcp_keys()},
      {"daq", kScpiBurstDriver, scpi_burst_keys()},
      {"daq", kSigrokDriver, sigrok_keys()},
      {"axis", kZaberDriver, zaber_keys()},
  };
  return table;
}

/// Top-level nodes of a station file that belong to one driver, and that driver.
const std::map<std::string_view, std::string_view>& driver_nodes() {
  static const std::map<std::string_view, std::string_view> nodes{
      {"sim", kSimDriver},
      {"phantom", kSimDriver},
  };
  return nodes;
}

using SettingsReader = std::function<std::shared_ptr<const DriverSettings>(const config::YamlMap&,
                                                                           const StationConfig&)>;
const std::map<std::string_view, SettingsReader>& settings_readers() {
  static const std::map<std::string_view, SettingsReader> readers{
      {kSimDriver, read_sim_settings},
      {kScpiSupplyDriver, read_scpi_supply_settings},
      {kServicePortDriver, read_service_port_settings},
      {kStreamTcpDriver, read_stream_tcp_settings},
      {kScpiBurstDriver, read_scpi_burst_settings},
      {kSigrokDriver, read_sigrok_settings},
      {kZaberDriver, read_zaber_settings},
  };
  return readers;
}

template <typename Role>
std::vector<std::string> names_of(const Factories<Role>& factories) {
  std::vector<std::string> names;
  for (const auto& [name, unused] : factories) names.emplace_back(name);
  return names;
}

/// The factory for the role's driver name; every name is checked before any driver is made.
template <typename Role>
const typename Factories<Role>::mapped_type& factory_for(const Factories<Role>& factories,
                                                         std::string_view role,
                                                         const std::string& name,
                                                         const StationConfig& config) {
  const auto factory = factories.find(name);
  if (factory == factories.end()) {
    throw config::ConfigError(config.file.string(), 0, std::string(role) + ".driver",
                              "no driver named '" + name + "' (known: " +
                                  fmt::format("{}", fmt::join(names_of(factories), ", ")) + ")");
  }
  return factory->second;
}

}  // namespace

std::vector<std::string> known_drivers(std::string_view role) {
  if (role == "daq") return names_of(daq_drivers());
  if (role == "axis") return names_of(axis_drivers());
  if (role == "pen") return names_of(pen_drivers());
  return {};
}

std::vector<std::string_view> driver_keys(std::string_view role, std::string_view driver) {
  std::vector<std::string_view> keys;
  for (const RoleKeys& entry : role_keys()) {
    if (entry.role == role && entry.driver == driver) {
      keys.insert(keys.end(), entry.keys.begin(), entry.keys.end());
    }
  }
  return keys;
}

std::vector<std::string_view> all_driver_keys(std::string_view role) {
  std::vector<std::string_view> keys;
  for (const RoleKeys& entry : role_keys()) {
    if (entry.role == role) keys.insert(keys.end(), entry.keys.begin(), entry.keys.end());
  }
  return keys;
}

void read_driver_settings(const config::YamlMap& root, StationConfig& station) {
  const std::array<const std::string*, 3> named{&station.daq_driver, &station.axis_driver,
                                                &station.pen_driver};
  const auto is_named = [&named](std::string_view driver) {
    return std::ranges::any_of(named, [driver](const std::string* n) { return *n == driver; });
  };
  for (const auto& [node, driver] : driver_nodes()) {
    if (root.has(node) && !is_named(driver)) {
      root.fail(node, fmt::format("is read by the '{}' driver only, and no role names it", driver));
    }
  }
  for (const auto& [driver, read] : settings_readers()) {
    if (is_named(driver)) station.driver_settings[std::string(driver)] = read(root, station);
  }
}

Drivers make_drivers(const StationConfig& config, const DriverOptions& options) {
  const auto& make_daq = factory_for(daq_drivers(), "daq", config.daq_driver, config);
  const auto& make_axis = factory_for(axis_drivers(), "axis", config.axis_driver, config);
  const auto& make_pen = factory_for(pen_drivers(), "pen", config.pen_driver, config);
  Drivers out;
  DriverBuild build(config, options, out);
  out.daq = make_daq(build);
  out.axis = make_axis(build);
  out.pen = make_pen(build);
  return out;
}

}  // namespace needlerig::rig::station
