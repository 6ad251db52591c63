// needlerig-accuracy-report: the measurement engine against the truth of the independent signal
// model, per preset (or random configurations), over several noise realisations: for each id the
// bias (mean error) and the worst error, both as fractions of the accuracy table's tolerance, and
// the realisations outside it. For engineers; the tests hold the same numbers to the table.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/analyzer.hpp"
#include "tests/accuracy/timing_bound.hpp"
#include "tests/independent/independent_capture.hpp"
#include "tests/independent/presets.hpp"
#include "tests/unit/accuracy_table.hpp"

namespace {

using needlerig::analysis::MeasurementId;
namespace ind = needlerig::independent;

struct IdStats {
  std::vector<double> relative_errors;  // error / tolerance, per realisation
  int missing = 0;                      // no value where the truth has one
};

// Spread of the period_mean and stroke_frequency errors against the Cramer-Rao bound
// (timing_bound.hpp), as RMS over the realisations.
struct BoundStats {
  double period_error_ss = 0.0, period_bound_ss = 0.0;
  double frequency_error_ss = 0.0, frequency_bound_ss = 0.0;
  double period_rising_bound_ss = 0.0;
  int count = 0;
};

void add_bound(BoundStats& b, const ind::IndependentCapture& c,
               const needlerig::analysis::AnalysisResult& result, double noise_rms_mm) {
  const auto bound = needlerig::testing::timing_bound(c, noise_rms_mm);
  const auto period = result.value(MeasurementId::period_mean);
  const auto frequency = result.value(MeasurementId::stroke_frequency);
  if (!period || !frequency || !std::isfinite(bound.period_mean_s)) return;
  b.period_error_ss += std::pow(*period - c.truth.at(MeasurementId::period_mean), 2);
  b.frequency_error_ss += std::pow(*frequency - c.truth.at(MeasurementId::stroke_frequency), 2);
  b.period_bound_ss += bound.period_mean_s * bound.period_mean_s;
  b.frequency_bound_ss += bound.stroke_frequency_hz * bound.stroke_frequency_hz;
  b.period_rising_bound_ss += bound.period_mean_rising_s * bound.period_mean_rising_s;
  ++b.count;
}

void print_bound(const BoundStats& b) {
  if (b.count == 0) return;
  const double n = b.count;
  const double period_spread = std::sqrt(b.period_error_ss / n);
  const double period_bound = std::sqrt(b.period_bound_ss / n);
  const double frequency_spread = std::sqrt(b.frequency_error_ss / n);
  const double frequency_bound = std::sqrt(b.frequency_bound_ss / n);
  const double rising_bound = std::sqrt(b.period_rising_bound_ss / n);
  fmt::print(
      "  Cramer-Rao: period_mean RMS error {:.3g} ns, bound {:.3g} ns (ratio {:.2f}), "
      "rising edges alone {:.3g} ns (ratio {:.2f}); stroke_frequency RMS error {:.3g} "
      "mHz, bound {:.3g} mHz (ratio {:.2f})\n",
      period_spread * 1e9, period_bound * 1e9, period_spread / period_bound, rising_bound * 1e9,
      period_spread / rising_bound, frequency_spread * 1e3, frequency_bound * 1e3,
      frequency_spread / frequency_bound);
}

void report(const std::string& name, const std::vector<ind::IndependentCaptureConfig>& configs) {
  std::map<MeasurementId, IdStats> stats;
  BoundStats bound;
  std::string findings;
  for (const auto& config : configs) {
    const auto c = ind::make_independent_capture(config);
    const auto result = needlerig::analysis::analyze_capture(c.capture, {});
    if (result.findings.empty()) add_bound(bound, c, result, config.sensors.protrusion.white_rms);
    for (const auto& f : result.findings) {
      findings += fmt::format(" {}:{}", needlerig::analysis::finding_kind_name(f.kind),
                              needlerig::analysis::channel_id(f.channel));
    }
    for (const auto& info : needlerig::analysis::kMeasurements) {
      const auto t = c.truth.find(info.id);
      if (t == c.truth.end() || std::isnan(t->second)) continue;
      const auto value = result.value(info.id);
      auto& s = stats[info.id];
      if (!value) {
        ++s.missing;
        continue;
      }
      const double tolerance = needlerig::testing::tolerance_of(info.id).of(t->second);
      const double error = *value - t->second;
      s.relative_errors.push_back(tolerance > 0.0 ? error / tolerance
                                                  : (error == 0.0 ? 0.0 : 99.0));
    }
  }
  fmt::print("== {} ({} realisations){}\n", name, configs.size(),
             findings.empty() ? "" : ", findings:" + findings.substr(0, 200));
  for (const auto& [id, s] : stats) {
    double sum = 0.0, worst = 0.0;
    int outside = 0;
    for (const double r : s.relative_errors) {
      sum += r;
      worst = std::max(worst, std::abs(r));
      outside += std::abs(r) > 1.0 ? 1 : 0;
    }
    const double bias =
        s.relative_errors.empty() ? 0.0 : sum / static_cast<double>(s.relative_errors.size());
    const bool bad = outside > 0 || std::abs(bias) > 0.5 || s.missing > 0;
    fmt::print("  {:<26} bias {:+7.2f}  worst {:7.2f}  outside {:2}  missing {:2}{}\n",
               needlerig::analysis::measurement_info(id).name, bias, worst, outside, s.missing,
               bad ? "   <--" : "");
  }
  print_bound(bound);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The measurement engine against the independent model's truth"};
  std::vector<std::string> presets;
  int seeds = 5;
  int random = 0;
  app.add_option("--preset", presets, "Presets (default: all)");
  app.add_option("--seeds", seeds, "Noise realisations per preset")->check(CLI::Range(1, 1000));
  app.add_option("--random", random, "Random configurations instead of presets");
  CLI11_PARSE(app, argc, argv);
  if (random > 0) {
    std::vector<ind::IndependentCaptureConfig> configs;
    for (int k = 1; k <= random; ++k) {
      const auto config = ind::random_config(static_cast<std::uint64_t>(k));
      report(fmt::format("random {}", k), {config});
    }
    return 0;
  }
  if (presets.empty()) presets = ind::preset_names();
  for (const auto& name : presets) {
    std::vector<ind::IndependentCaptureConfig> configs;
    for (int s = 1; s <= seeds; ++s) {
      auto config = ind::preset(name);
      config.seed = static_cast<std::uint64_t>(s);
      configs.push_back(config);
    }
    report(name, configs);
  }
  return 0;
}
