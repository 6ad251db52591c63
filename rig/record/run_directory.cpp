#include "rig/record/run_directory.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "reports/html_report.hpp"
#include "reports/junit_xml.hpp"
#include "reports/run_record_json.hpp"
#include "rig/capture/csv_capture_writer.hpp"
#include "rig/record/atomic_file.hpp"
#include "rig/record/sha256.hpp"

namespace needlerig::rig::record {
namespace fs = std::filesystem;

std::string capture_file_name(std::size_t index, std::string_view step_name) {
  std::string safe;
  for (char c : step_name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    safe += keep ? c : '_';
  }
  // A name of dots only would be a relative path component, not a file name.
  if (safe.find_first_not_of('.') == std::string::npos) safe = "capture" + safe;
  return fmt::format("{:02}-{}.csv", index + 1, safe);
}

FileRef file_ref(const fs::path& path) { return FileRef{path.string(), sha256_file(path)}; }

RunDirectoryFiles write_run_directory(RunRecord& record,
                                      std::span<const analysis::Capture> captures,
                                      const fs::path& dir) {
  if (captures.size() != record.captures.size()) {
    throw std::invalid_argument(
        fmt::format("{}: the record has {} captures but {} sets of samples were given",
                    dir.string(), record.captures.size(), captures.size()));
  }
  RunDirectoryFiles files;
  std::vector<fs::path> relative;
  for (std::size_t i = 0; i < captures.size(); ++i) {
    relative.push_back(fs::path("captures") / capture_file_name(i, record.captures[i].step_name));
    files.captures.push_back(dir / relative.back());
  }
  files.record_json = dir / "record.json";
  files.junit_xml = dir / "junit.xml";
  files.report_html = dir / "report.html";

  std::vector<fs::path> all = files.captures;
  all.insert(all.end(), {files.record_json, files.junit_xml, files.report_html});
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (all[i] == all[j]) {
        throw std::invalid_argument(all[i].string() + ": two files of the run have this name");
      }
    }
    std::error_code ec;
    const bool exists = fs::exists(all[i], ec);
    if (ec) throw std::runtime_error(all[i].string() + ": cannot be checked: " + ec.message());
    if (exists) {
      throw std::invalid_argument(all[i].string() +
                                  ": already exists; a run directory is never overwritten");
    }
  }

  std::error_code ec;
  fs::create_directories(dir / "captures", ec);
  if (ec) throw std::runtime_error((dir / "captures").string() + ": " + ec.message());

  // The samples first: whatever fails later, the measured data is on disk.
  for (std::size_t i = 0; i < captures.size(); ++i) {
    write_file_atomically(files.captures[i], [&](const fs::path& temporary) {
      capture::write_csv_capture(captures[i], temporary);
    });
    record.captures[i].capture_file =
        FileRef{relative[i].generic_string(), sha256_file(files.captures[i])};
  }
  write_file_atomically(files.record_json, reports::render_run_record_canonical(record));
  write_file_atomically(files.junit_xml, reports::render_junit_xml(record));
  write_file_atomically(files.report_html, reports::render_html_report(record, captures));
  return files;
}

}  // namespace needlerig::rig::record
