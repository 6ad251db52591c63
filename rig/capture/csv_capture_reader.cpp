#include "rig/capture/csv_capture_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "rig/capture/csv_chunk_pipeline.hpp"
#include "rig/capture/csv_preamble.hpp"
#include "rig/capture/csv_text.hpp"
#include "rig/capture/huge_pages.hpp"

namespace needlerig::rig::capture {

CaptureFormatError::CaptureFormatError(std::string source, std::size_t line,
                                       const std::string& message)
    : std::runtime_error(line == 0 ? fmt::format("{}: {}", source, message)
                                   : fmt::format("{}:{}: {}", source, line, message)),
      source_(std::move(source)),
      line_(line) {}

namespace {

using analysis::Capture;
using analysis::DataFinding;
using analysis::FindingKind;
using csv::ChunkLayout;
using csv::ChunkResult;
using csv::kChannelCount;

// The median step is taken over at most this many steps spread evenly over the capture: enough
// for a robust rate, and cheap on 10^7 samples.
constexpr std::size_t kRateSteps = 100'000;

/// The sample rate from the median step of time_s (over a strided subset of the steps, see
/// kRateSteps); 0 when there are no two finite, increasing samples to measure it from.
double median_step_rate_hz(const Eigen::VectorXd& time_s) {
  const auto n = static_cast<std::size_t>(time_s.size());
  if (n < 2) return 0.0;
  const std::size_t stride = std::max<std::size_t>(1, (n - 1) / kRateSteps);
  std::vector<double> steps;
  steps.reserve((n - 1) / stride + 1);
  for (std::size_t i = 0; i + 1 < n; i += stride) {
    const double step =
        time_s[static_cast<Eigen::Index>(i + 1)] - time_s[static_cast<Eigen::Index>(i)];
    if (std::isfinite(step)) steps.push_back(step);
  }
  if (steps.empty()) return 0.0;
  const auto middle = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2);
  std::nth_element(steps.begin(), middle, steps.end());
  return *middle > 0.0 ? 1.0 / *middle : 0.0;
}

/// The number of '\n' in [begin, end). The reading thread counts every chunk's lines before it is
/// parsed (to place its rows), so this runs over the whole file on the one thread that also reads
/// it; std::count widens each byte to a 64-bit counter and is several times slower.
std::size_t count_newlines(const char* begin, const char* end) {
  std::size_t count = 0;
#if defined(__SSE2__) && defined(__x86_64__)
  const __m128i newline = _mm_set1_epi8('\n');
  while (end - begin >= 16) {
    // Per-byte counters (0 - (-1) per match), summed before any of them can pass 255.
    __m128i counters = _mm_setzero_si128();
    for (int i = 0; i < 255 && end - begin >= 16; ++i, begin += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(bytes, newline));
    }
    const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
    count += static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  return count + static_cast<std::size_t>(std::count(begin, end, '\n'));
}

/// One read of a capture: the preamble line by line, then the samples in chunks through the
/// parse pipeline, parsed straight into the capture's columns and taken back in order.
class CsvCaptureLoader {
 public:
  CsvCaptureLoader(std::istream& input, const std::string& source, const CsvReadOptions& options,
                   std::optional<std::size_t> total_bytes)
      : input_(input), source_(source), options_(options), total_bytes_(total_bytes) {
    options_.block_bytes = std::max<std::size_t>(options_.block_bytes, 1);
    options_.max_line_bytes = std::max<std::size_t>(options_.max_line_bytes, 1);
    capture_.source = source;
  }

  Capture run() {
    read_preamble();
    read_samples();
    finish();
    return std::move(capture_);
  }

 private:
  // ---- reading -------------------------------------------------------------------------------

  /// Appends up to one block to `buffer`; false at the end of the input.
  bool read_block(csv::TextBuffer& buffer) {
    if (at_end_) return false;
    const std::size_t old_size = buffer.size();
    buffer.resize(old_size + options_.block_bytes);
    input_.read(buffer.data() + old_size, static_cast<std::streamsize>(options_.block_bytes));
    const auto got = static_cast<std::size_t>(input_.gcount());
    buffer.resize(old_size + got);
    bytes_read_ += got;
    if (input_.bad()) throw CaptureFormatError(source_, 0, "read error");
    if (got < options_.block_bytes) at_end_ = true;
    return got != 0;
  }

  // ---- preamble: metadata lines and the header -----------------------------------------------

  /// The next line of the preamble without its '\n', or nullopt at the end of the input.
  std::optional<std::string_view> next_preamble_line() {
    while (true) {
      const char* const start = pending_.data() + pending_pos_;
      const std::size_t available = pending_.size() - pending_pos_;
      const void* newline = std::memchr(start, '\n', available);
      const std::size_t length =
          newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) : available;
      if (length > options_.max_line_bytes) {
        throw CaptureFormatError(source_, line_ + 1,
                                 fmt::format("line longer than {} bytes", options_.max_line_bytes));
      }
      if (newline || (at_end_ && available != 0)) {
        ++line_;
        pending_pos_ += length + (newline ? 1 : 0);
        return std::string_view(start, length);
      }
      if (at_end_) return std::nullopt;
      // Keep the partial line and read on.
      pending_.erase_front(pending_pos_);
      pending_pos_ = 0;
      const std::size_t checked = pending_.size();
      read_block(pending_);
      refuse_binary(checked);
    }
  }

  /// Binary files are refused as soon as their first bytes are read, with the line of the NUL.
  void refuse_binary(std::size_t from) {
    const char* const begin = pending_.data() + from;
    const void* nul = std::memchr(begin, '\0', pending_.size() - from);
    if (!nul) return;
    const char* const scan_from = pending_.data() + pending_pos_;
    const auto lines_before = std::count(scan_from, static_cast<const char*>(nul), '\n');
    throw CaptureFormatError(source_, line_ + 1 + static_cast<std::size_t>(lines_before),
                             "binary data (NUL byte): not a CSV text file");
  }

  void read_preamble() {
    static constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
    csv::MetadataCollector metadata(source_);
    bool first = true;
    std::size_t last_metadata_line = 0;
    while (true) {
      auto line = next_preamble_line();
      if (!line) break;
      if (first && line->starts_with(kUtf8Bom)) line->remove_prefix(kUtf8Bom.size());
      first = false;
      const std::string_view content = csv::trim(*line);
      if (content.empty()) continue;  // blank lines before the header are harmless
      if (content.front() == '#') {
        metadata.add_line(content, line_);
        last_metadata_line = line_;
        continue;
      }
      layout_ = csv::parse_header_line(content, line_, source_);
      layout_.max_line_bytes = options_.max_line_bytes;
      header_line_ = line_;
      capture_.metadata = metadata.take();
      capture_.first_data_line = line_ + 1;
      return;
    }
    if (last_metadata_line != 0) {
      throw CaptureFormatError(source_, last_metadata_line,
                               "metadata lines but no header line of column names");
    }
    throw CaptureFormatError(source_, 0, bytes_read_ == 0 ? "empty file" : "no header line");
  }

  // ---- samples -------------------------------------------------------------------------------

  unsigned worker_count() const {
    unsigned count = options_.parse_threads;
    if (count == 0) count = std::max(1U, std::thread::hardware_concurrency());
    return std::min(count, 64U);
  }

  void read_samples() {
    csv::ChunkPipeline pipeline(layout_, worker_count());
    csv::TextBuffer carry;  // the start of a line that the next block completes
    carry.assign(pending_.data() + pending_pos_, pending_.size() - pending_pos_);
    pending_ = csv::TextBuffer();
    while (true) {
      if (pipeline.full()) append_chunk(pipeline.collect_oldest());
      csv::TextBuffer& text = pipeline.next_free().text;
      text.assign(carry.data(), carry.size());
      carry.clear();
      read_block(text);
      const char* newline = nullptr;
      while (true) {
        newline = static_cast<const char*>(memrchr(text.data(), '\n', text.size()));
        if (newline || at_end_ || text.size() > options_.max_line_bytes) break;
        read_block(text);
      }
      if (newline) {
        const auto cut = static_cast<std::size_t>(newline - text.data()) + 1;
        carry.assign(text.data() + cut, text.size() - cut);
        text.resize(cut);
      }
      if ((newline ? carry.size() : text.size()) > options_.max_line_bytes) {
        // The line being read is longer than allowed: refuse it now, without reading the rest.
        // Its number is known once the chunks before it are appended (which may fail first).
        if (newline) submit(pipeline);
        while (!pipeline.empty()) append_chunk(pipeline.collect_oldest());
        throw CaptureFormatError(source_, capture_.first_data_line + lines_,
                                 fmt::format("line longer than {} bytes", options_.max_line_bytes));
      }
      if (!newline && !text.empty()) text.push_back('\n');  // the last line has no line end
      if (!text.empty()) submit(pipeline);
      if (at_end_ && carry.empty()) break;
    }
    while (!pipeline.empty()) append_chunk(pipeline.collect_oldest());
  }

  /// Queues the filled next_free() slot, its samples to be parsed straight into the capture's
  /// columns. A chunk has at most one sample per line, and its rows start after every line of the
  /// chunks before it (lines that are not samples end the file, so a chunk after them that has
  /// samples is refused anyway): counting the lines fixes where the rows go before parsing.
  void submit(csv::ChunkPipeline& pipeline) {
    csv::ChunkSlot& slot = pipeline.next_free();
    const std::size_t lines = count_newlines(slot.text.data(), slot.text.data() + slot.text.size());
    if (capacity_ == 0) {
      rows_per_byte_ = static_cast<double>(lines) / static_cast<double>(slot.text.size());
    }
    if (rows_submitted_ + lines > capacity_) {
      // Growing may move the columns: let the chunks being parsed into them finish first.
      while (!pipeline.empty()) append_chunk(pipeline.collect_oldest());
      reserve_rows(rows_submitted_ + lines);
    }
    for (std::size_t c = 0; c < kChannelCount; ++c) {
      slot.result.out[c] = layout_.present[c] ? column(c).data() + rows_submitted_ : nullptr;
    }
    rows_submitted_ += lines;
    pipeline.submit();
  }

  void append_chunk(csv::ChunkSlot& slot) {
    ChunkResult& chunk = slot.result;
    const std::size_t chunk_first_line = capture_.first_data_line + lines_;
    if (chunk.error) {
      throw CaptureFormatError(source_, chunk_first_line + chunk.error->line_offset,
                               chunk.error->message);
    }
    if (tail_ && (chunk.rows != 0 || (chunk.tail && chunk.tail->fields != 0))) {
      throw CaptureFormatError(source_, tail_line_,
                               tail_->fields == 0
                                   ? std::string("blank line among the samples")
                                   : csv::field_count_message(tail_->fields, layout_.roles.size()));
    }
    // The samples are in the columns already (see submit()); only the counts and findings move.
    for (std::size_t k = 0; k < csv::kTallyKinds; ++k) {
      for (std::size_t c = 0; c < kChannelCount; ++c) {
        csv::FindingTally& from = chunk.tallies[k][c];
        csv::FindingTally& to = tallies_[k][c];
        if (from.count == 0) continue;
        if (to.count == 0) {
          to.first_row = rows_ + from.first_row;
          to.detail = std::move(from.detail);
        }
        to.count += from.count;
      }
    }
    if (chunk.tail && !tail_) {
      tail_ = chunk.tail;
      tail_line_ = chunk_first_line + chunk.tail->line_offset;
    }
    rows_ += chunk.rows;
    lines_ += chunk.lines;
  }

  Eigen::VectorXd& column(std::size_t channel) {
    switch (static_cast<analysis::Channel>(channel)) {
      case analysis::Channel::time:
        return capture_.time_s;
      case analysis::Channel::protrusion:
        return capture_.protrusion_mm;
      case analysis::Channel::force:
        return capture_.force_n;
      case analysis::Channel::motor_current:
        break;
    }
    return capture_.motor_current_a;
  }

  /// Grows the columns to hold `rows`; only while no chunk is being parsed into them. The first
  /// growth estimates the whole file's rows from the first chunk and the input's size (with a
  /// margin; pages never written cost nothing and the final shrink is in place), so a large file
  /// is parsed into its columns without ever moving them.
  void reserve_rows(std::size_t rows) {
    if (rows <= capacity_) return;
    std::size_t wanted = std::max(rows, capacity_ + capacity_ / 2);
    if (capacity_ == 0 && total_bytes_) {
      constexpr double kMargin = 1.25;  // lines grow longer as time_s gains digits
      wanted = std::max(wanted, static_cast<std::size_t>(static_cast<double>(*total_bytes_) *
                                                         rows_per_byte_ * kMargin) +
                                    1024);
    }
    for (std::size_t c = 0; c < kChannelCount; ++c) {
      if (!layout_.present[c]) continue;
      column(c).conservativeResize(static_cast<Eigen::Index>(wanted));
      advise_huge_pages(column(c).data(), wanted * sizeof(double));
    }
    capacity_ = wanted;
  }

  // ---- the end -------------------------------------------------------------------------------

  void finish() {
    if (rows_ == 0) {
      throw CaptureFormatError(
          source_, header_line_,
          tail_ && tail_->fields != 0
              ? "no complete sample line after the header (the only one is cut off)"
              : "header line but no samples");
    }
    for (std::size_t c = 0; c < kChannelCount; ++c) {
      if (layout_.present[c]) column(c).conservativeResize(static_cast<Eigen::Index>(rows_));
    }
    const auto& metadata = capture_.metadata;
    capture_.sample_rate_hz =
        metadata.sample_rate_hz ? *metadata.sample_rate_hz : median_step_rate_hz(capture_.time_s);

    for (std::size_t k = 0; k < csv::kTallyKinds; ++k) {
      for (std::size_t c = 0; c < kChannelCount; ++c) {
        csv::FindingTally& tally = tallies_[k][c];
        if (tally.count == 0) continue;
        DataFinding finding;
        finding.kind = static_cast<csv::TallyKind>(k) == csv::TallyKind::non_finite
                           ? FindingKind::non_finite
                           : FindingKind::unparsable_number;
        finding.channel = static_cast<analysis::Channel>(c);
        finding.count = tally.count;
        finding.first_index = tally.first_row;
        finding.first_time_s = time_of(tally.first_row);
        finding.first_line = capture_.first_data_line + tally.first_row;
        finding.detail = std::move(tally.detail);
        capture_.import_findings.push_back(std::move(finding));
      }
    }
    if (tail_ && tail_->fields != 0) {
      DataFinding finding;
      finding.kind = FindingKind::truncated_line;
      finding.channel = analysis::Channel::time;
      finding.count = 1;
      finding.first_index = rows_;
      finding.first_time_s = time_of(rows_);
      finding.first_line = tail_line_;
      finding.detail = fmt::format("last line has {} of {} fields (file cut off?); dropped",
                                   tail_->fields, layout_.roles.size());
      capture_.import_findings.push_back(std::move(finding));
    }
    std::stable_sort(
        capture_.import_findings.begin(), capture_.import_findings.end(),
        [](const DataFinding& a, const DataFinding& b) { return a.first_line < b.first_line; });
  }

  /// The capture time of sample `index`: its time_s where that is a number, else extrapolated
  /// from sample 0 at the sample rate.
  double time_of(std::size_t index) const {
    const auto& time_s = capture_.time_s;
    if (index < rows_ && std::isfinite(time_s[static_cast<Eigen::Index>(index)])) {
      return time_s[static_cast<Eigen::Index>(index)];
    }
    const double t0 = std::isfinite(time_s[0]) ? time_s[0] : 0.0;
    return capture_.sample_rate_hz > 0.0 ? t0 + static_cast<double>(index) / capture_.sample_rate_hz
                                         : t0;
  }

  std::istream& input_;
  const std::string& source_;
  CsvReadOptions options_;
  std::optional<std::size_t> total_bytes_;
  Capture capture_;

  bool at_end_ = false;
  std::size_t bytes_read_ = 0;
  csv::TextBuffer pending_;  // preamble text read but not yet split into lines
  std::size_t pending_pos_ = 0;
  std::size_t line_ = 0;  // preamble lines so far

  ChunkLayout layout_;
  std::size_t header_line_ = 0;
  std::size_t rows_ = 0;            // samples appended
  std::size_t lines_ = 0;           // data lines appended (samples and tail lines)
  std::size_t rows_submitted_ = 0;  // rows reserved in the columns for the chunks submitted
  std::size_t capacity_ = 0;        // rows the columns can hold
  double rows_per_byte_ = 0.0;      // of the first chunk, for sizing the columns
  csv::FindingTallies tallies_;
  std::optional<csv::ChunkTail> tail_;  // blank or cut-off lines that must end the file
  std::size_t tail_line_ = 0;
};

/// The bytes left in a seekable stream (for sizing the columns up front); nullopt otherwise.
std::optional<std::size_t> remaining_bytes(std::istream& input) {
  const auto start = input.tellg();
  if (start == std::streampos(-1)) {
    input.clear();
    return std::nullopt;
  }
  input.seekg(0, std::ios::end);
  const auto end = input.tellg();
  input.clear();
  input.seekg(start);
  if (end == std::streampos(-1) || !input) {
    input.clear();
    return std::nullopt;
  }
  return static_cast<std::size_t>(end - start);
}

}  // namespace

analysis::Capture read_csv_capture(std::istream& input, const std::string& source_name,
                                   const CsvReadOptions& options) {
  const auto total = remaining_bytes(input);
  return CsvCaptureLoader(input, source_name, options, total).run();
}

analysis::Capture read_csv_capture(const std::filesystem::path& path,
                                   const CsvReadOptions& options) {
  const std::string source = path.string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw CaptureFormatError(source, 0, "cannot read: is a directory");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const int code = errno;
    throw CaptureFormatError(
        source, 0,
        fmt::format("cannot open: {}", code != 0 ? std::strerror(code) : "unknown error"));
  }
  return read_csv_capture(file, source, options);
}

}  // namespace needlerig::rig::capture
