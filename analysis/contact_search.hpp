#pragma once
// The first touch of a stroke (measurement contract): where force - F_base,n first exceeds the
// contact threshold in the extension phase. The load cell's noise is comparable to the threshold,
// so a rise counts as contact once it stands well above it, and the crossing is searched back
// from there; a hump before it that peaks near the threshold (a load cell still ringing from the
// last retraction) is weighed separately, because the contract's first exceedance may be there.

#include <cstddef>
#include <optional>

#include "analysis/force_window.hpp"
#include "analysis/local_fit.hpp"
#include "analysis/stroke_extrema.hpp"

namespace needlerig::analysis {

struct ContactFinding {
  double index = 0.0;           // fractional sample index of first touch
  double index_variance = 0.0;  // samples^2, from the force noise through the crossing's fit
  /// The place less a check fit's over half the width (samples; nullopt: no check), and that
  /// difference's variance from noise alone: the chosen fit's misfit, for the uncertainty.
  std::optional<double> check_difference;
  double check_variance = 0.0;
  std::size_t below = 0;          // phase index: last smoothed sample at or under the threshold
  bool above_from_start = false;  // already above where the phase starts: contact at its start
  /// Phase index the puncture search starts from: the contact's rise.
  std::size_t rise() const { return above_from_start ? 0 : below + 1; }
};

/// The contact of the extension phase, or nullopt where the force never exceeds the threshold.
std::optional<ContactFinding> find_contact(LocalFitter& fitter, const ExtensionPhase& phase,
                                           const ForceWindowSettings& settings);

/// A hump of the force before a contact's rise that may have crossed the threshold.
struct EarlierHump {
  Extremum top;                // its fitted maximum on the raw force
  double crossed_probability;  // that the noise-free maximum exceeds the threshold
  /// The contact at its rise, where the smoothed hump exceeds the threshold.
  std::optional<ContactFinding> contact;
  /// Falls back into the valley after it by the puncture fraction of its rise: the contract's
  /// puncture too (the needles advance out of the valley).
  bool punctures = false;
};

/// The highest significant hump before `contact` (nullopt: none, or the contact is at the phase's
/// start).
std::optional<EarlierHump> find_earlier_hump(LocalFitter& fitter, const ExtensionPhase& phase,
                                             const ContactFinding& contact,
                                             const ForceWindowSettings& settings);

}  // namespace needlerig::analysis
