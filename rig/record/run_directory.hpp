#pragma once
// The run directory: where a QA run is kept on disk.
//
//   <dir>/captures/<nn>-<step>.csv   the raw captures (CSV interchange form), written first
//   <dir>/record.json                the run record, canonical JSON (reports/run_record_json.hpp)
//   <dir>/junit.xml                  for CI (reports/junit_xml.hpp)
//   <dir>/report.html                for people (reports/html_report.hpp)
//
// The captures go to disk before anything else can fail, so that no measured data is lost; the
// record names each by its SHA-256. Every file is written to a temporary name, synced and renamed
// (atomic_file.hpp): a file that exists is complete. Files already in the directory are never
// overwritten: a record of an earlier run is evidence, not scratch space.

#include <filesystem>
#include <span>
#include <vector>

#include "analysis/capture.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::record {

struct RunDirectoryFiles {
  std::vector<std::filesystem::path> captures;  // in record.captures order
  std::filesystem::path record_json;
  std::filesystem::path junit_xml;
  std::filesystem::path report_html;
};

/// Writes the run directory `dir` (created where missing) from `record` and the samples of its
/// captures (`captures[i]` belongs to `record.captures[i]`). Fills each capture's `capture_file`
/// with its path relative to `dir` and its SHA-256 before the record is rendered. Throws
/// std::invalid_argument when the capture counts differ or a file would be overwritten (before
/// writing anything), std::runtime_error naming the file when writing fails (files already written
/// stay).
RunDirectoryFiles write_run_directory(RunRecord& record,
                                      std::span<const analysis::Capture> captures,
                                      const std::filesystem::path& dir);

/// The reference of an input file (plan, station config, fault plan): its path as given and the
/// SHA-256 of its bytes. Throws std::runtime_error naming the path when it cannot be read.
FileRef file_ref(const std::filesystem::path& path);

/// The file name of the i-th (0-based) capture of step `step_name`: "01-<step>.csv", with every
/// character of the name that is not a letter, digit, '-', '_' or '.' replaced by '_'.
std::string capture_file_name(std::size_t index, std::string_view step_name);

}  // namespace needlerig::rig::record
