#include "reports/html_report.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "analysis/measurement_ids.hpp"
#include "tests/unit/demo_capture_record.hpp"
#include "tests/unit/hand_built_run_record.hpp"

using needlerig::analysis::Capture;
using needlerig::analysis::measurement_info;
using needlerig::reports::render_html_report;
using needlerig::testing::demo_capture;
using needlerig::testing::demo_run_record;
using needlerig::testing::hand_built_run_record;

namespace {

void check_self_contained(const std::string& html) {
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
}

}  // namespace

TEST_CASE("HTML report from the record alone: verdict, every judged id, escaped text",
          "[reports]") {
  const auto record = hand_built_run_record();
  const auto html = render_html_report(record, {});
  check_self_contained(html);
  CHECK(html.find(R"(<div class="banner v-ERROR"><div class="verdict">ERROR</div>)") !=
        std::string::npos);
  for (const auto& capture : record.captures) {
    for (const auto& m : capture.judged) {
      CHECK(html.find("<td>" + std::string(measurement_info(m.id).name) + "</td>") !=
            std::string::npos);
    }
  }
  CHECK(html.find("qa &lt;fast&gt; &amp; &quot;short&quot;") != std::string::npos);
  CHECK(html.find("<fast>") == std::string::npos);
  CHECK(html.find("class=\"row-MARGINAL\"") != std::string::npos);
  CHECK(html.find("1 measurement MARGINAL") != std::string::npos);
  CHECK(html.find("Samples not at hand") != std::string::npos);
  CHECK(html.find("SN-0001") != std::string::npos);
  CHECK(html.find("station-A (simulated fast; drivers: daq sim, axis sim, pen sim)") !=
        std::string::npos);
  CHECK(html.find("<th>Host</th><td>qa-line-3</td>") != std::string::npos);
  CHECK(html.find("qa &lt;fast&gt; &amp; &quot;short&quot;, version 2.1") != std::string::npos);
  CHECK(html.find("needlerig 0.1.0<br><span class=\"hash\">commit " + std::string(40, 'c') +
                  "</span>") != std::string::npos);
}

TEST_CASE("HTML report of the demo capture: trace plots and histograms", "[reports]") {
  const auto capture = demo_capture();
  const auto record = demo_run_record(capture);
  const auto html = render_html_report(record, std::span<const Capture>(&capture, 1));
  check_self_contained(html);
  CHECK(html.find("class=\"verdict\">PASS<") != std::string::npos);
  CHECK(html.find("Needle protrusion") != std::string::npos);
  CHECK(html.find("Force on the phantom") != std::string::npos);
  CHECK(html.find("Stroke periods") != std::string::npos);
  CHECK(html.find("Delivered depth") != std::string::npos);
  CHECK(html.find("protrusion_max_mean 0.800 mm .. 1.200 mm") != std::string::npos);
  CHECK(html.find("setting 1.000 mm") != std::string::npos);
  // stroke_frequency's limits (90..110 Hz) drawn on the period axis, at 1/f.
  CHECK(html.find("stroke_frequency 90.000 Hz .. 110.000 Hz, guard band 1.000 Hz (as periods)") !=
        std::string::npos);
  // Axes in the display units of the tables: forces in mN.
  CHECK(html.find("force (mN)") != std::string::npos);
  // Decimated: no polyline holds more than a few hundred points.
  for (auto at = html.find("points=\""); at != std::string::npos;
       at = html.find("points=\"", at + 1)) {
    const auto end = html.find('"', at + 8);
    const auto points = html.substr(at + 8, end - at - 8);
    CHECK(std::count(points.begin(), points.end(), ' ') < 700);
  }
}

TEST_CASE("HTML report: planned captures the run never reached are shown, not measured",
          "[reports]") {
  auto record = hand_built_run_record();
  using needlerig::analysis::MeasurementId;
  record.planned_captures = {{"depth_1mm", 12, {}},
                             {"late", 30, {MeasurementId::depth_error, MeasurementId::tie_rms}},
                             {"speed_check", 20, {}}};
  record.steps.push_back({"run", 25, needlerig::rig::record::StepStatus::failed, 3.0, 0.1,
                          "daq: disconnected", std::nullopt, std::nullopt});
  const auto html = render_html_report(record, {});
  check_self_contained(html);
  CHECK(html.find("3 PASS, 1 MARGINAL, 1 FAIL, 1 ERROR, 2 not measured") != std::string::npos);
  const auto late = html.find("<h2>Capture 3: late <span class=\"badge v-NOT-MEASURED\">");
  REQUIRE(late != std::string::npos);
  CHECK(html.find("not measured: the run ended at step 4 (run, plan line 25): daq: disconnected",
                  late) != std::string::npos);
  CHECK(html.find("<td>tie_rms</td><td>not measured</td>", late) != std::string::npos);
  CHECK(html.find("<h2>Capture 2: speed_check") < late);
}

TEST_CASE("HTML report: the banner names what failed, what errored and what was flagged",
          "[reports]") {
  const auto html = render_html_report(hand_built_run_record(), {});
  const auto banner = html.substr(0, html.find("<h1>"));
  CHECK(banner.find("<b>1 measurement FAIL</b>") != std::string::npos);
  CHECK(banner.find("depth_1mm: depth_error = 0.250 mm, limits -0.100 mm .. 0.100 mm") !=
        std::string::npos);
  CHECK(banner.find("<b>1 measurement ERROR</b>") != std::string::npos);
  CHECK(banner.find("in depth_1mm: contact_force: force_N: saturation &lt;at&gt; line 9") !=
        std::string::npos);
  CHECK(banner.find("depth_1mm: period_jitter_rms = 28.00 us") != std::string::npos);
}

TEST_CASE("HTML report: a printed or PDF report keeps every column, row and section", "[reports]") {
  const auto capture = demo_capture();
  const auto html = render_html_report(demo_run_record(capture), std::span(&capture, 1));
  const auto print = html.find("@media print");
  REQUIRE(print != std::string::npos);
  CHECK(html.find("@page", print) != std::string::npos);
  CHECK(html.find("break-inside: avoid", print) != std::string::npos);
  CHECK(html.find("print-color-adjust: exact", print) != std::string::npos);
  // Sections that fold on screen are open, so that they print (a closed one prints nothing).
  CHECK(html.find("<details>") == std::string::npos);
  CHECK(html.find("<details open>") != std::string::npos);
  // Every table's header is a <thead>, which a browser repeats on each printed page.
  std::size_t tables = 0;
  for (auto at = html.find("<table"); at != std::string::npos; at = html.find("<table", at + 1)) {
    const auto first_row = html.find("<tr", at);
    if (html.compare(at, 18, "<table class=\"info") == 0) continue;  // no header row
    CHECK(html.compare(first_row - 7, 7, "<thead>") == 0);
    ++tables;
  }
  CHECK(tables >= 2);  // the judged and all measurements
}

TEST_CASE("HTML report: protrusion plots show the face and the retraction limit, stalls shaded",
          "[reports]") {
  const auto capture = demo_capture();
  auto record = demo_run_record(capture);
  auto& result = record.captures.front();
  result.judged.push_back({needlerig::analysis::MeasurementId::retraction_worst, -1.0, "",
                           needlerig::analysis::Limits{std::nullopt, -0.2, 0.05}, std::nullopt,
                           needlerig::analysis::Verdict::pass, std::nullopt});
  result.analysis.events.push_back({needlerig::analysis::EventKind::stall, 0.1, 0.02, 5000});
  result.frequency_setting_hz = 100.0;
  const auto html = render_html_report(record, std::span(&capture, 1));
  check_self_contained(html);
  CHECK(html.find("Needle protrusion, whole capture") != std::string::npos);
  // In the legend of both protrusion plots.
  std::size_t faces = 0;
  for (auto at = html.find(">cartridge face (0 mm)<"); at != std::string::npos;
       at = html.find(">cartridge face (0 mm)<", at + 1)) {
    ++faces;
  }
  CHECK(faces == 2);
  CHECK(html.find(">retraction limit: retraction_worst &lt;= -0.200 mm, guard band 0.050 mm<") !=
        std::string::npos);
  // The stall as a shaded band with its label, as the events table gives it.
  CHECK(html.find("fill-opacity=\"0.18\"><title>stall at 0.100000 s for 20.000 ms</title>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num\">0.100000</td><td class=\"num\">20.000</td>") !=
        std::string::npos);
  // Settings read as the measurements they are compared with.
  CHECK(html.find("frequency setting 100.000 Hz") != std::string::npos);
}
