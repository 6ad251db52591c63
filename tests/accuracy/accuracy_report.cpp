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

void report(const std::string& name, const std::vector<ind::IndependentCaptureConfig>& configs) {
  std::map<MeasurementId, IdStats> stats;
  std::string findings;
  for (const auto& config : configs) {
    const auto c = ind::make_independent_capture(config);
    const auto result = needlerig::analysis::analyze_capture(c.capture, {});
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
