// Accuracy of the measurement engine against the independent signal model (tests/independent),
// preset by preset, each over 5 noise realisations: every realisation within the accuracy table
// (counts, stall_count included, exact), the bias (mean error over realisations) within half of
// it. A preset whose configured sensor fault the contract turns into findings must show exactly
// those findings, and whatever measurements still stand must be right.
//
// The presets the engine does not yet hold to the table are listed in kShortfalls with the
// reason; their test case is marked to fail (Catch's [!shouldfail]): it reports when one starts
// to hold, so that it moves to the held list. README.md ("Accuracy") gives the figures.

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "analysis/analyzer.hpp"
#include "tests/independent/independent_capture.hpp"
#include "tests/independent/presets.hpp"
#include "tests/unit/accuracy_table.hpp"

namespace {

namespace ind = needlerig::independent;
using needlerig::analysis::AnalysisResult;

constexpr std::uint64_t kSeeds = 5;

// Presets outside the table today, and why (see README.md, "Accuracy").
const std::set<std::string> kShortfalls = {
    // 1/f protrusion noise: the jitter correction (from the noise probe) is unbiased, but the
    // cross term between the pen's jitter and this much noise scatters cycle-to-cycle jitter by
    // ~1.4 tolerances; period_jitter_pp (raw) and retraction_worst (the largest of noisy
    // per-stroke minima) read about a tolerance high.
    "pink_noise",
    // A load cell ringing at 1.8 kHz with 4 % damping: where a ringing hump peaks within the
    // noise of the contact threshold, whether it was first touch is a coin toss per stroke that
    // moves insertion travel and penetration by a millimetre or more.
    "ringing_load_cell",
    // A puncture peak shorter than a sample at 25 kHz: peak_force_max and insertion travel are
    // within the table on every seed, but their bias is 0.66 and 0.74 of it.
    "sharp_puncture_stiff_cell_25khz",
};

std::set<std::string> finding_names(const AnalysisResult& result) {
  std::set<std::string> names;
  for (const auto& f : result.findings)
    names.insert(std::string(needlerig::analysis::finding_kind_name(f.kind)));
  return names;
}

void check_preset(const std::string& name) {
  needlerig::testing::AccuracyTally tally;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    ind::IndependentCaptureConfig config = ind::preset(name);
    config.seed = seed;
    const ind::IndependentCapture capture = ind::make_independent_capture(config);
    const AnalysisResult result = needlerig::analysis::analyze_capture(capture.capture, {});
    INFO("preset " << name << ", seed " << seed);
    CHECK(finding_names(result) == capture.expected_findings);
    // Where findings null measurements (ERROR, never a pass), the rest must still be right.
    needlerig::testing::MeasurementTruth truth;
    for (const auto& [id, value] : capture.truth) {
      if (capture.expected_findings.empty() || result.value(id)) truth[id] = value;
    }
    tally.add(result, truth);
  }
  INFO("preset " << name);
  tally.check_bias();
}

std::vector<std::string> held_presets() {
  std::vector<std::string> names = ind::preset_names();
  names.erase(std::remove_if(names.begin(), names.end(),
                             [](const std::string& n) { return kShortfalls.count(n) != 0; }),
              names.end());
  return names;
}

}  // namespace

TEST_CASE("Independent model: the accuracy table holds on every preset, 5 seeds each",
          "[accuracy][independent]") {
  for (const std::string& name : held_presets()) {
    DYNAMIC_SECTION(name) { check_preset(name); }
  }
}

TEST_CASE("Independent model: the presets the engine does not yet hold to the table",
          "[accuracy][independent][!shouldfail]") {
  for (const std::string& name : kShortfalls) {
    DYNAMIC_SECTION(name) { check_preset(name); }
  }
}
