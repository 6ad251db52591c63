#pragma once
// Role: the pen under test. Pens differ in what they let a rig set: some take a nominal stroke
// frequency, some only speed levels, few let the depth be set electrically (most have a dial the
// operator turns). PenCapabilities says which; the sequencer prompts the operator for the rest.
//
// Lifecycle (lifecycle.hpp): configure() identifies the pen; activate() makes it ready to run;
// power_on() starts the motor at the current speed. power_off() is accepted in every state and
// stops the motor. A pen that stops answering moves to fault.
//
// Threads: one thread (the sequencer's) makes the calls, except power_off(), which any thread may
// call at any time, also while another call is in progress: an operator's abort and a safety trip
// switch the pen off from their own threads without waiting for the sequencer.
//
// What a real pen does that the simulated one hides: its motor takes tens of milliseconds to
// spin up and to stop after power_off() (the rig waits for the strokes to settle before it
// captures, and never assumes the needles still the instant the call returns); a bench supply or
// a service port answers over a serial line or socket in milliseconds, late or not at all (the
// driver's deadline turns that into a DriverError, and the pen moves to fault); a supply in
// current limit or a stalled motor shows only in the current and the strokes, never as an error;
// and a firmware may round a speed or depth it accepts without saying so (status() says what it
// runs at, where the pen reports it).

#include <optional>
#include <string>

#include "rig/core/instrument_health.hpp"
#include "rig/core/lifecycle.hpp"

namespace needlerig::rig::core {

struct PenIdentity {
  std::string model;
  std::string serial;
  std::string cartridge_lot;
  int needle_count = 0;
};

struct PenCapabilities {
  bool sets_frequency = false;    // accepts a nominal stroke frequency
  double frequency_min_hz = 0.0;  // the range it accepts, where sets_frequency
  double frequency_max_hz = 0.0;
  int speed_levels = 0;     // number of discrete speed levels (0: none)
  bool sets_depth = false;  // the depth can be set electrically
  // The depth setting's range and step (electrical or the dial's); a step of 0: continuous.
  double depth_min_mm = 0.0;
  double depth_max_mm = 0.0;
  double depth_step_mm = 0.0;
};

struct PenStatus {
  bool powered = false;
  bool fault = false;
  std::optional<double> depth_setting_mm;  // where the pen reports it
  std::optional<double> supply_current_a;  // where the driver can read it
};

class PenDriver {
 public:
  virtual ~PenDriver() = default;

  virtual void configure(const PenIdentity& identity) = 0;
  virtual void activate() = 0;
  virtual void deactivate() = 0;
  virtual LifecycleState state() const = 0;

  virtual const PenIdentity& identity() const = 0;
  virtual PenCapabilities capabilities() const = 0;

  virtual void set_speed_level(int level) = 0;
  virtual void set_frequency_hz(double frequency_hz) = 0;
  virtual void set_depth_mm(double depth_mm) = 0;
  virtual void power_on() = 0;
  virtual void power_off() noexcept = 0;
  virtual PenStatus status() const = 0;

  /// The instrument's identity and its line's record so far (the run record keeps it).
  virtual InstrumentHealth health() const { return {}; }
};

}  // namespace needlerig::rig::core
