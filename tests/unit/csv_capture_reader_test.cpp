// The CSV capture reader: round trips through the writer, every refused input with its message and
// line, findings for bad samples, and streaming behaviour (block boundaries, threads, long lines).
#include "rig/capture/csv_capture_reader.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <random>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "analysis/capture.hpp"
#include "rig/capture/csv_capture_writer.hpp"
#include "tests/support/synthetic_capture.hpp"

using needlerig::analysis::Capture;
using needlerig::analysis::Channel;
using needlerig::analysis::DataFinding;
using needlerig::analysis::FindingKind;
using needlerig::rig::capture::CaptureFormatError;
using needlerig::rig::capture::CsvReadOptions;
using needlerig::rig::capture::read_csv_capture;
using needlerig::rig::capture::write_csv_capture;

namespace {

Capture read_text(const std::string& text, const CsvReadOptions& options = {}) {
  std::istringstream input(text);
  return read_csv_capture(input, "mem.csv", options);
}

/// The message of the CaptureFormatError that reading `text` throws ("" when it does not throw).
std::string error_of(const std::string& text, const CsvReadOptions& options = {}) {
  try {
    read_text(text, options);
  } catch (const CaptureFormatError& error) {
    return error.what();
  }
  return "";
}

const DataFinding* find(const Capture& capture, FindingKind kind, Channel channel) {
  for (const auto& finding : capture.import_findings) {
    if (finding.kind == kind && finding.channel == channel) return &finding;
  }
  return nullptr;
}

bool same_or_both_nan(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool columns_equal(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  if (a.size() != b.size()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    if (!same_or_both_nan(a[i], b[i])) return false;
  }
  return true;
}

void require_same_capture(const Capture& a, const Capture& b) {
  REQUIRE(columns_equal(a.time_s, b.time_s));
  REQUIRE(columns_equal(a.protrusion_mm, b.protrusion_mm));
  REQUIRE(columns_equal(a.force_n, b.force_n));
  REQUIRE(columns_equal(a.motor_current_a, b.motor_current_a));
  REQUIRE(a.sample_rate_hz == b.sample_rate_hz);
  REQUIRE(a.first_data_line == b.first_data_line);
  REQUIRE(a.metadata.entries == b.metadata.entries);
  REQUIRE(a.import_findings.size() == b.import_findings.size());
  for (std::size_t i = 0; i < a.import_findings.size(); ++i) {
    const auto& fa = a.import_findings[i];
    const auto& fb = b.import_findings[i];
    CHECK(fa.kind == fb.kind);
    CHECK(fa.channel == fb.channel);
    CHECK(fa.count == fb.count);
    CHECK(fa.first_index == fb.first_index);
    CHECK(fa.first_line == fb.first_line);
    CHECK(fa.detail == fb.detail);
  }
}

const std::string kSmall =
    "# sample_rate_hz: 100000\n"
    "# depth_setting_mm: 1.0\n"
    "# needle_count: 12\n"
    "# pen_model: example-pen\n"
    "time_s,protrusion_mm,force_N\n"
    "0.00000,-1.02311,0.8123\n"
    "0.00001,-1.01907,0.8127\n"
    "0.00002,-1.01500,0.8131\n";

}  // namespace

TEST_CASE("reader reads the contract's example form", "[csv]") {
  const Capture capture = read_text(kSmall);
  CHECK(capture.source == "mem.csv");
  REQUIRE(capture.sample_count() == 3);
  CHECK(capture.first_data_line == 6);
  CHECK(capture.sample_rate_hz == 100000.0);
  CHECK(capture.metadata.sample_rate_hz == 100000.0);
  CHECK(capture.metadata.depth_setting_mm == 1.0);
  CHECK(capture.metadata.needle_count == 12);
  CHECK(capture.metadata.entries.at("pen_model") == "example-pen");
  CHECK(capture.metadata.entries.size() == 4);
  CHECK(capture.time_s[1] == 0.00001);
  CHECK(capture.protrusion_mm[2] == -1.015);
  CHECK(capture.force_n[0] == 0.8123);
  CHECK(capture.motor_current_a.size() == 0);
  CHECK(capture.import_findings.empty());
}

TEST_CASE("writer to reader round trip keeps values, metadata and channels", "[csv]") {
  needlerig::testing::SyntheticPenConfig config;
  config.duration_s = 0.05;
  auto capture = needlerig::testing::make_synthetic_capture(config).capture;
  capture.metadata.entries["pen_serial"] = "SN-0001";
  capture.metadata.entries["note"] = "value: with a colon";
  capture.motor_current_a = Eigen::VectorXd::LinSpaced(capture.time_s.size(), 0.1, 0.9);

  std::stringstream text;
  write_csv_capture(capture, text);
  const Capture back = read_csv_capture(text, "roundtrip");
  REQUIRE(back.sample_count() == capture.sample_count());
  CHECK(back.sample_rate_hz == capture.sample_rate_hz);
  CHECK(back.metadata.entries.at("pen_serial") == "SN-0001");
  CHECK(back.metadata.entries.at("note") == "value: with a colon");
  CHECK(back.metadata.needle_count == capture.metadata.needle_count);
  CHECK(back.metadata.depth_setting_mm == capture.metadata.depth_setting_mm);
  const double period_s = 1.0 / capture.sample_rate_hz;
  CHECK((back.time_s - capture.time_s).cwiseAbs().maxCoeff() <= 1e-4 * period_s);
  CHECK((back.protrusion_mm - capture.protrusion_mm).cwiseAbs().maxCoeff() <= 0.5e-6 + 1e-12);
  CHECK((back.force_n - capture.force_n).cwiseAbs().maxCoeff() <= 0.5e-6 + 1e-12);
  CHECK((back.motor_current_a - capture.motor_current_a).cwiseAbs().maxCoeff() <= 0.5e-6 + 1e-12);
  CHECK(back.import_findings.empty());
}

TEST_CASE("reader takes columns in any order, ignores unknown ones, tolerates spaces and CRLF",
          "[csv]") {
  const Capture capture = read_text(
      "# note :  spaced value  \r\n"
      " force_N , extra, protrusion_mm ,time_s\r\n"
      " 0.5 , abc, 1.25 ,0.0\r\n"
      "0.6,def,1.5,0.001\r\n");
  REQUIRE(capture.sample_count() == 2);
  CHECK(capture.metadata.entries.at("note") == "spaced value");
  CHECK(capture.time_s[1] == 0.001);
  CHECK(capture.protrusion_mm[0] == 1.25);
  CHECK(capture.force_n[1] == 0.6);
  CHECK(capture.sample_rate_hz == Approx(1000.0));
  CHECK(capture.first_data_line == 3);
  CHECK(capture.import_findings.empty());
}

TEST_CASE("reader takes the sample rate from the median time step without metadata", "[csv]") {
  std::string text = "time_s,protrusion_mm\n";
  for (int i = 0; i < 1000; ++i) {
    // One long step (a dropout) does not move the median.
    const double t = i * 1e-4 + (i >= 500 ? 0.05 : 0.0);
    text += std::to_string(t) + ",0\n";
  }
  CHECK(read_text(text).sample_rate_hz == Approx(10000.0).epsilon(1e-9));
}

TEST_CASE("reader accepts a UTF-8 BOM, a leading '+' and a missing final line end", "[csv]") {
  const Capture capture = read_text("\xEF\xBB\xBFtime_s,protrusion_mm\n0,+1.5\n1e-3,-2");
  REQUIRE(capture.sample_count() == 2);
  CHECK(capture.protrusion_mm[0] == 1.5);
  CHECK(capture.protrusion_mm[1] == -2.0);
  CHECK(capture.import_findings.empty());
}

TEST_CASE("bad samples become findings with line numbers and counts, kept as NaN", "[csv]") {
  const Capture capture = read_text(
      "# sample_rate_hz: 1000\n"
      "time_s,protrusion_mm,force_N\n"
      "0.000,1.0,0.1\n"     // line 3
      "0.001,abc,0.1\n"     // line 4
      "0.002,,0.1\n"        // line 5
      "0.003,nan,inf\n"     // line 6
      "0.004,1.0x,0.1\n"    // line 7
      "0.005,1.0, \n"       // line 8
      "0.006,1.0,-INF\n");  // line 9
  REQUIRE(capture.sample_count() == 7);
  CHECK(std::isnan(capture.protrusion_mm[1]));
  CHECK(std::isnan(capture.protrusion_mm[2]));
  CHECK(std::isnan(capture.protrusion_mm[3]));
  CHECK(std::isnan(capture.force_n[3]));
  CHECK(std::isnan(capture.force_n[6]));
  CHECK(capture.protrusion_mm[5] == 1.0);

  const auto* text = find(capture, FindingKind::unparsable_number, Channel::protrusion);
  REQUIRE(text);
  CHECK(text->count == 2);
  CHECK(text->first_line == 4u);
  CHECK(text->first_index == 1);
  CHECK(text->first_time_s == 0.001);
  CHECK(text->detail == "'abc' is not a number");

  const auto* empty = find(capture, FindingKind::non_finite, Channel::protrusion);
  REQUIRE(empty);
  CHECK(empty->count == 2);  // the empty field and the nan
  CHECK(empty->first_line == 5u);
  CHECK(empty->detail == "empty field");

  const auto* force = find(capture, FindingKind::non_finite, Channel::force);
  REQUIRE(force);
  CHECK(force->count == 3);  // inf, blank, -INF
  CHECK(force->first_line == 6u);
  CHECK(force->detail == "'inf' is not a finite number");
  CHECK(capture.import_findings.size() == 3);
  // Ordered by line.
  CHECK(capture.import_findings.front().first_line == 4u);
}

TEST_CASE("a long unparsable field is quoted short", "[csv]") {
  const Capture capture = read_text("time_s,protrusion_mm\n0," + std::string(500, 'x') + "\n1,2\n");
  const auto* finding = find(capture, FindingKind::unparsable_number, Channel::protrusion);
  REQUIRE(finding);
  CHECK(finding->detail.size() < 70);
  CHECK(finding->detail.find("...") != std::string::npos);
}

TEST_CASE("a cut-off last line is dropped and reported", "[csv]") {
  const std::string text = "time_s,protrusion_mm,force_N\n0,1,2\n0.1,1.1,2.1\n0.2,1.";
  const Capture capture = read_text(text);
  CHECK(capture.sample_count() == 2);
  const auto* finding = find(capture, FindingKind::truncated_line, Channel::time);
  REQUIRE(finding);
  CHECK(finding->first_line == 4u);
  CHECK(finding->count == 1);
  CHECK(finding->first_index == 2);
  CHECK(capture.import_findings.size() == 1);
  // Trailing blank lines after it change nothing; blank lines at the end are ignored.
  CHECK(read_text(text + "\n\n\r\n").import_findings.size() == 1);
  CHECK(read_text("time_s,protrusion_mm\n0,1\n\n\n").import_findings.empty());
}

TEST_CASE("inputs that cannot be read as a capture are refused with source and line", "[csv]") {
  using Catch::Matchers::Contains;
  using Catch::Matchers::Equals;
  CHECK_THAT(error_of(""), Equals("mem.csv: empty file"));
  CHECK_THAT(error_of("\n \n"), Equals("mem.csv: no header line"));
  CHECK_THAT(error_of("# sample_rate_hz: 1000\n# a: b\n"),
             Equals("mem.csv:2: metadata lines but no header line of column names"));
  CHECK_THAT(error_of("# a: b\ntime_s,protrusion_mm\n"),
             Equals("mem.csv:2: header line but no samples"));
  CHECK_THAT(
      error_of("time_s,protrusion_mm\n0.1"),
      Equals("mem.csv:1: no complete sample line after the header (the only one is cut off)"));
  CHECK_THAT(error_of("time_s,force_N\n0,1\n"),
             Equals("mem.csv:1: header has no protrusion_mm column (columns found: 'time_s', "
                    "'force_N')"));
  CHECK_THAT(error_of("x,y\n0,1\n"),
             Equals("mem.csv:1: header has no time_s or protrusion_mm column (columns found: "
                    "'x', 'y')"));
  CHECK_THAT(error_of("time_s,protrusion_mm,time_s\n0,1,2\n"),
             Equals("mem.csv:1: column name 'time_s' appears twice (columns 1 and 3)"));
  CHECK_THAT(error_of("time_s,protrusion_mm\n0,1\n0.1,1,5\n0.2,1\n"),
             Equals("mem.csv:3: line has 3 fields, the header has 2"));
  CHECK_THAT(error_of("time_s,protrusion_mm,force_N\n0,1,2\n0.1,1\n0.2,1,2\n"),
             Equals("mem.csv:3: line has 2 fields, the header has 3"));
  CHECK_THAT(error_of("time_s,protrusion_mm\n0,1\n\n0.2,1\n"),
             Equals("mem.csv:3: blank line among the samples"));
  CHECK_THAT(error_of("# sample_rate_hz: fast\ntime_s,protrusion_mm\n0,1\n"),
             Equals("mem.csv:1: sample_rate_hz 'fast' is not a positive number"));
  CHECK_THAT(error_of("# a: 1\n# depth_setting_mm: 1mm\ntime_s,protrusion_mm\n0,1\n"),
             Equals("mem.csv:2: depth_setting_mm '1mm' is not a number"));
  CHECK_THAT(error_of("# needle_count: 12.5\ntime_s,protrusion_mm\n0,1\n"),
             Equals("mem.csv:1: needle_count '12.5' is not a positive whole number"));
  CHECK_THAT(error_of("# a: 1\n# a: 2\ntime_s,protrusion_mm\n0,1\n"),
             Equals("mem.csv:2: metadata key 'a' repeats (first on line 1)"));
  CHECK_THAT(error_of(std::string("time_s,protrusion_mm\n0,1\n0.1,\0\x01\x02\n", 30)),
             Equals("mem.csv:3: binary data (NUL byte): not a CSV text file"));
  CHECK_THAT(error_of(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)),
             Contains("binary data (NUL byte)"));
}

TEST_CASE("files that cannot be opened are refused naming the path", "[csv]") {
  using Catch::Matchers::Contains;
  try {
    read_csv_capture(std::filesystem::path("/nonexistent/dir/capture.csv"));
    FAIL("no error");
  } catch (const CaptureFormatError& error) {
    CHECK_THAT(error.what(), Contains("/nonexistent/dir/capture.csv: cannot open"));
    CHECK(error.line() == 0);
  }
  CHECK_THROWS_AS(read_csv_capture(std::filesystem::temp_directory_path()), CaptureFormatError);
}

TEST_CASE("a line longer than the limit is refused with its number", "[csv]") {
  CsvReadOptions options;
  options.max_line_bytes = 32;
  options.block_bytes = 8;
  const std::string long_field(40, '1');
  CHECK(error_of("time_s,protrusion_mm\n0,1\n0.1," + long_field + "\n0.2,1\n", options) ==
        "mem.csv:3: line longer than 32 bytes");
  CHECK(error_of("# a: " + long_field + "\ntime_s,protrusion_mm\n0,1\n", options) ==
        "mem.csv:1: line longer than 32 bytes");
  // Within one large block the parse workers catch it.
  options.block_bytes = 4096;
  CHECK(error_of("time_s,protrusion_mm\n0,1\n0.1," + long_field + "\n0.2,1\n", options) ==
        "mem.csv:3: line longer than 32 bytes");
  CHECK(error_of("time_s,protrusion_mm\n0,1\n0.1," + long_field, options) ==
        "mem.csv:3: line longer than 32 bytes");
}

namespace {

/// A stream of a header, two samples and then one line that never ends, produced on demand: the
/// reader must give up after max_line_bytes without trying to hold the line.
class EndlessLineBuffer : public std::streambuf {
 public:
  std::size_t produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (produced_ == 0) {
      const std::string start = "time_s,protrusion_mm\n0,1\n0.1,1\n0.2,";
      std::copy(start.begin(), start.end(), block_);
      setg(block_, block_, block_ + start.size());
    } else {
      std::fill(std::begin(block_), std::end(block_), '7');
      setg(block_, block_, block_ + sizeof(block_));
    }
    produced_ += static_cast<std::size_t>(egptr() - eback());
    if (produced_ > (std::size_t{1} << 32)) return traits_type::eof();  // 4 GB: a failed test
    return traits_type::to_int_type(*gptr());
  }

 private:
  char block_[4096];
  std::size_t produced_ = 0;
};

}  // namespace

TEST_CASE("an endless line fails fast with its line number", "[csv]") {
  EndlessLineBuffer buffer;
  std::istream input(&buffer);
  CsvReadOptions options;
  options.max_line_bytes = 64 * 1024;
  options.block_bytes = 16 * 1024;
  try {
    read_csv_capture(input, "endless", options);
    FAIL("no error");
  } catch (const CaptureFormatError& error) {
    CHECK(std::string(error.what()) == "endless:4: line longer than 65536 bytes");
  }
  // It stopped within a block or two of the limit.
  CHECK(buffer.produced() < options.max_line_bytes + 4 * options.block_bytes);
}

TEST_CASE("block boundaries and parse threads do not change the result", "[csv]") {
  needlerig::testing::SyntheticPenConfig config;
  config.duration_s = 0.02;
  config.sample_rate_hz = 25000.0;
  const auto synthetic = needlerig::testing::make_synthetic_capture(config).capture;
  std::ostringstream out;
  write_csv_capture(synthetic, out);
  // Sample problems spread over the file, and a cut-off last line.
  std::string text = out.str();
  const auto put = [&](std::size_t line, const std::string& replacement) {
    std::size_t pos = 0;
    for (std::size_t i = 1; i < line; ++i) pos = text.find('\n', pos) + 1;
    const std::size_t end = text.find('\n', pos);
    text.replace(pos, end - pos, replacement);
  };
  put(20, "0.0007,oops,1");
  put(200, "0.0079,,nan");
  put(301, "0.012,1,2,");        // extra empty field: wrong count
  text.resize(text.rfind(','));  // the last line loses its force field

  CsvReadOptions reference_options;
  reference_options.parse_threads = 1;
  std::string reference_error = error_of(text, reference_options);
  CHECK(reference_error.find(":301: line has 4 fields, the header has 3") != std::string::npos);
  put(301, "0.012,1,2");
  const Capture reference = read_text(text, reference_options);
  REQUIRE(reference.import_findings.size() == 4);
  CHECK(reference.import_findings.back().kind == FindingKind::truncated_line);

  for (const std::size_t block : {1u, 2u, 7u, 64u, 1000u, 65536u}) {
    for (const unsigned threads : {1u, 2u, 3u}) {
      CAPTURE(block, threads);
      CsvReadOptions options;
      options.block_bytes = block;
      options.parse_threads = threads;
      require_same_capture(read_text(text, options), reference);
    }
  }
}

namespace {

std::filesystem::path bad_fixture(const char* name) {
  return std::filesystem::path(NEEDLERIG_FIXTURES_DIR) / "captures" / "bad" / name;
}

std::string fixture_error(const char* name) {
  try {
    read_csv_capture(bad_fixture(name));
  } catch (const CaptureFormatError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("bad capture fixtures are refused or reported as their README says", "[csv]") {
  using Catch::Matchers::EndsWith;
  CHECK_THAT(fixture_error("empty.csv"), EndsWith("bad/empty.csv: empty file"));
  CHECK_THAT(fixture_error("header_only.csv"),
             EndsWith("bad/header_only.csv:4: header line but no samples"));
  CHECK_THAT(fixture_error("missing_protrusion.csv"),
             EndsWith("missing_protrusion.csv:2: header has no protrusion_mm column (columns "
                      "found: 'time_s', 'force_N')"));
  CHECK_THAT(fixture_error("wrong_field_count.csv"),
             EndsWith("wrong_field_count.csv:24: line has 2 fields, the header has 3"));
  CHECK_THAT(fixture_error("binary.csv"),
             EndsWith("binary.csv:1: binary data (NUL byte): not a CSV text file"));

  const Capture text = read_csv_capture(bad_fixture("text_in_number.csv"));
  CHECK(text.sample_count() == 40);
  REQUIRE(text.import_findings.size() == 2);
  CHECK(text.import_findings[0].kind == FindingKind::unparsable_number);
  CHECK(text.import_findings[0].channel == Channel::protrusion);
  CHECK(text.import_findings[0].first_line == 14u);
  CHECK(text.import_findings[1].channel == Channel::force);
  CHECK(text.import_findings[1].first_line == 29u);
  CHECK(text.import_findings[1].detail == "'n/a' is not a number");

  const Capture nan = read_csv_capture(bad_fixture("nan_in_number.csv"));
  REQUIRE(nan.import_findings.size() == 2);
  CHECK(nan.import_findings[0].kind == FindingKind::non_finite);
  CHECK(nan.import_findings[0].channel == Channel::protrusion);
  CHECK(nan.import_findings[0].count == 2);
  CHECK(nan.import_findings[0].first_line == 9u);
  CHECK(nan.import_findings[1].channel == Channel::force);
  CHECK(nan.import_findings[1].first_line == 35u);

  const Capture cut = read_csv_capture(bad_fixture("truncated_last_line.csv"));
  CHECK(cut.sample_count() == 40);
  REQUIRE(cut.import_findings.size() == 1);
  CHECK(cut.import_findings[0].kind == FindingKind::truncated_line);
  CHECK(cut.import_findings[0].first_line == 45u);

  for (const char* name : {"time_not_increasing.csv", "too_short.csv", "flat_line.csv"}) {
    CAPTURE(name);
    const Capture capture = read_csv_capture(bad_fixture(name));
    CHECK(capture.import_findings.empty());
    CHECK(capture.sample_rate_hz == 10000.0);
    CHECK(capture.has_force());
  }
  CHECK(read_csv_capture(bad_fixture("too_short.csv")).sample_count() == 250);
}

TEST_CASE("numbers read back exactly as strtod reads them, whatever their digit count", "[csv]") {
  // The reader has its own fast path for plain decimals; it must agree with a correctly rounding
  // parser on every length around its 8-digit limits, signs, and forms like ".5" and "5.".
  std::mt19937_64 random(GENERATE(1, 2, 3));
  std::string text = "time_s,protrusion_mm\n";
  std::vector<std::string> fields;
  const auto digits = [&](std::size_t count) {
    std::string s;
    for (std::size_t i = 0; i < count; ++i) s.push_back(static_cast<char>('0' + random() % 10));
    return s;
  };
  for (std::size_t integer = 0; integer <= 17; ++integer) {
    for (std::size_t fraction = 0; fraction <= 17; ++fraction) {
      if (integer + fraction == 0) continue;
      std::string field = (random() % 2 ? "-" : "") + digits(integer);
      if (fraction != 0 || random() % 2) field += "." + digits(fraction);
      if (random() % 4 == 0) field += "e-" + std::to_string(random() % 12);
      fields.push_back(field);
      text += std::to_string(fields.size()) + "," + field + "\n";
    }
  }
  const Capture capture = read_text(text);
  REQUIRE(capture.sample_count() == fields.size());
  CHECK(capture.import_findings.empty());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    CAPTURE(fields[i]);
    CHECK(capture.protrusion_mm[static_cast<Eigen::Index>(i)] ==
          std::strtod(fields[i].c_str(), nullptr));
  }
}
