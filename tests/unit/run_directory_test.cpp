#include "rig/record/run_directory.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reports/run_record_json.hpp"
#include "rig/capture/csv_capture_reader.hpp"
#include "rig/record/sha256.hpp"
#include "tests/unit/demo_capture_record.hpp"

namespace fs = std::filesystem;
using needlerig::analysis::Capture;
using needlerig::rig::record::capture_file_name;
using needlerig::rig::record::file_ref;
using needlerig::rig::record::sha256_file;
using needlerig::rig::record::sha256_hex;
using needlerig::rig::record::write_run_directory;
using needlerig::testing::demo_capture;
using needlerig::testing::demo_run_record;

namespace {

/// A fresh directory under the system's temp directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("needlerig-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("sha256 of known vectors", "[record]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("file_ref hashes the file and names a missing one", "[record]") {
  TempDir dir("fileref");
  fs::create_directories(dir.path);
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
  const auto files = write_run_directory(record, std::span<const Capture>(&capture, 1), dir.path);

  REQUIRE(files.captures.size() == 1);
  CHECK(files.captures[0] == dir.path / "captures" / "01-depth_1.0mm_100Hz.csv");
  for (const auto& path :
       {files.captures[0], files.record_json, files.junit_xml, files.report_html}) {
    CHECK(fs::is_regular_file(path));
    CHECK(fs::file_size(path) > 0);
  }
  // No temporary file is left behind.
  for (const auto& entry : fs::recursive_directory_iterator(dir.path)) {
    CHECK(entry.path().extension() != ".tmp");
  }

  REQUIRE(record.captures[0].capture_file);
  CHECK(record.captures[0].capture_file->path == "captures/01-depth_1.0mm_100Hz.csv");
  CHECK(record.captures[0].capture_file->sha256 == sha256_file(files.captures[0]));

  const auto json_text = read_all(files.record_json);
  CHECK(json_text == needlerig::reports::render_run_record_canonical(record));
  const auto j = nlohmann::json::parse(json_text);
  CHECK(j.at("captures").at(0).at("file").at("sha256") == sha256_file(files.captures[0]));

  // The written capture reads back as the same samples.
  const auto back = needlerig::rig::capture::read_csv_capture(files.captures[0]);
  CHECK(back.sample_count() == capture.sample_count());
  CHECK(back.protrusion_mm.isApprox(capture.protrusion_mm, 1e-9));

  CHECK(read_all(files.junit_xml).find("<testsuites ") != std::string::npos);
  CHECK(read_all(files.report_html).find("<svg ") != std::string::npos);
}

TEST_CASE("run directory: never overwrites an earlier run", "[record]") {
  TempDir dir("rundir-twice");
  const auto capture = demo_capture();
  auto record = demo_run_record(capture);
  const auto files = write_run_directory(record, std::span<const Capture>(&capture, 1), dir.path);
  const auto before = read_all(files.record_json);

  auto again = demo_run_record(capture);
  again.run_id = "second";
  CHECK_THROWS_WITH(write_run_directory(again, std::span<const Capture>(&capture, 1), dir.path),
                    Catch::Contains("already exists"));
  CHECK(read_all(files.record_json) == before);
}

TEST_CASE("run directory: capture count must match the record", "[record]") {
  TempDir dir("rundir-count");
  const auto capture = demo_capture();
  auto record = demo_run_record(capture);
  CHECK_THROWS_AS(write_run_directory(record, {}, dir.path), std::invalid_argument);
  CHECK_FALSE(fs::exists(dir.path / "record.json"));
}

TEST_CASE("run directory: an unwritable place is an error naming it", "[record]") {
  const auto capture = demo_capture();
  auto record = demo_run_record(capture);
  CHECK_THROWS_WITH(
      write_run_directory(record, std::span<const Capture>(&capture, 1), "/proc/needlerig-run"),
      Catch::Contains("/proc/needlerig-run"));
}
