#pragma once
// The puncture of a stroke (measurement contract): the first local force maximum from contact on
// in the extension phase that is followed, while the needles still advance, by a drop of the
// puncture fraction of its rise over F_base,n.

#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/force_window.hpp"
#include "analysis/local_fit.hpp"

namespace needlerig::analysis {

struct PunctureFinding {
  bool punctured = false;
  double index = 0.0;           // fractional index of the puncture force maximum
  double index_variance = 0.0;  // samples^2, from the force noise and the maximum's shape
  /// The place less a check fit's over half the width (samples; nullopt: no check), and that
  /// difference's variance from noise alone: the chosen fit's misfit, for the uncertainty.
  std::optional<double> check_difference;
  double check_variance = 0.0;
  /// The decision the other way: no puncture where one was found, or one at `index` (the nearest
  /// miss) where none was.
  ForceDecisionDoubt flip;
  /// A candidate before the puncture found that missed the drop fraction narrowly: an earlier
  /// puncture at `index`.
  ForceDecisionDoubt earlier;
};

/// The puncture searched from phase index `from` (the contact's rise) to the phase's end. The
/// smoothed force finds candidates; the drop fraction is judged on the raw force's fitted
/// extremes. `scratch` is reused between calls.
PunctureFinding find_puncture(LocalFitter& fitter, const ExtensionPhase& phase, std::size_t from,
                              const ForceWindowSettings& settings, std::vector<double>& scratch);

}  // namespace needlerig::analysis
