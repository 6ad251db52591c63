#include "rig/cli/run_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reports/verdict_table.hpp"
#include "rig/cli/exit_codes.hpp"
#include "rig/cli/operator_prompts.hpp"
#include "rig/cli/operator_signals.hpp"
#include "rig/cli/run_capture_files.hpp"
#include "rig/cli/terminal_progress.hpp"
#include "rig/cli/terminal_text.hpp"
#include "rig/cli/verdict_banner.hpp"
#include "rig/cli/verdict_colour.hpp"
#include "rig/core/driver_error.hpp"
#include "rig/outputs/record_provenance.hpp"
#include "rig/outputs/run_outputs.hpp"
#include "rig/plan/plan_loader.hpp"
#include "rig/plan/rig_limits.hpp"
#include "rig/record/run_directory.hpp"
#include "rig/record/sha256.hpp"
#include "rig/sequencer/sequencer.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/station_config.hpp"
#include "rig/station/station_description.hpp"
#include "rig/station/station_lock.hpp"

namespace needlerig::rig::cli {
namespace {

// A seed is a whole number from 0: "-1" would otherwise wrap to 2^64-1, "1e3" or "0x10" be read
// differently than meant.
const CLI::Validator kUnsignedInteger(
    [](const std::string& text) {
      const bool digits = !text.empty() && text.size() <= 19 &&
                          text.find_first_not_of("0123456789") == std::string::npos;
      return digits ? std::string() : "must be a whole number from 0 to 9999999999999999999";
    },
    "UINT");

struct RunOptions {
  std::string station;
  std::string plan;
  std::string serial;
  std::string out = "runs";
  std::optional<std::uint64_t> seed;
  std::string fault;
  bool yes = false;
};

/// What a run reads before anything exists: every one of them can be refused.
struct RunInputs {
  plan::TestPlan plan;
  station::StationConfig station;
  station::DriverOptions driver_options;
  record::FileRef station_file;
  std::optional<record::FileRef> fault_plan_file;
};

std::string utc_time(std::chrono::system_clock::time_point when, const char* format) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

int refuse(const std::string& message) {
  std::cerr << "error: " << terminal_safe(message) << "\nnothing was moved.\n";
  return kExitRefused;
}

RunInputs load_inputs(const RunOptions& options) {
  RunInputs inputs;
  inputs.plan = plan::load_test_plan(options.plan);
  inputs.station = station::load_station_config(options.station);
  inputs.driver_options.seed = options.seed;
  if (!options.fault.empty()) inputs.driver_options.fault_plan_file = options.fault;
  inputs.station_file = record::file_ref(options.station);
  return inputs;
}

/// Half the machine's memory: a station file written for a bigger machine must not make a run
/// die of bad_alloc halfway.
std::uint64_t memory_budget_bytes(const station::StationConfig& station) {
  const double configured = station.limits.capture_memory_mb * 1e6;
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_bytes = ::sysconf(_SC_PAGE_SIZE);
  double budget = configured;
  if (pages > 0 && page_bytes > 0) {
    budget = std::min(budget, 0.5 * static_cast<double>(pages) * static_cast<double>(page_bytes));
  }
  return static_cast<std::uint64_t>(budget);
}

sequencer::SequencerOptions sequencer_options(const RunInputs& inputs, const RunOptions& options) {
  sequencer::SequencerOptions o;
  o.stream = inputs.station.stream;
  o.axis = inputs.station.axis;
  o.pen.serial = options.serial;
  o.max_force_n = inputs.station.safety.max_force_n;
  o.capture_memory_bytes = memory_budget_bytes(inputs.station);
  o.max_settle_s = inputs.station.limits.max_settle_s;
  return o;
}

/// Disk the run's files take: its captures as CSV (about a dozen bytes a value) and its record,
/// JUnit and report.
std::uint64_t expected_run_bytes(const plan::TestPlan& test_plan,
                                 const station::StationConfig& station) {
  const double values_per_s =
      station.stream.sample_rate_hz * static_cast<double>(station::recorded_columns(station));
  double bytes = 4e6;
  for (const auto& step : test_plan.steps) {
    if (const auto* capture = std::get_if<plan::CaptureStep>(&step.action)) {
      bytes += 12.0 * values_per_s * capture->duration_s;
    }
  }
  return static_cast<std::uint64_t>(std::min(bytes, 1.8e19));
}

void print_files(const record::RunDirectory& dir, const record::RunRecord& run_record,
                 const outputs::RunReportFiles& files) {
  fmt::print("run directory: {}\n", terminal_safe_line(dir.path().string()));
  fmt::print("  record:  {}\n  junit:   {}\n  report:  {}\n",
             terminal_safe_line(files.record_json.string()),
             terminal_safe_line(files.junit_xml.string()),
             terminal_safe_line(files.report_html.string()));
  for (const auto& capture : run_record.captures) {
    if (capture.capture_file) {
      fmt::print("  capture: {}\n",
                 terminal_safe_line((dir.path() / capture.capture_file->path).string()));
    }
  }
}

int run_plan(const RunOptions& options) {
  // Everything that can be refused is refused before anything moves (exit 3, nothing recorded):
  // the files, the drivers' set-up, the plan against the station and pen, the station's lock, the
  // run directory.
  RunInputs inputs;
  station::Drivers drivers;
  try {
    inputs = load_inputs(options);
    drivers = station::make_drivers(inputs.station, inputs.driver_options);
    if (!options.fault.empty()) inputs.fault_plan_file = record::file_ref(options.fault);
  } catch (const std::exception& e) {
    return refuse(e.what());
  }
  std::optional<station::StationLock> lock;
  try {
    lock = station::StationLock::acquire_for(inputs.station);
  } catch (const station::StationBusy& e) {
    return refuse(e.what());
  }

  sequencer::OperatorAction action;
  sequencer::SteadyClock clock;
  sequencer::Sequencer run_sequencer({*drivers.daq, *drivers.axis, *drivers.pen}, clock, action,
                                     sequencer_options(inputs, options));
  try {
    run_sequencer.prepare(inputs.plan);
  } catch (const plan::PlanError& e) {
    return refuse(e.what());
  } catch (const core::DriverError&) {
    // A role that cannot be brought up is the rig's fault, not the plan's: the run records it.
  }

  const auto started = std::chrono::system_clock::now();
  const std::string run_id = options.serial + "-" + utc_time(started, "%Y%m%dT%H%M%SZ");
  std::optional<record::RunDirectory> dir;
  try {
    dir.emplace(record::RunDirectory::create(std::filesystem::path(options.out) / run_id,
                                             expected_run_bytes(inputs.plan, inputs.station)));
  } catch (const record::RunDirectoryRefused& e) {
    return refuse(e.what());
  }

  const bool interactive = !options.yes && isatty(STDIN_FILENO) != 0;
  TerminalPrompt terminal_prompt(action);
  std::optional<ActuatedDial> actuated_dial;
  sequencer::OperatorPrompt* prompt = interactive ? &terminal_prompt : nullptr;
  if (drivers.dial) prompt = &actuated_dial.emplace(*drivers.dial);
  TerminalProgress progress(stdout, isatty(STDOUT_FILENO) != 0, colour_wanted(stdout));
  RunCaptureFiles capture_files(*dir);
  run_sequencer.set_progress(&progress);
  run_sequencer.set_prompt(prompt);
  run_sequencer.set_capture_sink(&capture_files);

  fmt::print("needlerig run: plan '{}' on station '{}', pen serial {}\n",
             terminal_safe_line(inputs.plan.name), terminal_safe_line(inputs.station.name),
             options.serial);
  fmt::print("Ctrl-C: terminate (clean up, then stop); Ctrl-C again: abort (stop now)\n\n");
  std::fflush(stdout);

  // The handlers stay until the record is written: once the pen is safe, a signal only escalates
  // the request (which the ended run no longer needs), and never kills the writing of the record.
  ScopedOperatorSignals signals(action);
  record::RunRecord run_record = run_sequencer.run(inputs.plan);
  const auto finished = std::chrono::system_clock::now();

  run_record.run_id = run_id;
  run_record.started_utc = utc_time(started, "%Y-%m-%dT%H:%M:%SZ");
  run_record.finished_utc = utc_time(finished, "%Y-%m-%dT%H:%M:%SZ");
  outputs::stamp_provenance(run_record);
  station::describe_station(run_record, inputs.station, drivers);
  run_record.station_file = inputs.station_file;
  run_record.plan_file = record::FileRef{options.plan, record::sha256_hex(inputs.plan.bytes)};
  run_record.fault_plan_file = inputs.fault_plan_file;
  run_record.seed = drivers.seed;

  fmt::print("\n{}\n", terminal_safe(reports::render_verdict_table(run_record)));
  fmt::print("{}\n", in_verdict_colour(render_verdict_banner(run_record.verdict),
                                       run_record.verdict, colour_wanted(stdout)));
  try {
    const auto files = outputs::write_run_reports(*dir, run_record, capture_files.captures());
    print_files(*dir, run_record, files);
  } catch (const std::exception& e) {
    std::cerr << "error: the run's record could not be written completely: "
              << terminal_safe(e.what()) << '\n';
    return kExitError;
  }
  std::fflush(stdout);
  return exit_code_for(run_record.verdict);
}

}  // namespace

void register_run_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Run a test plan on a station and record the verdict");
  sub->add_option("--station", options->station, "Station file (fixtures/stations/*.yaml)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--plan", options->plan, "Test plan (fixtures/plans/*.yaml)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--serial", options->serial, "Serial number of the pen under test")
      ->required()
      ->check([](const std::string& serial) {
        for (const char c : serial) {
          const bool ok =
              std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
          if (!ok) return std::string("letters, digits, '-', '_' and '.' only");
        }
        if (serial.empty()) return std::string("must not be empty");
        if (serial.find_first_not_of('.') == std::string::npos) return std::string("not only dots");
        return std::string();
      });
  sub->add_option("--out", options->out, "Directory the run directory goes into")
      ->capture_default_str();
  sub->add_option("--seed", options->seed, "Seed of a simulated station (overrides its file)")
      ->check(kUnsignedInteger);
  sub->add_option("--fault", options->fault, "Fault plan for a simulated station")
      ->check(CLI::ExistingFile);
  sub->add_flag("--yes", options->yes,
                "Non-interactive: operator prompts are logged and assumed done");
  sub->footer(
      "Writes OUT/<serial>-<UTC time>/ with record.json, junit.xml, report.html and the\n"
      "captures (CSV). The plan is checked against the station and pen, and the run directory\n"
      "created, before anything moves. Ctrl-C terminates (pen off, retract, stop); a second\n"
      "Ctrl-C or SIGTERM aborts (pen off, axis stopped at once).\n\n"
      "Exit codes: 0 PASS (marginal included), 1 FAIL (the pen), 2 ERROR (the rig or its data:\n"
      "a sensor fault, a disconnect, an abort; the record says which), 3 refused (usage, or a\n"
      "plan, station or output that cannot be used: nothing moved, nothing recorded).\n\n"
      "Example:\n"
      "  needlerig run --station fixtures/stations/sim.yaml \\\n"
      "      --plan fixtures/plans/production.yaml --serial SN-0001 --yes");
  sub->callback([options, &action] { action = [options] { return run_plan(*options); }; });
}

}  // namespace needlerig::rig::cli
