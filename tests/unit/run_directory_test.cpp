#include "rig/record/run_directory.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "reports/run_record_json.hpp"
#include "rig/capture/csv_capture_reader.hpp"
#include "rig/outputs/run_outputs.hpp"
#include "rig/record/sha256.hpp"
#include "tests/unit/demo_capture_record.hpp"

namespace fs = std::filesystem;
using needlerig::analysis::Capture;
using needlerig::rig::outputs::capture_file_name;
using needlerig::rig::outputs::write_capture_file;
using needlerig::rig::outputs::write_run_reports;
using needlerig::rig::record::file_ref;
using needlerig::rig::record::RunDirectory;
using needlerig::rig::record::RunDirectoryRefused;
using needlerig::rig::record::sha256_file;
using needlerig::rig::record::sha256_hex;
using needlerig::testing::demo_capture;
using needlerig::testing::demo_run_record;

namespace {

/// A fresh directory under the system's temp directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("needlerig-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path, ignored);
  }
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool running_as_root() { return ::geteuid() == 0; }

}  // namespace

TEST_CASE("sha256 of known vectors, whole and in pieces", "[record]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  needlerig::rig::record::Sha256 pieces;
  pieces.update("a");
  pieces.update("");
  pieces.update("bc");
  CHECK(pieces.finish_hex() == sha256_hex("abc"));
}

TEST_CASE("file_ref hashes the file and names a missing one", "[record]") {
  TempDir dir("fileref");
  const auto path = dir.path / "plan.yaml";
  std::ofstream(path, std::ios::binary) << "abc";
  const auto ref = file_ref(path);
  CHECK(ref.path == path.string());
  CHECK(ref.sha256 == sha256_hex("abc"));
  CHECK_THROWS_WITH(file_ref(dir.path / "missing.yaml"), Catch::Contains("missing.yaml"));
}

TEST_CASE("capture file names are numbered and safe", "[record]") {
  CHECK(capture_file_name(0, "depth_1mm") == "01-depth_1mm.csv");
  CHECK(capture_file_name(11, "a/b c..") == "12-a_b_c...csv");
  CHECK(capture_file_name(2, "..") == "03-capture...csv");
}

TEST_CASE("run directory: captures, record, JUnit and report; hashes match", "[record]") {
  TempDir dir("rundir");
  const auto capture = demo_capture();
  auto record = demo_run_record(capture);
  auto run_dir = RunDirectory::create(dir.path / "run-1", 0);
  record.captures[0].capture_file = write_capture_file(run_dir, 0, "depth 1.0mm/100Hz", capture);
  const auto files = write_run_reports(run_dir, record, std::span<const Capture>(&capture, 1));

  const auto capture_path = dir.path / "run-1" / "captures" / "01-depth_1.0mm_100Hz.csv";
  for (const auto& path : {capture_path, files.record_json, files.junit_xml, files.report_html}) {
    CHECK(fs::is_regular_file(path));
    CHECK(fs::file_size(path) > 0);
  }
  // No temporary or probe file is left behind.
  for (const auto& entry : fs::recursive_directory_iterator(dir.path)) {
    CHECK(entry.path().extension() != ".tmp");
    CHECK(entry.path().filename() != ".write-probe");
  }

  REQUIRE(record.captures[0].capture_file);
  CHECK(record.captures[0].capture_file->path == "captures/01-depth_1.0mm_100Hz.csv");
  CHECK(record.captures[0].capture_file->sha256 == sha256_file(capture_path));

  const auto json_text = read_all(files.record_json);
  CHECK(json_text == needlerig::reports::render_run_record_canonical(record));
  const auto j = nlohmann::json::parse(json_text);
  CHECK(j.at("captures").at(0).at("file").at("sha256") == sha256_file(capture_path));

  // The written capture reads back as the same samples.
  const auto back = needlerig::rig::capture::read_csv_capture(capture_path);
  CHECK(back.sample_count() == capture.sample_count());
  CHECK(back.protrusion_mm.isApprox(capture.protrusion_mm, 1e-9));

  CHECK(read_all(files.junit_xml).find("<testsuites ") != std::string::npos);
  CHECK(read_all(files.report_html).find("<svg ") != std::string::npos);
}

TEST_CASE("run directory: made exclusively, before the run, never reused", "[record]") {
  TempDir dir("rundir-exclusive");
  const auto path = dir.path / "SN-1-20260101T000000Z";

  SECTION("a second run into the same directory is refused, the first one's files untouched") {
    auto first = RunDirectory::create(path, 0);
    first.write_file("record.json", std::string_view("{}"));
    CHECK_THROWS_AS(RunDirectory::create(path, 0), RunDirectoryRefused);
    CHECK_THROWS_WITH(RunDirectory::create(path, 0), Catch::Contains("already exists"));
    CHECK(read_all(path / "record.json") == "{}");
    // A file of the run is never replaced either.
    CHECK_THROWS_WITH(first.write_file("record.json", std::string_view("[]")),
                      Catch::Contains("already exists"));
    CHECK(read_all(path / "record.json") == "{}");
  }
  SECTION("a link planted under the run directory's name is refused, not followed") {
    const auto elsewhere = dir.path / "elsewhere";
    fs::create_directories(elsewhere);
    fs::create_directory_symlink(elsewhere, path);
    CHECK_THROWS_AS(RunDirectory::create(path, 0), RunDirectoryRefused);
    CHECK(fs::is_empty(elsewhere));
  }
  SECTION("two runs racing for one directory: exactly one gets it") {
    std::vector<int> won(8, 0);
    std::vector<std::thread> runs;
    for (std::size_t i = 0; i < won.size(); ++i) {
      runs.emplace_back([&, i] {
        try {
          auto mine = RunDirectory::create(path, 0);
          mine.write_file("owner", std::to_string(i));
          won[i] = 1;
        } catch (const RunDirectoryRefused&) {
        }
      });
    }
    for (auto& run : runs) run.join();
    int winners = 0;
    for (std::size_t i = 0; i < won.size(); ++i) {
      winners += won[i];
      if (won[i]) CHECK(read_all(path / "owner") == std::to_string(i));
    }
    CHECK(winners == 1);
  }
  SECTION("the path being moved away after creation cannot redirect the run's files") {
    auto run_dir = RunDirectory::create(path, 0);
    const auto moved = dir.path / "moved";
    fs::rename(path, moved);
    fs::create_directories(path);  // an impostor at the old path
    run_dir.write_file("record.json", std::string_view("{}"));
    CHECK(fs::exists(moved / "record.json"));
    CHECK_FALSE(fs::exists(path / "record.json"));
  }
}

TEST_CASE("run directory: an unusable place is refused before the run, naming it", "[record]") {
  TempDir dir("rundir-unusable");
  SECTION("a file where a directory is needed") {
    std::ofstream(dir.path / "a-file") << "x";
    CHECK_THROWS_WITH(RunDirectory::create(dir.path / "a-file" / "run", 0),
                      Catch::Contains("a-file"));
  }
  SECTION("a place no one can write") {
    CHECK_THROWS_WITH(RunDirectory::create("/proc/needlerig-run", 0),
                      Catch::Contains("/proc/needlerig-run"));
  }
  SECTION("a read-only directory (for anyone but root)") {
    if (running_as_root()) return;  // root writes anywhere; /proc above covers the refusal
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_AS(RunDirectory::create(dir.path / "run", 0), RunDirectoryRefused);
  }
  SECTION("a file system without room for the run") {
    CHECK_THROWS_WITH(RunDirectory::create(dir.path / "run", UINT64_MAX / 2),
                      Catch::Contains("MB free"));
    CHECK_FALSE(fs::exists(dir.path / "run"));  // a refused run leaves nothing behind
  }
}

TEST_CASE("run directory: report files need one capture set per captured step", "[record]") {
  TempDir dir("rundir-count");
  const auto capture = demo_capture();
  auto record = demo_run_record(capture);
  auto run_dir = RunDirectory::create(dir.path / "run", 0);
  const std::vector<Capture> two{capture, capture};
  CHECK_THROWS_AS(write_run_reports(run_dir, record, two), std::invalid_argument);
  CHECK_FALSE(fs::exists(dir.path / "run" / "record.json"));
}
