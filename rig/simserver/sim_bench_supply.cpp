#include "rig/simserver/sim_bench_supply.hpp"

#include <algorithm>
#include <cmath>

#include "rig/core/driver_error.hpp"

namespace needlerig::rig::simserver {

namespace {
using scpi::header_matches;
using scpi::ScpiCommandError;

double in_range(double value, double max) {
  if (!(value >= 0.0 && value <= max)) {
    throw ScpiCommandError(scpi::kDataOutOfRange, "Data out of range");
  }
  return value;
}
}  // namespace

SimBenchSupply::SimBenchSupply(core::PenDriver& pen, std::vector<double> level_voltages_v)
    : scpi::ScpiInstrument({"needlerig", "SIM-SUPPLY-30V5A", "SIM-0001", "1.0"}),
      pen_(pen),
      level_voltages_v_(std::move(level_voltages_v)) {
  if (pen_.state() == core::LifecycleState::inactive) pen_.activate();
}

std::optional<std::string> SimBenchSupply::execute(const scpi::ProgramUnit& unit) {
  if (header_matches("[SOURce]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", unit.header)) {
    if (unit.query) return scpi::nr3(voltage_v_);
    voltage_v_ = in_range(scpi::numeric_argument(unit), max_voltage_v());
    apply();
    return std::nullopt;
  }
  if (header_matches("[SOURce]:CURRent[:LEVel][:IMMediate][:AMPLitude]", unit.header)) {
    if (unit.query) return scpi::nr3(current_limit_a_);
    current_limit_a_ = in_range(scpi::numeric_argument(unit), max_current_a());
    return std::nullopt;
  }
  if (header_matches("OUTPut[:STATe]", unit.header)) {
    if (unit.query) return output_on_ ? "1" : "0";
    output_on_ = scpi::boolean_argument(unit);
    apply();
    return std::nullopt;
  }
  if (unit.query && header_matches("MEASure[:SCALar]:VOLTage[:DC]", unit.header)) {
    return scpi::nr3(output_on_ ? voltage_v_ : 0.0);
  }
  if (unit.query && header_matches("MEASure[:SCALar]:CURRent[:DC]", unit.header)) {
    return scpi::nr3(measured_current_a());
  }
  throw ScpiCommandError(scpi::kUndefinedHeader, "Undefined header");
}

void SimBenchSupply::reset() {
  voltage_v_ = 0.0;
  current_limit_a_ = 1.0;
  output_on_ = false;
  apply();
}

void SimBenchSupply::apply() {
  const bool runs =
      output_on_ && !level_voltages_v_.empty() && voltage_v_ >= 0.5 * level_voltages_v_.front();
  if (!runs) {
    pen_.power_off();
    return;
  }
  const auto nearest = std::min_element(
      level_voltages_v_.begin(), level_voltages_v_.end(),
      [this](double a, double b) { return std::abs(a - voltage_v_) < std::abs(b - voltage_v_); });
  try {
    pen_.set_speed_level(static_cast<int>(nearest - level_voltages_v_.begin()) + 1);
    if (!pen_.status().powered) pen_.power_on();
  } catch (const core::DriverError& e) {
    pen_.power_off();
    throw ScpiCommandError(-300, std::string("Device-specific error; ") + e.what());
  }
}

double SimBenchSupply::measured_current_a() const {
  if (!output_on_) return 0.0;
  const auto status = pen_.status();
  return std::min(status.supply_current_a.value_or(0.0), current_limit_a_);
}

}  // namespace needlerig::rig::simserver
