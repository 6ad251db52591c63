// Golden end-to-end test: the production plan on the simulated station (fast mode, seed 1), as
// `needlerig run --station fixtures/stations/sim.yaml --plan fixtures/plans/production.yaml
// --seed 1` runs it, gives the run record approved in tests/golden/production_run_record.json.
//
// Normalised before the comparison: the run id, start and finish times, the software's version,
// commit and modified flag, the host name, the checkout's absolute paths (made relative to it) and
// the SHA-256 of the input files (an edited comment is not a change of behaviour; the plan's
// content shows in the record anyway). Run times
// are 0: the run's clock only moves when told. Numbers compare within 1e-9 relative or 1e-12
// absolute (values are in s, mm, N, Hz: far below any resolution), so that another compiler's
// last-bit rounding does not fail it; strings, integers, keys and array lengths compare exactly.
//
// When a change of the record is intended, re-approve (and review the diff in git):
//   scripts/approve-golden
// which runs this test with NEEDLERIG_APPROVE_GOLDEN=1: the test then writes the file instead of
// comparing with it.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "reports/run_record_json.hpp"
#include "rig/outputs/record_provenance.hpp"
#include "rig/record/run_directory.hpp"
#include "rig/station/station_description.hpp"
#include "tests/unit/sim_run_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace t = needlerig::testing;
using nlohmann::json;

const fs::path kSourceDir = fs::weakly_canonical(fs::path(NEEDLERIG_FIXTURES_DIR) / "..");
const fs::path kGoldenFile = kSourceDir / "tests/golden/production_run_record.json";

/// The record of the seeded run, with what `needlerig run` fills around the sequencer's record.
needlerig::rig::record::RunRecord production_run() {
  t::SimRunOptions options;
  options.seed = 1;
  auto record = t::run_on_sim_station(options);
  const auto station = needlerig::rig::station::load_station_config(t::fixture(options.station));
  record.run_id = "SIM-ACCEPT-1-20260101T000000Z";
  record.started_utc = "2026-01-01T00:00:00Z";
  record.finished_utc = "2026-01-01T00:00:05Z";
  needlerig::rig::outputs::stamp_provenance(record);
  needlerig::rig::station::Drivers drivers;
  drivers.simulation = "fast";  // as run_on_sim_station makes them
  needlerig::rig::station::describe_station(record, station, drivers);
  record.station_file = needlerig::rig::record::file_ref(t::fixture(options.station));
  record.plan_file = needlerig::rig::record::file_ref(t::fixture(options.plan));
  record.seed = options.seed;
  return record;
}

void normalise(json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& key = it.key();
      if (key == "software" && it.value().is_object()) {
        // Here and in each capture's analysis: what differs from build to build.
        for (const char* built : {"version", "commit", "modified"}) {
          if (it.value().contains(built)) it.value()[built] = "<" + std::string(built) + ">";
        }
      } else if (key == "host" && it.value().is_string()) {
        it.value() = "<host>";
      } else if (key == "sha256" && it.value().is_string()) {
        it.value() = "<sha256>";
      } else if (key == "path" && it.value().is_string()) {
        const std::string path = it.value();
        const std::string root = kSourceDir.string() + "/";
        if (path.rfind(root, 0) == 0) it.value() = path.substr(root.size());
      } else {
        normalise(it.value());
      }
    }
    for (const char* key : {"run_id", "started_utc", "finished_utc"}) j.erase(key);
  } else if (j.is_array()) {
    for (auto& element : j) normalise(element);
  }
}

json normalised_record(const needlerig::rig::record::RunRecord& record) {
  json j = json::parse(needlerig::reports::render_run_record_canonical(record));
  normalise(j);
  return j;
}

/// Every difference beyond the tolerance, one per line with its JSON path.
void compare(const json& expected, const json& actual, const std::string& where,
             std::string& differences) {
  const auto differ = [&](const std::string& what) { differences += where + ": " + what + "\n"; };
  if (expected.is_number_float() || actual.is_number_float()) {
    if (!expected.is_number() || !actual.is_number()) return differ("number vs. not a number");
    const double a = expected.get<double>();
    const double b = actual.get<double>();
    const double tolerance = std::max(1e-12, 1e-9 * std::max(std::abs(a), std::abs(b)));
    if (!(std::abs(a - b) <= tolerance)) {
      std::ostringstream text;
      text.precision(17);
      text << "approved " << a << ", now " << b;
      differ(text.str());
    }
    return;
  }
  if (expected.type() != actual.type()) {
    return differ("approved " + expected.dump() + ", now " + actual.dump());
  }
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        differ("member '" + key + "' is gone");
      } else {
        compare(value, actual.at(key), where + "." + key, differences);
      }
    }
    for (const auto& [key, value] : actual.items()) {
      if (!expected.contains(key)) differ("new member '" + key + "'");
    }
  } else if (expected.is_array()) {
    if (expected.size() != actual.size()) {
      return differ("approved " + std::to_string(expected.size()) + " elements, now " +
                    std::to_string(actual.size()));
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      compare(expected[i], actual[i], where + "." + std::to_string(i), differences);
    }
  } else if (expected != actual) {
    differ("approved " + expected.dump() + ", now " + actual.dump());
  }
}

}  // namespace

TEST_CASE("The seeded production run gives the approved run record", "[acceptance][golden]") {
  const json actual = normalised_record(production_run());
  // A second run with the same seed gives the same record, to the bit.
  CHECK(normalised_record(production_run()).dump() == actual.dump());
  CHECK(actual.at("verdict") == "PASS");

  const char* approve = std::getenv("NEEDLERIG_APPROVE_GOLDEN");
  if (approve != nullptr && std::string(approve) == "1") {
    fs::create_directories(kGoldenFile.parent_path());
    std::ofstream out(kGoldenFile, std::ios::binary | std::ios::trunc);
    out << actual.dump(2) << '\n';
    REQUIRE(out.good());
    WARN("approved: " << kGoldenFile.string());
    return;
  }

  std::ifstream in(kGoldenFile, std::ios::binary);
  INFO("approved record " << kGoldenFile.string() << " (re-approve: scripts/approve-golden)");
  REQUIRE(in.good());
  const json expected = json::parse(in);
  std::string differences;
  compare(expected, actual, "record", differences);
  INFO("differences:\n" << differences);
  CHECK(differences.empty());
}
