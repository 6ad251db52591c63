// needlerig-independent: writes a capture of the independent signal model (a named preset or a
// random configuration) in the contract's CSV interchange form, and its ground truth as JSON
// ({id: value or null}, stall_count included), for accuracy reports on the measurement engine.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "analysis/measurement_ids.hpp"
#include "tests/independent/independent_capture.hpp"
#include "tests/independent/presets.hpp"

namespace {

using needlerig::independent::IndependentCapture;

std::ofstream open_for_writing(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", path));
  return out;
}

/// Time to a ten-thousandth of a sample period, channels to ten significant digits: far below
/// the converter step, so a reader sees the model's codes.
void write_csv(const IndependentCapture& c, const std::string& path) {
  std::ofstream out = open_for_writing(path);
  for (const auto& [key, value] : c.capture.metadata.entries)
    out << "# " << key << ": " << value << '\n';
  const bool force = c.capture.has_force();
  out << (force ? "time_s,protrusion_mm,force_N\n" : "time_s,protrusion_mm\n");
  const int time_decimals = static_cast<int>(std::ceil(std::log10(c.capture.sample_rate_hz))) + 4;
  fmt::memory_buffer buffer;
  constexpr std::size_t kFlushBytes = 1U << 20U;
  for (Eigen::Index i = 0; i < c.capture.time_s.size(); ++i) {
    fmt::format_to(std::back_inserter(buffer), "{:.{}f},{:.10g}", c.capture.time_s(i),
                   time_decimals, c.capture.protrusion_mm(i));
    if (force) fmt::format_to(std::back_inserter(buffer), ",{:.10g}", c.capture.force_n(i));
    buffer.push_back('\n');
    if (buffer.size() > kFlushBytes) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (!out) throw std::runtime_error(fmt::format("writing '{}' failed", path));
}

void write_truth(const IndependentCapture& c, const std::string& path) {
  nlohmann::ordered_json truth = nlohmann::ordered_json::object();
  const auto add = [&truth](std::string_view name, double value) {
    truth[std::string(name)] = std::isfinite(value) ? nlohmann::ordered_json(value) : nullptr;
  };
  for (const auto& info : needlerig::analysis::kMeasurements) add(info.name, c.truth.at(info.id));
  add("stall_count", c.stall_count);
  std::ofstream out = open_for_writing(path);
  out << truth.dump(2) << '\n';
  if (!out) throw std::runtime_error(fmt::format("writing '{}' failed", path));
}

}  // namespace

int main(int argc, char** argv) {
  namespace model = needlerig::independent;
  CLI::App app{
      "Writes a capture of the independent signal model (CSV interchange form) and its "
      "ground truth (JSON).",
      "needlerig-independent"};
  std::string preset_name;
  std::optional<std::uint64_t> random_seed;
  std::optional<std::uint64_t> seed;
  std::string csv_path;
  std::string truth_path;
  bool list = false;
  auto* preset_option = app.add_option("--preset", preset_name, "A named preset (--list)");
  auto* random_option =
      app.add_option("--random", random_seed, "A random configuration drawn with this seed");
  preset_option->excludes(random_option);
  app.add_option("--seed", seed,
                 "Seed of the noise and scatter (default: 1, or the --random seed)");
  app.add_option("--out", csv_path, "CSV capture to write");
  app.add_option("--truth", truth_path, "Truth JSON to write");
  app.add_flag("--list", list, "List the presets and exit");
  app.footer(
      "Example:\n  needlerig-independent --preset skewed_cam --out skewed.csv --truth "
      "skewed.truth.json\nExit codes: 0 written, 2 a file could not be written, 3 a usage error "
      "(an unknown preset, an impossible configuration).");
  CLI11_PARSE(app, argc, argv);

  if (list) {
    for (const auto& name : model::preset_names()) std::cout << name << '\n';
    return 0;
  }
  if ((preset_name.empty() && !random_seed) || csv_path.empty() || truth_path.empty()) {
    std::cerr << "needlerig-independent: needs --preset or --random, --out and --truth\n";
    return 3;
  }
  try {
    model::IndependentCaptureConfig config =
        random_seed ? model::random_config(*random_seed) : model::preset(preset_name);
    if (seed) config.seed = *seed;
    const IndependentCapture capture = model::make_independent_capture(config);
    write_csv(capture, csv_path);
    write_truth(capture, truth_path);
    std::string findings;
    for (const auto& f : capture.expected_findings) findings += (findings.empty() ? "" : ", ") + f;
    std::cout << fmt::format(
        "{} (seed {}): {} samples at {} Hz, {} reference instants; expected "
        "findings: {}\n",
        config.name, config.seed, capture.capture.sample_count(), capture.capture.sample_rate_hz,
        capture.reference_instants_s.size(), findings.empty() ? "none" : findings);
  } catch (const std::invalid_argument& e) {  // an unknown preset or an impossible configuration
    std::cerr << "needlerig-independent: " << e.what() << '\n';
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "needlerig-independent: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
