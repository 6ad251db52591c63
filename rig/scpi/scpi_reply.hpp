#pragma once
// The SCPI / IEEE 488.2 reply syntax as pure functions of the bytes, so that every instrument's
// quirks are tested on byte fixtures (good, truncated, garbage) without an instrument: decimal
// numbers (NR1, NR2, NR3), booleans, error-queue entries, *IDN? identities and binary blocks
// (definite `#<n><len><data>`, indefinite `#0<data>` up to the end of the message).

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace needlerig::rig::scpi {

/// A reply that is not what the query's syntax allows; the message quotes it (escaped, cut short).
class ScpiReplyError : public std::runtime_error {
 public:
  ScpiReplyError(const std::string& what, std::string_view reply);
};

/// `reply` with non-printing bytes escaped and cut to `max_chars`, for messages.
std::string quoted(std::string_view reply, std::size_t max_chars = 60);

/// The reply without the surrounding white space and line end (CR, LF) instruments send.
std::string_view trimmed(std::string_view reply);

/// A decimal numeric reply (NR1 "5", NR2 "-0.25", NR3 "+1.250000E+01"). SCPI's 9.9E37 (overrange)
/// reads as infinity and 9.91E37 (not a number) as NaN, so that neither passes as a measurement.
double parse_number(std::string_view reply);
/// "1", "0", "ON" or "OFF" (any case).
bool parse_bool(std::string_view reply);
/// A string response ("text", with "" for a quote inside it): the text.
std::string parse_string(std::string_view reply);

/// One entry of the error queue: `-113,"Undefined header"`; code 0 is "no error".
struct ErrorEntry {
  int code = 0;
  std::string message;
};
ErrorEntry parse_error_entry(std::string_view reply);

/// The four fields of an *IDN? reply: manufacturer, model, serial number, firmware.
struct Identity {
  std::string manufacturer;
  std::string model;
  std::string serial;
  std::string firmware;
};
Identity parse_identity(std::string_view reply);

/// Where a binary block's data starts and how long it is (nullopt: indefinite, to the message's
/// end).
struct BlockHeader {
  std::size_t header_bytes = 0;
  std::optional<std::size_t> data_bytes;
};
/// The header at the start of `bytes` once all of it has arrived (nullopt: more bytes needed).
/// Throws ScpiReplyError for bytes that cannot start a block, or a block over `max_data_bytes`.
std::optional<BlockHeader> parse_block_header(std::string_view bytes, std::size_t max_data_bytes);

}  // namespace needlerig::rig::scpi
