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
#include "rig/cli/terminal_progress.hpp"
#include "rig/cli/verdict_banner.hpp"
#include "rig/plan/plan_loader.hpp"
#include "rig/record/provenance.hpp"
#include "rig/record/run_directory.hpp"
#include "rig/record/sha256.hpp"
#include "rig/sequencer/sequencer.hpp"
#include "rig/sim/fault_plan.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/station_config.hpp"
#include "rig/station/station_description.hpp"

namespace needlerig::rig::cli {
namespace {

struct RunOptions {
  std::string station;
  std::string plan;
  std::string serial;
  std::string out = "runs";
  std::optional<std::uint64_t> seed;
  std::string fault;
  bool yes = false;
};

/// The captures of the run, kept for the run directory (written after the run, captures first).
class CaptureCollector final : public sequencer::CaptureSink {
 public:
  std::optional<record::FileRef> store(const analysis::Capture& capture,
                                       const record::CaptureResult&) override {
    captures.push_back(capture);
    return std::nullopt;  // write_run_directory names the file
  }
  std::vector<analysis::Capture> captures;
};

std::string utc_time(std::chrono::system_clock::time_point when, const char* format) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

int run_plan(const RunOptions& options) {
  // Everything that can be refused is refused before a driver exists: nothing has moved yet.
  plan::TestPlan test_plan;
  station::StationConfig station_config;
  station::DriverOptions driver_options;
  try {
    test_plan = plan::load_test_plan(options.plan);
    station_config = station::load_station_config(options.station);
    driver_options.seed = options.seed;
    if (!options.fault.empty()) driver_options.faults = sim::load_fault_plan(options.fault);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\nnothing was moved.\n";
    return kExitUsage;
  }

  record::RunRecord input_refs;
  try {
    input_refs.station_file = record::file_ref(options.station);
    if (!options.fault.empty()) input_refs.fault_plan_file = record::file_ref(options.fault);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitUsage;
  }

  station::Drivers drivers;
  try {
    drivers = station::make_drivers(station_config, driver_options);
  } catch (const std::exception& e) {
    std::cerr << "error: " << options.station << ": " << e.what() << '\n';
    return kExitUsage;
  }

  sequencer::SequencerOptions sequencer_options;
  sequencer_options.stream = station_config.stream;
  sequencer_options.axis = station_config.axis;
  sequencer_options.pen.serial = options.serial;

  const bool interactive = !options.yes && isatty(STDIN_FILENO) != 0;
  TerminalPrompt terminal_prompt;
  std::unique_ptr<SimulatedOperator> simulated_operator;
  sequencer::OperatorPrompt* prompt = interactive ? &terminal_prompt : nullptr;
  if (drivers.sim_world) {
    simulated_operator = std::make_unique<SimulatedOperator>(drivers.sim_world, nullptr);
    prompt = simulated_operator.get();
  }

  sequencer::OperatorAction action;
  sequencer::SteadyClock clock;
  TerminalProgress progress(stdout, isatty(STDOUT_FILENO) != 0);
  CaptureCollector collector;
  sequencer::Sequencer run_sequencer({*drivers.daq, *drivers.axis, *drivers.pen}, clock, action,
                                     sequencer_options);
  run_sequencer.set_progress(&progress);
  run_sequencer.set_prompt(prompt);
  run_sequencer.set_capture_sink(&collector);

  fmt::print("needlerig run: plan '{}' on station '{}', pen serial {}\n", test_plan.name,
             station_config.name, options.serial);
  fmt::print("Ctrl-C: terminate (clean up, then stop); Ctrl-C again: abort (stop now)\n\n");
  std::fflush(stdout);

  const auto started = std::chrono::system_clock::now();
  record::RunRecord run_record;
  {
    ScopedOperatorSignals signals(action);
    run_record = run_sequencer.run(test_plan);
  }
  const auto finished = std::chrono::system_clock::now();

  const std::string stamp = utc_time(started, "%Y%m%dT%H%M%SZ");
  run_record.run_id = options.serial + "-" + stamp;
  run_record.started_utc = utc_time(started, "%Y-%m-%dT%H:%M:%SZ");
  run_record.finished_utc = utc_time(finished, "%Y-%m-%dT%H:%M:%SZ");
  record::stamp_provenance(run_record);
  station::describe_station(run_record, station_config, driver_options);
  run_record.station_file = input_refs.station_file;
  run_record.plan_file = record::FileRef{options.plan, record::sha256_hex(test_plan.bytes)};
  run_record.fault_plan_file = input_refs.fault_plan_file;
  if (drivers.sim_world) run_record.seed = options.seed.value_or(station_config.sim.seed);

  fmt::print("\n{}\n", reports::render_verdict_table(run_record));
  fmt::print("{}\n", render_verdict_banner(run_record.verdict));

  const auto dir = std::filesystem::path(options.out) / run_record.run_id;
  try {
    const auto files = record::write_run_directory(run_record, collector.captures, dir);
    fmt::print("run directory: {}\n", dir.string());
    fmt::print("  record:  {}\n  junit:   {}\n  report:  {}\n", files.record_json.string(),
               files.junit_xml.string(), files.report_html.string());
    for (const auto& capture : files.captures) fmt::print("  capture: {}\n", capture.string());
  } catch (const std::exception& e) {
    std::cerr << "error: the run directory could not be written: " << e.what() << '\n';
    return kExitUsage;
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
        return serial.empty() ? std::string("must not be empty") : std::string();
      });
  sub->add_option("--out", options->out, "Directory the run directory goes into")
      ->capture_default_str();
  sub->add_option("--seed", options->seed, "Seed of a simulated station (overrides its file)");
  sub->add_option("--fault", options->fault, "Fault plan for a simulated station")
      ->check(CLI::ExistingFile);
  sub->add_flag("--yes", options->yes,
                "Non-interactive: operator prompts are logged and assumed done");
  sub->footer(
      "Writes OUT/<serial>-<UTC time>/ with record.json, junit.xml, report.html and the\n"
      "captures (CSV). Ctrl-C terminates (pen off, retract, stop); a second Ctrl-C or SIGTERM\n"
      "aborts (pen off, axis stopped at once). Exit codes: 0 PASS (marginal included), 1 FAIL,\n"
      "2 ERROR, or a usage, plan or station error (nothing moved).\n\n"
      "Example:\n"
      "  needlerig run --station fixtures/stations/sim.yaml \\\n"
      "      --plan fixtures/plans/production.yaml --serial SN-0001 --yes");
  sub->callback([options, &action] { action = [options] { return run_plan(*options); }; });
}

}  // namespace needlerig::rig::cli
