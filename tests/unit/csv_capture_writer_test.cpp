// The CSV writer's text form: metadata, header, compact lossless-enough numbers.
#include "rig/capture/csv_capture_writer.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "analysis/capture.hpp"

using needlerig::analysis::Capture;
using needlerig::rig::capture::write_csv_capture;

namespace {

Capture small_capture(bool with_force) {
  Capture capture;
  capture.source = "test";
  capture.sample_rate_hz = 100000.0;
  capture.metadata.entries = {{"pen_model", "example-pen"}, {"depth_setting_mm", "1.0"}};
  capture.time_s = Eigen::VectorXd{{0.0, 1e-5, 2e-5}};
  capture.protrusion_mm = Eigen::VectorXd{{-1.02311, 0.0000123, 2.5}};
  if (with_force) capture.force_n = Eigen::VectorXd{{0.8123, -0.0001, 12.0}};
  return capture;
}

std::string to_text(const Capture& capture) {
  std::ostringstream out;
  write_csv_capture(capture, out);
  return out.str();
}

}  // namespace

TEST_CASE("writer emits metadata, header and compact sample lines", "[csv]") {
  const std::string text = to_text(small_capture(true));
  CHECK(text ==
        "# sample_rate_hz: 100000\n"
        "# depth_setting_mm: 1.0\n"
        "# pen_model: example-pen\n"
        "time_s,protrusion_mm,force_N\n"
        "0,-1.02311,0.8123\n"
        "0.00001,0.000012,-0.0001\n"
        "0.00002,2.5,12\n");
}

TEST_CASE("writer omits absent channels and writes the current channel", "[csv]") {
  Capture capture = small_capture(false);
  capture.motor_current_a = Eigen::VectorXd{{0.5, 0.25, -0.125}};
  const std::string text = to_text(capture);
  CHECK(text.find("time_s,protrusion_mm,motor_current_A\n") != std::string::npos);
  CHECK(text.find("0.00002,2.5,-0.125\n") != std::string::npos);
  CHECK(text.find("force_N") == std::string::npos);
}

TEST_CASE("writer keeps neighbouring samples apart at 1 MHz near 100 s", "[csv]") {
  Capture capture;
  capture.sample_rate_hz = 1e6;
  const double t0 = 99.999998;
  capture.time_s = Eigen::VectorXd{{t0, t0 + 1e-6, t0 + 2e-6, t0 + 3e-6}};
  capture.protrusion_mm = Eigen::VectorXd::Zero(4);
  const std::string text = to_text(capture);
  CHECK(text.find("99.999998,0\n99.999999,0\n100,0\n100.000001,0\n") != std::string::npos);
}

TEST_CASE("writer writes non-finite samples so the reader reports them", "[csv]") {
  Capture capture = small_capture(false);
  capture.protrusion_mm[1] = std::numeric_limits<double>::quiet_NaN();
  capture.protrusion_mm[2] = -std::numeric_limits<double>::infinity();
  const std::string text = to_text(capture);
  CHECK(text.find("0.00001,nan\n0.00002,-inf\n") != std::string::npos);
}

TEST_CASE("writer refuses metadata that would break the line structure", "[csv]") {
  Capture capture = small_capture(false);
  capture.metadata.entries["note"] = "two\nlines";
  CHECK_THROWS_AS(to_text(capture), std::invalid_argument);
  capture.metadata.entries.erase("note");
  capture.metadata.entries["a:b"] = "x";
  CHECK_THROWS_AS(to_text(capture), std::invalid_argument);
}

TEST_CASE("writer refuses columns of different lengths", "[csv]") {
  Capture capture = small_capture(true);
  capture.force_n.resize(2);
  CHECK_THROWS_AS(to_text(capture), std::invalid_argument);
}

TEST_CASE("writer leaves out an unknown sample rate instead of writing an unreadable 0", "[csv]") {
  Capture capture = small_capture(false);
  capture.sample_rate_hz = 0.0;
  const std::string text = to_text(capture);
  CHECK(text.find("sample_rate_hz") == std::string::npos);
  // Time is then written in shortest round-trip form.
  CHECK(text.find("\n1e-05,0.000012\n") != std::string::npos);
}
