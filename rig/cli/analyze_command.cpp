#include "rig/cli/analyze_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analyzer.hpp"
#include "analysis/data_finding.hpp"
#include "reports/analysis_record.hpp"
#include "reports/capture_analysis_record.hpp"
#include "reports/json_text.hpp"
#include "reports/measurement_table.hpp"
#include "reports/run_record_json.hpp"
#include "reports/verdict_table.hpp"
#include "rig/capture/csv_capture_reader.hpp"
#include "rig/cli/exit_codes.hpp"
#include "rig/cli/plan_capture_record.hpp"
#include "rig/cli/plan_step_match.hpp"
#include "rig/cli/terminal_text.hpp"
#include "rig/plan/plan_loader.hpp"
#include "rig/record/sha256.hpp"

namespace needlerig::rig::cli {
namespace {

struct AnalyzeOptions {
  std::string file;
  std::string format = "text";
  std::optional<int> needle_count;
  std::optional<double> depth_setting_mm;
  std::vector<std::string> tolerated;
  std::optional<std::pair<double, double>> protrusion_range_mm;
  std::optional<std::pair<double, double>> force_range_n;
  std::optional<std::string> plan_file;
  std::optional<std::string> step;
};

/// Every finding kind's name, from the analysis' own list, so that help and validation follow it.
std::vector<std::string> finding_kind_names() {
  std::vector<std::string> names;
  for (unsigned k = 0; k <= 255; ++k) {
    const auto name = analysis::finding_kind_name(static_cast<analysis::FindingKind>(k));
    if (name == "unknown") break;
    names.emplace_back(name);
  }
  return names;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

const CLI::Validator kFinite(
    [](const std::string& text) {
      // CLI11 has already parsed the number; refuse nan and inf, which no setting can be.
      try {
        return std::isfinite(std::stod(text)) ? std::string() : "must be a finite number";
      } catch (const std::exception&) {
        return std::string("must be a number");
      }
    },
    "");

std::optional<analysis::SensorRange> to_range(const std::optional<std::pair<double, double>>& r) {
  if (!r) return std::nullopt;
  return analysis::SensorRange{r->first, r->second};
}

void check_range(const std::optional<std::pair<double, double>>& range, const std::string& flag) {
  if (range && !(range->first < range->second)) {
    throw CLI::ValidationError(
        flag, fmt::format("LO must be less than HI (got {},{})", range->first, range->second));
  }
}

/// The capture's own settings, overridden by whatever the command line gives.
analysis::AnalysisSettings make_settings(const AnalyzeOptions& options,
                                         const analysis::CaptureMetadata& metadata) {
  analysis::AnalysisSettings settings;
  settings.depth_setting_mm =
      options.depth_setting_mm ? options.depth_setting_mm : metadata.depth_setting_mm;
  settings.needle_count = options.needle_count ? options.needle_count : metadata.needle_count;
  settings.protrusion_range_mm = to_range(options.protrusion_range_mm);
  settings.force_range_n = to_range(options.force_range_n);
  for (const auto& name : options.tolerated) {
    // Names were validated against the same list when parsing.
    if (auto kind = analysis::finding_kind_from_name(name))
      settings.tolerated_findings.insert(*kind);
  }
  return settings;
}

/// The reason no measurement could be made, or nullopt when at least one value was measured.
std::optional<std::string> nothing_measured(const analysis::AnalysisResult& result) {
  const bool any = std::any_of(result.measurements.begin(), result.measurements.end(),
                               [](const auto& m) { return m.value && std::isfinite(*m.value); });
  if (any) return std::nullopt;
  // stroke_count comes first and fails first: its reason is the root cause of the others.
  const auto& first = result.measurements.front();
  return first.error.empty() ? std::string("no strokes found") : first.error;
}

/// Writes `text` to stdout; false (with a message naming `file`) when it could not be written.
bool print(const std::string& text, const std::string& file) {
  std::cout << text;
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "error: " << file << ": could not write the output\n";
    return false;
  }
  return true;
}

/// `analyze --plan`: the capture judged against one capture step of the plan, as a run record.
int run_analyze_with_plan(const AnalyzeOptions& options) {
  // The plan says which findings it tolerates: the command line cannot weaken it.
  if (!options.tolerated.empty()) {
    std::cerr << "error: --tolerate cannot be used with --plan: the plan's 'tolerate' list says "
                 "which findings its measurements may stand with\n";
    return kExitRefused;
  }
  // The plan first: a plan that cannot be used is reported before any work on the capture.
  plan::TestPlan test_plan;
  const plan::PlanStep* step = nullptr;
  try {
    test_plan = plan::load_test_plan(*options.plan_file);
    step = &select_capture_step(test_plan, options.step);
  } catch (const plan::PlanError& e) {
    std::cerr << "error: " << terminal_safe(e.what()) << '\n';
    return kExitRefused;
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << terminal_safe(e.what()) << '\n';
    return kExitRefused;
  }
  analysis::Capture capture;
  record::FileRef capture_file;
  try {
    capture = capture::read_csv_capture(options.file);
    capture_file = record::FileRef{options.file, record::sha256_file(options.file)};
  } catch (const capture::CaptureFormatError& e) {
    std::cerr << "error: " << terminal_safe(e.what()) << '\n';
    return kExitRefused;
  }

  // A capture of another step would be judged against the wrong limits.
  if (const auto contradiction =
          step_contradiction(test_plan, *step, capture.metadata, options.depth_setting_mm)) {
    std::cerr << "error: " << terminal_safe(options.file) << ": " << terminal_safe(*contradiction)
              << "; refusing to judge it against that step's limits\n";
    return kExitRefused;
  }

  // The plan's thresholds and tolerances; the depth setting from the command line, else the
  // capture, else the plan's set_depth ahead of the step.
  auto settings = make_settings(options, capture.metadata);
  settings.thresholds = test_plan.thresholds;
  settings.tolerated_findings.insert(test_plan.tolerated.begin(), test_plan.tolerated.end());
  if (!settings.depth_setting_mm) {
    settings.depth_setting_mm = planned_pen_settings(test_plan, *step).depth_mm;
  }

  const auto record = make_plan_capture_record(test_plan, *step, capture, settings, capture_file);
  const bool written =
      options.format == "json"
          ? print(reports::render_run_record_canonical(record) + '\n', options.file)
          : print(terminal_safe(reports::render_measurement_table(
                                    reports::capture_analysis_record(record.captures.front())) +
                                '\n' + reports::render_verdict_table(record)),
                  options.file);
  if (!written) return kExitRefused;
  return exit_code_for(record.verdict);
}

int run_analyze(const AnalyzeOptions& options) {
  if (options.plan_file) return run_analyze_with_plan(options);
  analysis::Capture capture;
  try {
    capture = capture::read_csv_capture(options.file);
  } catch (const capture::CaptureFormatError& e) {
    std::cerr << "error: " << terminal_safe(e.what()) << '\n';
    return kExitRefused;
  }
  const auto settings = make_settings(options, capture.metadata);
  const auto result = analysis::analyze_capture(capture, settings);
  const auto record = reports::make_analysis_record(result, capture, settings);

  if (options.format == "json") {
    // Metadata is copied verbatim from the file: json_text replaces invalid UTF-8, never throws.
    std::cout << reports::json_text(record, 2) << '\n';
  } else {
    std::cout << terminal_safe(reports::render_measurement_table(record));
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "error: " << options.file << ": could not write the output\n";
    return kExitRefused;
  }

  // Still printed above, so that the findings explaining it are visible.
  if (auto reason = nothing_measured(result)) {
    std::cerr << "error: " << terminal_safe(options.file)
              << ": no measurement could be made: " << terminal_safe(*reason) << '\n';
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void register_analyze_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<AnalyzeOptions>();
  const auto kinds = finding_kind_names();

  auto* sub = app.add_subcommand("analyze", "Measure a pen from one capture file (CSV)");
  sub->add_option("FILE", options->file, "Capture file in the CSV interchange form")->required();
  sub->add_option("--format", options->format, "Output: a table for people, or the JSON record")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->add_option("--needles", options->needle_count,
                  "Needle count (overrides the capture's needle_count)")
      ->type_name("N")
      ->check(CLI::Range(1, 10000).description(""));
  sub->add_option("--depth-setting", options->depth_setting_mm,
                  "Depth setting (overrides the capture's depth_setting_mm)")
      ->type_name("MM")
      ->check(kFinite);
  sub->add_option("--tolerate", options->tolerated,
                  "Report a finding kind but let the measurements it touches\n"
                  "stand; repeat, or separate kinds by commas (kinds below)")
      ->type_name("KIND")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->check(CLI::IsMember(kinds).description(""));
  sub->add_option("--protrusion-range", options->protrusion_range_mm,
                  "Displacement sensor full scale in mm: samples at or\n"
                  "beyond it are saturated")
      ->type_name("LO,HI")
      ->delimiter(',')
      ->check(kFinite);
  sub->add_option("--force-range", options->force_range_n,
                  "Load cell full scale in N: samples at or beyond it are\n"
                  "saturated")
      ->type_name("LO,HI")
      ->delimiter(',')
      ->check(kFinite);
  auto* plan_option = sub->add_option("--plan", options->plan_file,
                                      "Judge the capture against a test plan's limits (YAML):\n"
                                      "prints the run record, exits by its verdict")
                          ->type_name("PLAN");
  sub->add_option("--step", options->step,
                  "The plan's capture step whose limits apply (needed when\n"
                  "the plan has more than one)")
      ->type_name("NAME")
      ->needs(plan_option);
  // CLI11 does not wrap footers: the line breaks keep the help within 100 columns.
  sub->footer(
      "The capture is a CSV file: '# key: value' metadata lines (sample_rate_hz, "
      "depth_setting_mm,\n"
      "needle_count, ...), a header with time_s, protrusion_mm and optionally force_N, one sample\n"
      "a line. Measured: stroke frequency and puncture rate, period jitter, delivered needle "
      "depth\n"
      "and its error against the depth setting, retraction, contact and peak force, insertion\n"
      "travel and penetration; and the data-quality findings that make a measurement unsound\n"
      "(null, with the reason).\n\n"
      "Finding kinds for --tolerate:\n  " +
      join(kinds, ", ") +
      "\n\nExamples:\n"
      "  needlerig analyze fixtures/captures/demo_pen_100hz.csv\n"
      "  needlerig analyze scope.csv --format json --needles 12 --depth-setting 1.0 \\\n"
      "      --tolerate dropout > record.json\n"
      "  needlerig analyze pen.csv --plan fixtures/plans/production.yaml --step "
      "depth_1.0mm_level3\n\n"
      "Exit codes: 0 the capture was analysed (whatever the values); 2 a capture from which\n"
      "nothing could be measured (the table or record is still printed, the reason goes to\n"
      "stderr); 3 refused: a usage error, a file that is not a capture, an unusable plan\n"
      "(FILE:LINE: message). With --plan: 0 PASS or MARGINAL, 1 FAIL, 2 ERROR, 3 refused.");

  sub->callback([options, &action] {
    check_range(options->protrusion_range_mm, "--protrusion-range");
    check_range(options->force_range_n, "--force-range");
    action = [options] { return run_analyze(*options); };
  });
}

}  // namespace needlerig::rig::cli
