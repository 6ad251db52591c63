#pragma once
// A programmable bench supply powering a pen, as needlerig-sim serves it over SCPI: the common
// Keysight/Rigol command set ([SOURce:]VOLTage, [SOURce:]CURRent, OUTPut[:STATe],
// MEASure:VOLTage?, MEASure:CURRent?). Behind it is a pen role: the output switches the pen's
// motor, and the voltage picks the speed level whose motor voltage (the pen model's
// supply_level_voltages_v) is nearest; below half the lowest, the motor does not start.

#include <optional>
#include <string>
#include <vector>

#include "rig/core/pen_driver.hpp"
#include "rig/scpi/scpi_instrument.hpp"

namespace needlerig::rig::simserver {

class SimBenchSupply final : public scpi::ScpiInstrument {
 public:
  /// `pen` must be configured; the supply activates it (if nothing else has). `level_voltages_v`:
  /// one per speed level.
  SimBenchSupply(core::PenDriver& pen, std::vector<double> level_voltages_v);

  double max_voltage_v() const { return 30.0; }
  double max_current_a() const { return 5.0; }

 protected:
  std::optional<std::string> execute(const scpi::ProgramUnit& unit) override;
  void reset() override;

 private:
  void apply();
  double measured_current_a() const;

  core::PenDriver& pen_;
  std::vector<double> level_voltages_v_;
  double voltage_v_ = 0.0;
  double current_limit_a_ = 1.0;
  bool output_on_ = false;
};

}  // namespace needlerig::rig::simserver
