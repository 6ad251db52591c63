#include "rig/scpi/scpi_reply.hpp"

#include <fast_float/fast_float.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

namespace needlerig::rig::scpi {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

/// The fields of a comma-separated reply (no quoting: *IDN? fields hold no commas).
std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    fields.push_back(trimmed(text.substr(start, comma - start)));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

/// The text of SCPI string response data ("text", a quote inside doubled); nullopt for anything
/// else (no quotes around it, a lone quote inside).
std::optional<std::string> string_data(std::string_view data) {
  if (data.size() < 2 || data.front() != '"' || data.back() != '"') return std::nullopt;
  const std::string_view inside = data.substr(1, data.size() - 2);
  std::string text;
  for (std::size_t i = 0; i < inside.size(); ++i) {
    if (inside[i] == '"') {
      if (i + 1 >= inside.size() || inside[i + 1] != '"') return std::nullopt;
      ++i;
    }
    text += inside[i];
  }
  return text;
}
}  // namespace

ScpiReplyError::ScpiReplyError(const std::string& what, std::string_view reply)
    : std::runtime_error(what + ": " + quoted(reply)) {}

std::string quoted(std::string_view reply, std::size_t max_chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "'";
  for (std::size_t i = 0; i < reply.size() && i < max_chars; ++i) {
    const auto c = static_cast<unsigned char>(reply[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += reply.size() > max_chars ? "'..." : "'";
  return out;
}

std::string_view trimmed(std::string_view reply) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!reply.empty() && blank(reply.front())) reply.remove_prefix(1);
  while (!reply.empty() && blank(reply.back())) reply.remove_suffix(1);
  return reply;
}

double parse_number(std::string_view reply) {
  const std::string_view text = trimmed(reply);
  // Only SCPI's decimal forms: fast_float alone would also take "inf", "nan" and hex floats.
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  if (i >= text.size() || !(is_digit(text[i]) || text[i] == '.')) {
    throw ScpiReplyError("not a number", reply);
  }
  // fast_float does not take a leading '+'.
  const std::string_view digits = text.front() == '+' ? text.substr(1) : text;
  double value = 0.0;
  const auto result = fast_float::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) {
    throw ScpiReplyError("not a number", reply);
  }
  if (std::abs(value) >= 9.905e37) return std::numeric_limits<double>::quiet_NaN();
  if (std::abs(value) >= 9.895e37)
    return std::copysign(std::numeric_limits<double>::infinity(), value);
  return value;
}

bool parse_bool(std::string_view reply) {
  const std::string_view text = trimmed(reply);
  if (text == "1" || equals_ignoring_case(text, "ON")) return true;
  if (text == "0" || equals_ignoring_case(text, "OFF")) return false;
  throw ScpiReplyError("not a boolean (1, 0, ON, OFF)", reply);
}

ErrorEntry parse_error_entry(std::string_view reply) {
  const std::string_view text = trimmed(reply);
  const std::size_t comma = text.find(',');
  const std::string_view code_text = trimmed(text.substr(0, comma));
  ErrorEntry entry;
  const std::string_view unsigned_code =
      !code_text.empty() && code_text.front() == '+' ? code_text.substr(1) : code_text;
  const auto [end, ec] = std::from_chars(unsigned_code.data(),
                                         unsigned_code.data() + unsigned_code.size(), entry.code);
  if (ec != std::errc() || end != unsigned_code.data() + unsigned_code.size() ||
      unsigned_code.empty()) {
    throw ScpiReplyError("not an error-queue entry (code,\"message\")", reply);
  }
  if (comma == std::string_view::npos) return entry;
  const std::string_view message = trimmed(text.substr(comma + 1));
  // Instruments that leave the quotes out are read as they are.
  const std::optional<std::string> text_of = string_data(message);
  entry.message = text_of ? *text_of : std::string(message);
  return entry;
}

std::string parse_string(std::string_view reply) {
  const std::optional<std::string> text = string_data(trimmed(reply));
  if (!text) throw ScpiReplyError("not a string (\"text\")", reply);
  return *text;
}

Identity parse_identity(std::string_view reply) {
  const std::vector<std::string_view> fields = split_commas(trimmed(reply));
  if (fields.size() != 4 || fields[0].empty() || fields[1].empty()) {
    throw ScpiReplyError("not an *IDN? identity (manufacturer,model,serial,firmware)", reply);
  }
  return {std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
          std::string(fields[3])};
}

std::optional<BlockHeader> parse_block_header(std::string_view bytes, std::size_t max_data_bytes) {
  if (bytes.empty()) return std::nullopt;
  if (bytes[0] != '#') throw ScpiReplyError("not a binary block (no '#')", bytes);
  if (bytes.size() < 2) return std::nullopt;
  if (!is_digit(bytes[1])) throw ScpiReplyError("not a binary block header", bytes);
  const auto digits = static_cast<std::size_t>(bytes[1] - '0');
  if (digits == 0) return BlockHeader{2, std::nullopt};
  if (bytes.size() < 2 + digits) return std::nullopt;
  std::size_t length = 0;
  for (std::size_t i = 2; i < 2 + digits; ++i) {
    if (!is_digit(bytes[i])) throw ScpiReplyError("not a binary block length", bytes);
    length = length * 10 + static_cast<std::size_t>(bytes[i] - '0');
  }
  if (length > max_data_bytes) {
    throw ScpiReplyError("a binary block of " + std::to_string(length) + " bytes, more than the " +
                             std::to_string(max_data_bytes) + " allowed",
                         bytes.substr(0, 2 + digits));
  }
  return BlockHeader{2 + digits, length};
}

}  // namespace needlerig::rig::scpi
