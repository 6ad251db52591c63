#include "rig/outputs/run_outputs.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "reports/html_report.hpp"
#include "reports/junit_xml.hpp"
#include "reports/run_record_json.hpp"
#include "rig/capture/csv_capture_writer.hpp"

namespace needlerig::rig::outputs {

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

record::FileRef write_capture_file(record::RunDirectory& dir, std::size_t index,
                                   std::string_view step_name, const analysis::Capture& capture) {
  return dir.write_file("captures/" + capture_file_name(index, step_name),
                        [&capture](std::ostream& output) {
                          capture::write_csv_capture(capture, output);
                        });
}

RunReportFiles write_run_reports(record::RunDirectory& dir, const record::RunRecord& record,
                                 std::span<const analysis::Capture> captures) {
  if (!captures.empty() && captures.size() != record.captures.size()) {
    throw std::invalid_argument(
        fmt::format("{}: the record has {} captures but {} sets of samples were given",
                    dir.path().string(), record.captures.size(), captures.size()));
  }
  // The record first: it is the evidence; the renderings can be made again from it.
  dir.write_file("record.json", reports::render_run_record_canonical(record));
  dir.write_file("junit.xml", reports::render_junit_xml(record));
  dir.write_file("report.html", reports::render_html_report(record, captures));
  return {dir.path() / "record.json", dir.path() / "junit.xml", dir.path() / "report.html"};
}

}  // namespace needlerig::rig::outputs
