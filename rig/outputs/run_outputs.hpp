#pragma once
// The files of a QA run in its run directory (rig/record/run_directory.hpp):
//
//   captures/<nn>-<step>.csv   the raw captures (CSV interchange form), each written as soon as
//                              it was taken, so that no measured data waits for the end of the run
//   record.json                the run record, canonical JSON (reports/run_record_json.hpp): the
//                              file that is hashed and kept as evidence; it names each capture by
//                              its SHA-256
//   junit.xml                  for CI (reports/junit_xml.hpp)
//   report.html                for people (reports/html_report.hpp)

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "analysis/capture.hpp"
#include "rig/record/run_directory.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::outputs {

/// The file name of the i-th (0-based) capture of step `step_name`: "01-<step>.csv", with every
/// character of the name that is not a letter, digit, '-', '_' or '.' replaced by '_'.
std::string capture_file_name(std::size_t index, std::string_view step_name);

/// Writes the i-th capture of the run as captures/<nn>-<step>.csv and returns its reference
/// (path relative to the run directory, SHA-256). Throws std::runtime_error naming the file.
record::FileRef write_capture_file(record::RunDirectory& dir, std::size_t index,
                                   std::string_view step_name, const analysis::Capture& capture);

struct RunReportFiles {
  std::filesystem::path record_json;
  std::filesystem::path junit_xml;
  std::filesystem::path report_html;
};

/// Writes record.json, then junit.xml and report.html (renderings of the record; the report's
/// plots take the captures' samples: `captures[i]` belongs to `record.captures[i]`, an empty span
/// leaves the plots out). Throws std::invalid_argument when the capture counts differ (before
/// writing anything), std::runtime_error naming the file when writing fails (files already
/// written stay).
RunReportFiles write_run_reports(record::RunDirectory& dir, const record::RunRecord& record,
                                 std::span<const analysis::Capture> captures);

}  // namespace needlerig::rig::outputs
