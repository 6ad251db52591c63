#include "rig/capture/csv_chunk_parser.hpp"

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "rig/capture/csv_text.hpp"

namespace needlerig::rig::capture::csv {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<double, 16> kPow10{1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

constexpr std::array<std::uint64_t, 9> kPow10Int{1,      10,      100,      1000,     10000,
                                                 100000, 1000000, 10000000, 100000000};

/// The run of decimal digits at p (at most 8 of them; 8 readable bytes at p): its length and
/// value, without a loop per digit (SWAR: all eight bytes at once), because the branches of a
/// digit loop mispredict on numbers of varying length.
struct DigitRun {
  unsigned length;
  std::uint64_t value;
};
inline DigitRun digit_run(const char* p) {
  std::uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);                         // little-endian: p[0] in the low byte
  const std::uint64_t values = word ^ 0x3030303030303030ULL;  // digits become 0..9
  // A byte is not a digit where its value is >= 10: adding 0x76 sets its high bit then (a carry
  // out of a byte only disturbs later bytes, after the first non-digit).
  const std::uint64_t non_digits =
      ((values + 0x7676767676767676ULL) | values) & 0x8080808080808080ULL;
  const unsigned length = non_digits ? static_cast<unsigned>(std::countr_zero(non_digits)) / 8 : 8;
  if (length == 0) return {0, 0};
  // Move the run to the top bytes: the bytes shifted in are zeros, i.e. leading zero digits.
  std::uint64_t digits = values << (8 * (8 - length));
  digits = (digits * 10) + (digits >> 8);
  digits = (((digits & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
            (((digits >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >>
           32;
  return {length, digits & 0xFFFFFFFFULL};
}

/// The common case of a capture file, "-12.3456" with at most 8 digits on either side of the
/// point and no exponent, parsed without fast_float's general machinery: the digits as an integer
/// (exact below 2^53) divided by an exact power of ten is correctly rounded, so the value is the
/// same as fast_float's (Clinger's fast path). Returns nullptr where the general parser must decide
/// (exponent, nan, inf, long digit runs, no digits). Needs 8 readable bytes past every digit run.
inline const char* parse_plain_decimal(const char* p, double& value) {
  const bool negative = *p == '-';
  p += negative ? 1 : 0;
  const DigitRun integer = digit_run(p);
  p += integer.length;
  DigitRun fraction{0, 0};
  if (*p == '.') {
    fraction = digit_run(++p);
    p += fraction.length;
  }
  if (integer.length == 8 || fraction.length == 8 || integer.length + fraction.length == 0 ||
      *p == 'e' || *p == 'E') {
    return nullptr;
  }
  const std::uint64_t mantissa = integer.value * kPow10Int[fraction.length] + fraction.value;
  const double magnitude = static_cast<double>(mantissa) / kPow10[fraction.length];
  value = negative ? -magnitude : magnitude;
  return p;
}

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
    const char* number_end = parse_plain_decimal(number, value);
    if (!number_end) {
      const auto parsed = fast_float::from_chars(number, end_, value);
      if (parsed.ec == std::errc()) number_end = parsed.ptr;
    }
    if (number_end) {
      const char* after = number_end;
      while (is_blank(*after)) ++after;
      if (*after == ',' || *after == '\n') {
        p_ = after;
        if (std::isfinite(value)) {
          values_[channel] = value;
        } else {
          values_[channel] = kNaN;
          add_issue(TallyKind::non_finite, channel, field_start, number_end);
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
      if (layout_.present[c]) result_.out[c][result_.rows] = values_[c];
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

void parse_chunk(const TextBuffer& text, const ChunkLayout& layout, ChunkResult& result) {
  result.rows = 0;
  result.lines = 0;
  result.tail.reset();
  result.error.reset();
  for (auto& per_kind : result.tallies) {
    for (auto& tally : per_kind) tally = FindingTally{};
  }
  if (text.empty()) return;
  LineParser(text.view(), layout, result).run();
}

}  // namespace needlerig::rig::capture::csv
