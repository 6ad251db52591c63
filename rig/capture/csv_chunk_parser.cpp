#include "rig/capture/csv_chunk_parser.hpp"

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "rig/capture/csv_text.hpp"

namespace needlerig::rig::capture::csv {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A problem with one field of the line being parsed; kept until the line proves to be a sample.
struct FieldIssue {
  TallyKind kind;
  std::size_t channel;
  std::string_view text;  // trimmed field text, empty for an empty field
};

std::string issue_detail(const FieldIssue& issue) {
  if (issue.text.empty()) return "empty field";
  if (issue.kind == TallyKind::non_finite) {
    return fmt::format("{} is not a finite number", quote_excerpt(issue.text));
  }
  return fmt::format("{} is not a number", quote_excerpt(issue.text));
}

class LineParser {
 public:
  LineParser(std::string_view text, const ChunkLayout& layout, ChunkResult& result)
      : p_(text.data()), end_(text.data() + text.size()), layout_(layout), result_(result) {}

  void run() {
    while (p_ < end_ && !result_.error) parse_line();
  }

 private:
  /// Parses one line and leaves p_ after its '\n'.
  void parse_line() {
    const char* const line_start = p_;
    issue_count_ = 0;
    const std::size_t columns = layout_.roles.size();
    std::size_t fields = 0;
    while (true) {
      const ColumnRole role = fields < columns ? layout_.roles[fields] : ColumnRole::ignored;
      if (!(role == ColumnRole::ignored ? skip_field() : parse_field(role))) return;
      ++fields;
      if (*p_ != ',') break;  // the '\n' ending the line
      ++p_;
    }
    const char* const line_end = p_++;
    if (static_cast<std::size_t>(line_end - line_start) > layout_.max_line_bytes) {
      fail(result_.lines, fmt::format("line longer than {} bytes", layout_.max_line_bytes));
      return;
    }
    const bool blank = fields == 1 && trim({line_start, line_end}).empty();
    if (!blank && result_.tail) {
      fail(result_.tail->line_offset, tail_message(*result_.tail, columns));
    } else if (blank) {
      if (!result_.tail) result_.tail = ChunkTail{result_.lines, 0};
    } else if (fields < columns) {
      result_.tail = ChunkTail{result_.lines, fields};
    } else if (fields > columns) {
      fail(result_.lines, field_count_message(fields, columns));
    } else {
      commit_row();
    }
    ++result_.lines;
  }

  /// Parses a numeric field into values_; false when the line cannot be parsed further.
  bool parse_field(ColumnRole role) {
    const auto channel = static_cast<std::size_t>(role);
    while (is_blank(*p_)) ++p_;
    const char* const field_start = p_;
    const char* number = p_;
    // fast_float refuses a leading '+', which some instruments write.
    if (*number == '+') ++number;
    double value = 0.0;
    const auto parsed = fast_float::from_chars(number, end_, value);
    if (parsed.ec == std::errc()) {
      const char* after = parsed.ptr;
      while (is_blank(*after)) ++after;
      if (*after == ',' || *after == '\n') {
        p_ = after;
        if (std::isfinite(value)) {
          values_[channel] = value;
        } else {
          values_[channel] = kNaN;
          add_issue(TallyKind::non_finite, channel, field_start, parsed.ptr);
        }
        return true;
      }
    }
    // Not a number: find the field's end, refusing binary data on the way.
    if (!skip_field()) return false;
    values_[channel] = kNaN;
    const std::string_view text = trim({field_start, static_cast<std::size_t>(p_ - field_start)});
    add_issue(text.empty() ? TallyKind::non_finite : TallyKind::unparsable_number, channel,
              text.data(), text.data() + text.size());
    return true;
  }

  /// Moves p_ to the ',' or '\n' ending the field; false (and an error) on a NUL byte.
  bool skip_field() {
    while (*p_ != ',' && *p_ != '\n') {
      if (*p_ == '\0') {
        fail(result_.lines, "binary data (NUL byte): not a CSV text file");
        return false;
      }
      ++p_;
    }
    return true;
  }

  void add_issue(TallyKind kind, std::size_t channel, const char* first, const char* last) {
    // At most one issue per channel and line: a line has one field per channel.
    issues_[issue_count_++] =
        FieldIssue{kind, channel, {first, static_cast<std::size_t>(last - first)}};
  }

  void commit_row() {
    for (std::size_t c = 0; c < kChannelCount; ++c) {
      if (layout_.present[c]) result_.columns[c].push_back(values_[c]);
    }
    for (std::size_t i = 0; i < issue_count_; ++i) {
      const FieldIssue& issue = issues_[i];
      FindingTally& tally = result_.tallies[static_cast<std::size_t>(issue.kind)][issue.channel];
      if (tally.count++ == 0) {
        tally.first_row = result_.rows;
        tally.detail = issue_detail(issue);
      }
    }
    ++result_.rows;
  }

  static std::string tail_message(const ChunkTail& tail, std::size_t columns) {
    return tail.fields == 0 ? std::string("blank line among the samples")
                            : field_count_message(tail.fields, columns);
  }

  void fail(std::size_t line_offset, std::string message) {
    result_.error = ChunkError{line_offset, std::move(message)};
  }

  const char* p_;
  const char* const end_;
  const ChunkLayout& layout_;
  ChunkResult& result_;
  std::array<double, kChannelCount> values_{};
  std::array<FieldIssue, kChannelCount> issues_{};
  std::size_t issue_count_ = 0;
};

}  // namespace

std::string field_count_message(std::size_t fields, std::size_t expected) {
  return fmt::format("line has {} field{}, the header has {}", fields, fields == 1 ? "" : "s",
                     expected);
}

void parse_chunk(std::string_view text, const ChunkLayout& layout, ChunkResult& result) {
  result.rows = 0;
  result.lines = 0;
  result.tail.reset();
  result.error.reset();
  for (auto& per_kind : result.tallies) {
    for (auto& tally : per_kind) tally = FindingTally{};
  }
  // Samples are at least 4 bytes ("1,2\n"); lines in practice are about 30. Reserving for short
  // lines keeps push_back from reallocating in the loop, and the capacity is kept for reuse.
  const std::size_t expected_rows = text.size() / 16 + 16;
  for (std::size_t c = 0; c < kChannelCount; ++c) {
    result.columns[c].clear();
    if (layout.present[c]) result.columns[c].reserve(expected_rows);
  }
  if (text.empty()) return;
  LineParser(text, layout, result).run();
}

}  // namespace needlerig::rig::capture::csv
