#pragma once
// A burst-capture DAQ, as needlerig-sim serves it over SCPI (docs/burst-daq.md): it captures
// bursts of ACQ:POIN samples of every channel at ACQ:SRAT into its memory, back to back from the
// trigger (INIT with TRIG:SOUR IMM, or *TRG with TRIG:SOUR BUS) until ABOR, and hands the oldest
// burst over as a binary block (FETC:DATA?). A burst that finds the memory full is lost and
// counted (ACQ:OVER?): the next burst's start index (FETC:STAR?) then jumps.
//
// Behind it is a stream source (the simulated DAQ), read when the controller asks how many bursts
// are ready (FETC:COUN?): whatever the source has due. A source that is not free-running (fast
// mode) is read until one burst is ready: one burst each time it is asked, so a controller that
// polls runs the world ahead of its own commands; whole runs use real time.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/stream_source.hpp"
#include "rig/scpi/scpi_instrument.hpp"

namespace needlerig::rig::simserver {

class SimBurstDaq final : public scpi::ScpiInstrument {
 public:
  /// `initial`: the rate until ACQ:SRAT, and the channels (their ids are ACQ:CHAN?).
  SimBurstDaq(core::StreamSource& source, core::StreamConfig initial);

  /// Samples of each channel the memory holds (whole bursts only).
  static constexpr std::size_t kMemorySamples = 4'000'000;

 protected:
  std::optional<std::string> execute(const scpi::ProgramUnit& unit) override;
  void reset() override;
  void trigger() override;

 private:
  struct Burst {
    std::uint64_t first_sample_index = 0;
    std::vector<std::int32_t> codes;  // interleaved by sample
  };

  void start();
  void abort();
  /// Reads what the source has due into bursts (see above).
  void pull();
  void append(const core::SampleBlock& block);
  std::string fetch_data();
  std::size_t channel_count() const { return config_.channels.size(); }

  core::StreamSource& source_;
  core::StreamConfig config_;
  double initial_rate_hz_;
  std::size_t points_ = 10'000;
  bool bus_trigger_ = false;
  bool armed_ = false;    // INIT seen, waiting for *TRG
  bool running_ = false;  // capturing
  std::deque<Burst> memory_;
  Burst building_;
  std::uint64_t overruns_ = 0;
  core::SampleBlock scratch_;
};

}  // namespace needlerig::rig::simserver
